import type { ContentConfig, PanelState } from './to-background';
import type { ToContentMessage } from './to-content';
import { CHANNEL } from './channel';

// Hand-written receipt checks for the content script, which carries no zod.
// Each one is tested against the zod schema it stands for
// (to-content-check.test.ts), so the two cannot drift apart.

/** An object with fields, as a zod object schema accepts one (not null, not an array); the panel's first-paint check uses it too. */
export const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStrArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

export function isToContentMessage(raw: unknown): raw is ToContentMessage {
  if (!isPlainObject(raw) || raw.channel !== CHANNEL) return false;
  switch (raw.type) {
    case 'toggle-panel':
    case 'open-panel':
    case 'close-panel':
    case 'recheck':
      return true;
    case 'resize-panel':
      return Number.isFinite(raw.width);
    case 'toast':
      return typeof raw.text === 'string';
    case 'badge':
      return typeof raw.text === 'string' && typeof raw.color === 'string' && typeof raw.title === 'string';
    default:
      return false;
  }
}

const WIDTH_MIN = 240;
const WIDTH_MAX = 960;

export function isPanelState(raw: unknown): raw is PanelState {
  return (
    isPlainObject(raw) &&
    typeof raw.open === 'boolean' &&
    typeof raw.width === 'number' &&
    Number.isInteger(raw.width) &&
    raw.width >= WIDTH_MIN &&
    raw.width <= WIDTH_MAX
  );
}

/**
 * The shape check for the content script's configuration. User sites are
 * checked element by element only as far as the content script reads them
 * (the background built them from validated settings), and the panel states'
 * keys not at all: the script looks up only the platform it detected.
 */
export function isContentConfig(raw: unknown): raw is ContentConfig {
  return (
    isPlainObject(raw) &&
    Array.isArray(raw.userSites) &&
    raw.userSites.every(isPlainObject) &&
    isStrArray(raw.disabledPlatforms) &&
    (raw.panelMode === 'injected' || raw.panelMode === 'native') &&
    isPlainObject(raw.panelStates) &&
    Object.values(raw.panelStates).every(isPanelState)
  );
}

export const PANEL_WIDTH_LIMITS = { min: WIDTH_MIN, max: WIDTH_MAX } as const;
