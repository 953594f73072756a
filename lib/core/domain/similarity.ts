import type { Commitment } from './commitment';
import type { RiskFlag } from './risk-flag';

// One risk, one thread: the same promise captured twice (or once as a
// commitment and once as a flag) should be found and joined, not stored
// again. Matching is on normalised words, so wording, case, punctuation and
// filler do not hide a repeat.

const STOP_WORDS = new Set(
  (
    'a an the and or but of to for in on at by with from into over as is are was were be been will would shall should can could ' +
    'we our us you your they their them it its this that these those he she his her i me my all any some also just very ' +
    'promise promised promising committed commit agreed agree said told customer client'
  ).split(' '),
);

/** The words that carry meaning: lower case, accents and punctuation gone, filler and plurals dropped. */
export function meaningfulWords(text: string): Set<string> {
  const words = text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 1 && !STOP_WORDS.has(w))
    .map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
  return new Set(words);
}

/**
 * How alike two texts are, 0 to 1: the mean of the Dice coefficient (shared
 * words against all words) and the overlap coefficient (shared words against
 * the shorter text), so a short capture inside a longer note still matches.
 */
export function textSimilarity(a: string, b: string): number {
  const x = meaningfulWords(a);
  const y = meaningfulWords(b);
  if (x.size === 0 || y.size === 0) return 0;
  let shared = 0;
  for (const w of x) if (y.has(w)) shared++;
  const dice = (2 * shared) / (x.size + y.size);
  const overlap = shared / Math.min(x.size, y.size);
  return (dice + overlap) / 2;
}

/** At or above this, two texts are offered as the same promise. */
export const SIMILAR_THRESHOLD = 0.6;

export type SimilarItem = { type: 'commitment'; item: Commitment; score: number } | { type: 'flag'; item: RiskFlag; score: number };

const flagText = (f: RiskFlag) => [f.note, f.quote].filter(Boolean).join(' ');

/**
 * Open commitments and unresolved flags of one account that read like `text`,
 * most alike first (commitments before flags on a tie).
 */
export function findSimilar(
  text: string,
  accountId: string,
  { commitments, flags }: { commitments: readonly Commitment[]; flags: readonly RiskFlag[] },
  threshold = SIMILAR_THRESHOLD,
): SimilarItem[] {
  const found: SimilarItem[] = [];
  for (const c of commitments) {
    if (c.accountId !== accountId || (c.status !== 'open' && c.status !== 'in-progress')) continue;
    const score = Math.max(textSimilarity(text, c.text), c.sourceQuote ? textSimilarity(text, c.sourceQuote) : 0);
    if (score >= threshold) found.push({ type: 'commitment', item: c, score });
  }
  for (const f of flags) {
    if (f.accountId !== accountId || f.resolved) continue;
    const score = textSimilarity(text, flagText(f));
    if (score >= threshold) found.push({ type: 'flag', item: f, score });
  }
  return found.sort((a, b) => b.score - a.score || (a.type === b.type ? 0 : a.type === 'commitment' ? -1 : 1));
}

/** The unresolved flags about the same thing as a commitment: shown with it, as one thread. */
export function relatedFlags(commitment: Commitment, flags: readonly RiskFlag[], threshold = SIMILAR_THRESHOLD): RiskFlag[] {
  return flags.filter((f) => !f.resolved && f.accountId === commitment.accountId && textSimilarity(commitment.text, flagText(f)) >= threshold);
}
