// Manifest match patterns for every built-in CRM platform: the union of the
// adapters' own patterns, so the manifest, the content script and the frame's
// web_accessible_resources can never disagree. Plain TS (no zod, no DOM) so
// wxt.config.ts can import it.
import { ADAPTERS } from './index';

export const CRM_MATCH_PATTERNS: string[] = [...new Set(ADAPTERS.flatMap((a) => a.matches))];
