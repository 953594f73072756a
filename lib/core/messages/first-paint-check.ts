import { HEALTH_BANDS, HEALTH_UNKNOWN_REASONS } from '../domain/health-bands';
import type { FirstPaintAnswer } from './first-paint';
import { isPlainObject } from './to-content-check';

// The framed panel's first script checks the first answer by hand, as the
// content script does its replies: building even the tree-shakable zod's
// core costs the first frame in the extension's renderer its compile and
// evaluation before the heading can paint. `FirstPaintAnswerSchema` stays
// the definition; a property test holds this check to it (valid by one
// means valid by the other). The panel parses the whole answer again with
// the full contract when it starts.

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Length in code points, as zod measures strings: a surrogate pair is one, a lone surrogate one too. */
function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if ((s.charCodeAt(i) & 0xfc00) === 0xd800 && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n--;
      i++;
    }
  }
  return n;
}

/** A calendar date written YYYY-MM-DD that exists (February 29th in leap years only). */
function isIsoDate(v: unknown): boolean {
  if (typeof v !== 'string') return false;
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= (mo === 2 && isLeap(y) ? 29 : DAYS[mo - 1]!);
}

function isHealth(v: unknown): boolean {
  if (!isPlainObject(v)) return false;
  if (v.status === 'unknown') return (HEALTH_UNKNOWN_REASONS as readonly unknown[]).includes(v.reason);
  if (v.status !== 'known') return false;
  const { score } = v;
  return (
    typeof score === 'number' &&
    Number.isInteger(score) &&
    score >= 0 &&
    score <= 100 &&
    (HEALTH_BANDS as readonly unknown[]).includes(v.band) &&
    isIsoDate(v.asOf)
  );
}

export function isFirstPaintAnswer(v: unknown): v is FirstPaintAnswer {
  if (!isPlainObject(v) || v.crmPage !== true || !isPlainObject(v.firstPaint)) return false;
  const { accountName, health } = v.firstPaint;
  return typeof accountName === 'string' && accountName.length >= 1 && codePoints(accountName) <= 200 && isHealth(health);
}

/**
 * Where the background keeps, in session storage, the first paint it last
 * answered a page's panel frame with (`entrypoints/background/first-paints.ts`),
 * for a frame made again on that page to paint before the worker answers.
 */
export const keptFirstPaintKey = (page: string) => `paint:${page}`;
