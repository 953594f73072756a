import type { AccountContext } from '../../lib/core/model';
import { commitmentStatus } from '../../lib/core/domain/commitment-status';
import { computeHealth, type HealthBand } from '../../lib/core/domain/health';
import { missedMilestones } from '../../lib/core/domain/reminders';
import type { Milestone } from '../../lib/core/domain/success-plan';
import type { Settings } from '../../lib/core/domain/settings';
import type { SettingsStore } from '../../lib/data/settings-store';
import type { DataService } from '../../lib/data/service';
import type { TabRecords } from './tab-records';

export type BadgeBand = HealthBand | 'unknown';

// Badge backgrounds dark enough for the browser's white badge text.
export const BADGE_COLORS: Record<BadgeBand, string> = {
  healthy: '#15803d',
  watch: '#b45309',
  'at-risk': '#b91c1c',
  unknown: '#64748b',
};

const BAND_WORDS: Record<BadgeBand, string> = { healthy: 'healthy', watch: 'watch', 'at-risk': 'at risk', unknown: 'unknown' };

export interface BadgeState {
  /** Open risk flags, overdue commitments and missed milestones, as the badge shows it. */
  text: string;
  color: string;
  title: string;
  band: BadgeBand;
  openFlags: number;
  overdue: number;
  missed: number;
}

type PlanMilestones = readonly Pick<Milestone, 'status' | 'dueDate'>[];

/** The account's success-plan milestones, or null when it has no plan (then none can be missed, nor mentioned). */
function planMilestonesOf(context: AccountContext): PlanMilestones | null {
  return context.milestones.length > 0 ? context.milestones : null;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** What the toolbar shows for a linked account: its open issues (flags, overdue commitments, missed milestones), coloured by health band. */
export function badgeFor(context: AccountContext, settings: Pick<Settings, 'healthWeights' | 'dueSoonDays'>, now: Date): BadgeState {
  const openFlags = context.flags.filter((f) => !f.resolved).length;
  const overdue = context.commitments.filter((c) => commitmentStatus(c, now, settings.dueSoonDays).overdue).length;
  const health = computeHealth(context.snapshots, settings.healthWeights, now);
  const band: BadgeBand = health.status === 'known' ? health.band : 'unknown';
  const milestones = planMilestonesOf(context);
  const missed = milestones ? missedMilestones([{ milestones }], now) : 0;
  const count = openFlags + overdue + missed;
  // An account without a plan has no milestones to miss, so its tooltip does not mention them.
  const missedText = milestones ? `, ${plural(missed, 'missed milestone', 'missed milestones')}` : '';
  const healthText = health.status === 'known' ? `health ${BAND_WORDS[band]} (${health.score})` : 'health unknown';
  return {
    // Four characters is what fits on the toolbar.
    text: count > 999 ? '999+' : String(count),
    color: BADGE_COLORS[band],
    title: `Seamline — ${context.account.name}: ${plural(openFlags, 'open risk flag', 'open risk flags')}, ${plural(overdue, 'overdue commitment', 'overdue commitments')}${missedText}; ${healthText}`,
    band,
    openFlags,
    overdue,
    missed,
  };
}

export interface BadgeApi {
  action: {
    setBadgeText(details: { tabId: number; text: string }): Promise<void>;
    setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
    setTitle(details: { tabId: number; title: string }): Promise<void>;
  };
}

export const DEFAULT_TITLE = 'Seamline';

/**
 * Keeps each tab's toolbar badge in step with its record. Reads come from the
 * local store only: with the team backend as source, a tab is counted once its
 * record was resolved (which happens when the person opens the panel or popup),
 * so merely visiting CRM pages never calls the network.
 */
export function registerBadge(
  bg: { service: Pick<DataService, 'getAccountContext'>; tabs: TabRecords; onTabChanged: Array<(tabId: number) => void> },
  api: BadgeApi,
  {
    settings: store,
    now = () => new Date(),
    onPaint,
  }: {
    settings: Pick<SettingsStore, 'load' | 'watch'>;
    now?: () => Date;
    /** Told what was painted for a tab, so the page's collapsed panel tab can show it too. */
    onPaint?: (tabId: number, state: BadgeState | null) => void;
  },
) {
  const settings = async (): Promise<Settings> => (await store.load()).settings;
  // A tab can change several times in quick succession (report, resolve, data
  // change); only the latest computation may write, so a slow early read never
  // overwrites a newer badge.
  const latest = new Map<number, number>();
  let seq = 0;

  async function paint(tabId: number, state: BadgeState | null) {
    await Promise.all([
      api.action.setBadgeText({ tabId, text: state?.text ?? '' }),
      state ? api.action.setBadgeBackgroundColor({ tabId, color: state.color }) : Promise.resolve(),
      api.action.setTitle({ tabId, title: state?.title ?? DEFAULT_TITLE }),
    ]);
  }

  async function compute(tabId: number): Promise<BadgeState | null> {
    const tab = await bg.tabs.get(tabId);
    const resolution = tab?.record ? tab.resolution : null;
    if (resolution?.status !== 'linked') return null;
    const context = await bg.service.getAccountContext(resolution.accountId);
    if (!context) return null;
    return badgeFor(context, await settings(), now());
  }

  async function update(tabId: number): Promise<BadgeState | null> {
    const mine = ++seq;
    latest.set(tabId, mine);
    let state: BadgeState | null;
    try {
      state = await compute(tabId);
    } catch {
      // An unreadable store leaves no badge rather than a wrong one.
      state = null;
    }
    if (latest.get(tabId) !== mine) return state;
    // The tab may have closed meanwhile; nothing to paint then.
    await paint(tabId, state).catch(() => undefined);
    onPaint?.(tabId, state);
    return state;
  }

  bg.onTabChanged.push((tabId) => void update(tabId));
  // Health weights and the due-soon window change colours and counts.
  store.watch(() => void bg.tabs.tabIds().then((ids) => ids.forEach((id) => void update(id))));
  return { update };
}
