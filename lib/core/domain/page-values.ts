import { isValid, parse } from 'date-fns';
import { safeParseOf } from '../parse';
import { z } from 'zod';
import { PAGE_FIELDS, type PageField } from '../sites/fields';

export type { PageField } from '../sites/fields';
import type { Account } from './account';
import type { RecordKind } from './crm-record';
import { toIsoDate } from './dates';
import type { IcpField, IcpProfile } from './icp';
import type { IcpSubject } from './icp-evaluate';
import { IsoDateSchema, PersonSchema, ShortTextSchema } from './primitives';

// The text a CRM page shows for a record's fields, turned into values
// Seamline can prefill or compare. Nothing is guessed: a value that could be
// read two ways, or not at all, is reported as unreadable with the reason,
// and the person sees the page's own text beside it.

/** What the content script sends: each field as the page's text. */
export const PageFieldTextSchema = z.object(
  Object.fromEntries(PAGE_FIELDS.map((f) => [f, z.string().max(200).optional()])) as Record<PageField, z.ZodOptional<z.ZodString>>,
);

export const MoneySchema = z.object({
  amount: z.number().nonnegative(),
  /** ISO 4217 code, when the page says which currency; a bare "$" does not. */
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/)
    .optional(),
});
export type Money = z.infer<typeof MoneySchema>;

export const PageValuesSchema = z.object({
  accountName: ShortTextSchema.optional(),
  arr: MoneySchema.optional(),
  employeeCount: z.number().int().nonnegative().optional(),
  industry: ShortTextSchema.optional(),
  region: ShortTextSchema.optional(),
  ownerAe: PersonSchema.optional(),
  type: ShortTextSchema.optional(),
  closeDate: IsoDateSchema.optional(),
  stage: ShortTextSchema.optional(),
});
export type PageValues = z.infer<typeof PageValuesSchema>;

export const UnreadableValueSchema = z.object({
  field: z.enum(PAGE_FIELDS),
  /** What the page shows, to put beside the reason. */
  text: z.string().max(200),
  reason: z.string(),
});
export type UnreadableValue = z.infer<typeof UnreadableValueSchema>;

class Unreadable extends Error {}
const refuse = (reason: string): never => {
  throw new Unreadable(reason);
};

const SYMBOLS: [RegExp, string | undefined][] = [
  [/US\$/, 'USD'],
  [/CA\$/, 'CAD'],
  [/AU?\$/, 'AUD'],
  [/€/, 'EUR'],
  [/£/, 'GBP'],
  // Dollars and yen of more than one country.
  [/\$/, undefined],
  [/[¥￥]/, undefined],
];
const MULTIPLIERS: [RegExp, number][] = [
  [/^(?:k|K|thousand|Tsd\.?)$/, 1e3],
  [/^(?:M|m|Mn|mn|Mio\.?|million|Millionen)$/, 1e6],
  [/^(?:B|bn|Bn|billion|Mrd\.?|Milliarden)$/, 1e9],
];

