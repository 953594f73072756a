import type { CommitmentDraft, FlagDraft, ResolveResult } from '../model';
import type { RiskCategory } from '../domain/risk-flag';
import { defaultSeverity, RISK_CATEGORY_MENU_LABELS } from './severity';

/** What the browser tells us about a right-click on selected text. */
export interface SelectionCapture {
  selectionText: string;
  pageUrl?: string | undefined;
  pageTitle?: string | undefined;
}

const MAX_QUOTE = 5000;
const MAX_COMMITMENT_TEXT = 2000;
const MAX_TITLE = 200;

// Selections carry the page's line breaks and runs of spaces; one space reads
// the same and keeps the stored quote tidy.
export function cleanSelection(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

// Only http(s) pages are stored as a source link: a file:// or extension page
// address is neither shareable nor accepted by the schema.
function sourceUrl(url: string | undefined): string | undefined {
  if (!url || url.length > 2048 || !URL.canParse(url)) return undefined;
  const protocol = new URL(url).protocol;
  return protocol === 'https:' || protocol === 'http:' ? url : undefined;
}

function sourceTitle(title: string | undefined): string | undefined {
  const t = title?.replace(/\s+/g, ' ').trim();
  if (!t) return undefined;
  return truncate(t, MAX_TITLE);
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * At most `max` UTF-16 units (what the schemas' length limits count), ending
 * in "…" when cut. The cut falls between graphemes: slicing by units could
 * leave half a surrogate pair, which the backend refuses as unstorable text,
 * or split an emoji sequence or an accented letter into something else.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let kept = 0;
  for (const { segment } of graphemes.segment(text)) {
    if (kept + segment.length > max - 1) break;
    kept += segment.length;
  }
  return `${text.slice(0, kept)}…`;
}

/** The account a capture belongs to: the tab's linked account, else none (the panel asks later). */
export function captureAccountId(resolution: ResolveResult | null | undefined): string | null {
  return resolution?.status === 'linked' ? resolution.accountId : null;
}

export function flagDraftFromSelection(
  capture: SelectionCapture,
  category: RiskCategory,
  accountId: string | null,
  createdBy: string,
): FlagDraft | null {
  const quote = cleanSelection(capture.selectionText);
  if (!quote) return null;
  return {
    accountId,
    category,
    severity: defaultSeverity(category),
    quote: truncate(quote, MAX_QUOTE),
    url: sourceUrl(capture.pageUrl),
    pageTitle: sourceTitle(capture.pageTitle),
    createdBy,
    resolved: false,
  };
}

/**
 * A commitment as captured: open, roadmap unknown, kind "other" and no due
 * date. What the wording suggests is offered for confirmation when it is shown
 * (see suggest.ts), never stored on its own.
 */
export function commitmentDraftFromSelection(
  capture: SelectionCapture,
  accountId: string | null,
  createdBy: string,
  madeBy?: string,
): CommitmentDraft | null {
  const text = cleanSelection(capture.selectionText);
  if (!text) return null;
  return {
    accountId,
    text: truncate(text, MAX_COMMITMENT_TEXT),
    kind: 'other',
    status: 'open',
    roadmapStatus: 'unknown',
    sourceQuote: truncate(text, MAX_QUOTE),
    sourceUrl: sourceUrl(capture.pageUrl),
    sourceTitle: sourceTitle(capture.pageTitle),
    createdBy,
    ...(madeBy ? { madeBy } : {}),
  };
}

/** The confirmation shown in the page (or as a notification). */
export function captureConfirmation(what: { type: 'flag'; category: RiskCategory } | { type: 'commitment' }, accountName: string | null): string {
  const thing = what.type === 'flag' ? `Risk flag (${RISK_CATEGORY_MENU_LABELS[what.category]})` : 'Commitment';
  return accountName
    ? `${thing} saved to ${accountName}.`
    : `${thing} saved. Not linked to an account yet: choose one in the Seamline panel or popup.`;
}