/** A number as CRMs format it in any common locale: 1,200 · 1.200,50 · 1 200 · 1'200 · 19.0 (with a multiplier, 2,5 is 2.5). */
function parseNumber(raw: string, hasMultiplier: boolean): { n: number; decimals: number } {
  let s = raw.replace(/[\s\u00a0\u202f\u2009]/g, ' ');
  if (!/^\d[\d.,' ]*$/.test(s)) refuse('not a number');
  const groups = (parts: string[]) => parts.slice(1).every((p) => p.length === 3) && parts[0]!.length <= 3 && parts[0]!.length > 0;
  // Spaces and apostrophes only ever group thousands.
  if (/[ ']/.test(s)) {
    const whole = s.split(/[.,]/)[0]!;
    if (!groups(whole.split(/[ ']/))) refuse('digits grouped unevenly');
    s = s.replace(/[ ']/g, '');
  }
  const dots = s.split('.').length - 1;
  const commas = s.split(',').length - 1;
  let decimal: '.' | ',' | null = null;
  if (dots && commas) decimal = s.lastIndexOf('.') > s.lastIndexOf(',') ? '.' : ',';
  else if (dots + commas === 1) {
    const sep = dots ? '.' : ',';
    const [whole, frac] = s.split(sep) as [string, string];
    // One separator before exactly three digits groups thousands (1,200 and
    // 1.200 are twelve hundred), unless a multiplier follows (2,500M) or the
    // whole part is zero; anything else is a decimal point.
    decimal = hasMultiplier || frac.length !== 3 || /^0+$/.test(whole) ? sep : null;
  } else if (dots > 1 && commas === 0) decimal = null;
  else if (commas > 1 && dots === 0) decimal = null;
  const [whole, frac = ''] = decimal ? (s.split(decimal) as [string, string?]) : [s];
  if (decimal && s.split(decimal).length > 2) refuse('more than one decimal point');
  const groupSep = /[.,]/.exec(whole)?.[0];
  if (groupSep && !groups(whole.split(groupSep))) refuse('digits grouped unevenly');
  if (groupSep && /[.,]/.test(whole.replaceAll(groupSep, ''))) refuse('mixed separators');
  const n = Number(`${whole.replace(/[.,]/g, '')}.${frac || '0'}`);
  if (!Number.isFinite(n)) refuse('not a number');
  return { n, decimals: frac.length };
}

/** "$19.0M", "USD 19,000,000", "€ 2,5 Mio.", "1.200.000,50 €"; negative and unknown forms are refused. */
export function parseMoney(text: string): Money {
  let s = text.replace(/[\u00a0\u202f\u2009]/g, ' ').trim();
  if (/^[-−(]|[-−)]$/.test(s)) refuse('a negative amount');
  let currency: string | undefined;
  const code = /^([A-Z]{3})\s*(?=\d)|(?<=\d|\.)\s*([A-Z]{3})$/.exec(s);
  if (code) {
    currency = code[1] ?? code[2];
    s = s.replace(code[0], '').trim();
  } else {
    const symbol = SYMBOLS.find(([re]) => re.test(s));
    if (symbol) {
      currency = symbol[1];
      s = s.replace(symbol[0], '').trim();
    }
  }
  return { amount: scaled(s, 2), ...(currency ? { currency } : {}) };
}

/** The number with its multiplier applied; `maxDecimals` bounds the decimals written without one (money has cents, not tenths of them). */
function scaled(s: string, maxDecimals = Infinity): number {
  const m = /^(.*?\d)\s*([A-Za-z]+\.?)$/.exec(s);
  let factor = 1;
  if (m) {
    const found = MULTIPLIERS.find(([re]) => re.test(m[2]!));
    if (!found) refuse(`unknown unit “${m[2]}”`);
    factor = found![1];
    s = m[1]!;
  }
  const { n, decimals } = parseNumber(s.trim(), factor !== 1);
  if (factor === 1 && decimals > maxDecimals) refuse(`more than ${maxDecimals} decimals`);
  return Math.round(n * factor * 100) / 100;
}

/** A whole, non-negative count: "1,200", "1.200", "12K". */
export function parseCount(text: string): number {
  const s = text.replace(/[\u00a0\u202f\u2009]/g, ' ').trim();
  if (/^[-−(]/.test(s)) refuse('a negative count');
  const n = scaled(s);
  if (!Number.isInteger(n)) refuse('not a whole number');
  return n;
}

const DATE_FORMATS = ['yyyy-MM-dd', 'M/d/yyyy', 'd/M/yyyy', 'd.M.yyyy', 'yyyy/M/d', 'MMM d, yyyy', 'MMMM d, yyyy', 'd MMM yyyy', 'd MMMM yyyy'];

/** A calendar date as CRMs show it; one that reads as two different days (01/02/2026) is refused. */
export function parseDate(text: string): string {
  const s = text.replace(/\s+/g, ' ').trim();
  if (!/\d{4}/.test(s)) refuse('no four-digit year');
  const ref = new Date(2000, 0, 1);
  const days = new Set(
    DATE_FORMATS.map((f) => parse(s, f, ref))
      .filter(isValid)
      // toIsoDate (formatISO) gives the same local calendar date as format(),
      // without date-fns' whole token formatter in every bundle that reads page dates.
      .map(toIsoDate),
  );
  if (days.size > 1) refuse(`could be ${[...days].join(' or ')}`);
  if (days.size === 0) refuse('not a date');
  return [...days][0]!;
}

function parseText(text: string): string {
  if (/^[*•●]+$/.test(text.trim())) refuse('hidden by the CRM');
  return text;
}

const PARSERS: Record<PageField, (text: string) => unknown> = {
  accountName: parseText,
  arr: parseMoney,
  employeeCount: parseCount,
  industry: parseText,
  region: parseText,
  ownerAe: parseText,
  type: parseText,
  closeDate: parseDate,
  stage: parseText,
};

/**
 * Values from the page's text, each checked against the schema of the
 * Seamline field it fills. What cannot be read is returned with the reason;
 * it never becomes a value.
 */
export function parsePageValues(raw: unknown): { values: PageValues; unreadable: UnreadableValue[] } {
  const text = safeParseOf(PageFieldTextSchema, raw);
  if (!text.success) return { values: {}, unreadable: [] };
  const values: Record<string, unknown> = {};
  const unreadable: UnreadableValue[] = [];
  for (const field of PAGE_FIELDS) {
    const t = text.data[field];
    if (t === undefined) continue;
    const read = readFieldText(field, t);
    if (read.ok) values[field] = read.value;
    else unreadable.push({ field, text: t, reason: read.reason });
  }
  return { values: PageValuesSchema.parse(values), unreadable };
}

/**
 * One field's text read the way the page's is: for what a person types over
 * a prefilled value ("$210K", "1.200"), so the form accepts what the page
 * would and refuses what it would refuse, with the same reason.
 */
export function readFieldText<F extends PageField>(
  field: F,
  text: string,
): { ok: true; value: NonNullable<PageValues[F]> } | { ok: false; reason: string } {
  try {
    const parsed = safeParseOf(PageValuesSchema.shape[field], PARSERS[field](text));
    if (parsed.success && parsed.data !== undefined) return { ok: true, value: parsed.data as NonNullable<PageValues[F]> };
    return { ok: false, reason: parsed.success ? 'empty' : (parsed.error.issues[0]?.message ?? 'not valid') };
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    return { ok: false, reason: e.message };
  }
}

/**
 * The account a record page describes, for prefilling "create account": on
 * an account page its own name; on a deal page the account the deal names,
 * never the deal's own name. ARR comes from a deal's amount too (what the
 * new account is bought for); the person sees and can correct every value.
 */
export function accountDraftFromPage(record: { kind: RecordKind; name?: string }, values: PageValues) {
  return {
    name: (record.kind === 'deal' || record.kind === 'ticket' ? values.accountName : (record.name ?? values.accountName)) ?? '',
    arr: values.arr,
    employeeCount: values.employeeCount,
    industry: values.industry,
    region: values.region,
    ownerAe: values.ownerAe,
  };
}

/** Account fields a page may show, and which of them a deal page speaks for. */
export const COMPARED_FIELDS = ['arr', 'employeeCount', 'industry', 'region', 'ownerAe'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

export interface Disagreement {
  field: ComparedField;
  /** The page's value, in the form the account stores it. */
  page: string | number;
  seamline: string | number | undefined;
  /** What to write to take the page's value; absent when it cannot be taken as is (another currency). */
  patch?: Partial<Pick<Account, ComparedField>>;
  note?: string;
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

/**
 * Where the CRM page and the stored account disagree. A deal page's amount is
 * the deal's, not the account's ARR, and a deal shows no company facts: only
 * its owner is compared there. An amount in another currency is shown, not
 * offered, since converting it would be a guess.
 */
export function pageDisagreements(account: Account, kind: RecordKind, values: PageValues): Disagreement[] {
  const out: Disagreement[] = [];
  const fields: readonly ComparedField[] = kind === 'account' ? COMPARED_FIELDS : ['ownerAe'];
  for (const field of fields) {
    if (field === 'arr') {
      const arr = values.arr;
      if (!arr || arr.amount === account.arr) continue;
      if (arr.currency && arr.currency !== account.currency) {
        out.push({ field, page: arr.amount, seamline: account.arr, note: `The page shows ${arr.currency}; Seamline keeps ${account.currency}.` });
      } else out.push({ field, page: arr.amount, seamline: account.arr, patch: { arr: arr.amount } });
      continue;
    }
    const page = values[field];
    if (page === undefined) continue;
    const stored = account[field];
    if (typeof page === 'number' ? page === stored : typeof stored === 'string' && same(page, stored)) continue;
    out.push({ field, page, seamline: stored, patch: { [field]: page } });
  }
  return out;
}

const ICP_PAGE_FIELDS: Partial<Record<IcpField, (v: PageValues) => string | number | undefined>> = {
  arr: (v) => v.arr?.amount,
  employeeCount: (v) => v.employeeCount,
  industry: (v) => v.industry,
  region: (v) => v.region,
};

/**
 * The ICP judged on what the page shows: the page's values as the subject,
 * and only the rules on fields the page shows. A rule on a field the page
 * does not show (segment, integrations, or an empty field) is listed as not
 * judged rather than failed, so an unlinked record gets an answer it can act
 * on before anything exists.
 */
export function icpFromPage(values: PageValues, profile: IcpProfile): { subject: IcpSubject; profile: IcpProfile; notJudged: IcpProfile['rules'] } {
  const subject: IcpSubject = { id: 'page' };
  for (const [field, read] of Object.entries(ICP_PAGE_FIELDS) as [IcpField, (v: PageValues) => string | number | undefined][]) {
    const v = read(values);
    if (v !== undefined && v !== '') Object.assign(subject, { [field]: v });
  }
  const judged = (r: IcpProfile['rules'][number]) => r.field in subject;
  return { subject, profile: { ...profile, rules: profile.rules.filter(judged) }, notJudged: profile.rules.filter((r) => !judged(r)) };
}
