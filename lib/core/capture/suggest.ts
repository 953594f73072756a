import {
  addBusinessDays,
  addDays,
  addMonths,
  addWeeks,
  endOfMonth,
  endOfQuarter,
  endOfYear,
  isValid,
  nextDay,
  startOfDay,
  startOfWeek,
  type Day,
} from 'date-fns';
import { z } from 'zod';
import { CommitmentKindSchema, RoadmapStatusSchema, type CommitmentKind, type RoadmapStatus } from '../domain/commitment';
import { toIsoDate } from '../domain/dates';
import { IsoDateSchema } from '../domain/primitives';

/**
 * What a captured sentence suggests about a commitment. It is only ever
 * offered for confirmation ("Suggested: integration, due 2027-06-30 — apply?"),
 * never applied on its own: a wrong kind or date silently stored would be worse
 * than none. Reasons quote the words that triggered each suggestion so the
 * person can see why.
 */
export const CommitmentSuggestionSchema = z.object({
  kind: CommitmentKindSchema,
  kindReason: z.string(),
  dueDate: IsoDateSchema.optional(),
  dueReason: z.string().optional(),
  roadmapHint: RoadmapStatusSchema.optional(),
  roadmapReason: z.string().optional(),
});
export type CommitmentSuggestion = z.infer<typeof CommitmentSuggestionSchema>;

// ---------------------------------------------------------------------------
// Kind. The first rule that matches wins, so the order encodes precedence:
// "free migration of the SAP data" is a services promise before it is an
// integration one, and "99.9% uptime" is an SLA before "%" reads as pricing.
// ---------------------------------------------------------------------------

const KIND_RULES: readonly { kind: CommitmentKind; pattern: RegExp }[] = [
  { kind: 'sla', pattern: /\b\d{2}(?:\.\d+)?\s?%\s*(?:uptime|availability)|\buptime\b|\bSLAs?\b|\bresponse times?\b|\bavailability guarantee/i },
  {
    kind: 'pricing',
    pattern:
      /\bdiscount(?:s|ed)?\b|\bprice (?:lock|freeze|hold|protection)\b|\b(?:lock|freeze|hold) (?:the |in |your )?(?:price|pricing|rate)s?\b|\b\d{1,2}\s?% off\b|\bfree months?\b|\bmonths? free\b|\brebate\b|\bservice credits?\b|\bpricing\b|\bprice increase cap\b/i,
  },
  {
    kind: 'professional-services',
    pattern:
      /\bfree (?:migration|implementation|onboarding|training|setup|set-up|configuration)\b|\bmigrat(?:e|ion|ing)\b|\bimplementation services\b|\bprofessional services\b|\bwhite[- ]glove\b|\bdata (?:import|cleanup|clean-up)\b|\bon-?site training\b|\btraining sessions?\b/i,
  },
  {
    kind: 'integration',
    pattern:
      /\bintegrat(?:e|ion|ions|ing)\b|\bconnectors?\b|\bAPI\b|\bwebhooks?\b|\b(?:two|bi)[- ]way sync\b|\bsync(?:ing|s)? (?:with|to|from)\b|\b(?:SAP|NetSuite|Workday|ServiceNow|Snowflake|Marketo|Zuora|Oracle|Dynamics|Salesforce|HubSpot|Slack|Jira)\b/i,
  },
  {
    kind: 'resourcing',
    pattern:
      /\bdedicated (?:CSM|customer success manager|account manager|engineer|support|team|TAM|solutions? (?:engineer|architect))\b|\bnamed (?:CSM|account manager|support engineer|contact)\b|\bTAM\b|\bexecutive sponsor\b|\bon-?site (?:engineer|support|resource)s?\b/i,
  },
  {
    kind: 'feature',
    pattern:
      /\bfeature(?:s)?\b|\broadmap\b|\bwe(?:'ll| will) (?:build|add|ship|support)\b|\bsupport for\b|\bcustom (?:field|report|dashboard)s?\b|\bdashboards?\b|\bmobile app\b/i,
  },
  { kind: 'timeline', pattern: /\bgo[- ]live\b|\blive by\b|\blaunch(?:ed)? by\b|\bkick-?off\b|\bcut-?over\b|\brollout\b/i },
];

const KIND_LABELS: Record<CommitmentKind, string> = {
  integration: 'integration',
  feature: 'feature',
  timeline: 'timeline',
  pricing: 'pricing',
  'professional-services': 'professional services',
  resourcing: 'resourcing',
  sla: 'SLA',
  other: 'other',
};

// ---------------------------------------------------------------------------
// Roadmap. Only a hint: product has to confirm it in the panel.
// ---------------------------------------------------------------------------

const ROADMAP_RULES: readonly { status: RoadmapStatus; pattern: RegExp }[] = [
  {
    status: 'not-on-roadmap',
    pattern: /\bnot (?:yet )?on (?:the |our )?roadmap\b|\bcustom (?:build|development)\b|\bbuild it (?:for|just for) (?:you|them)\b/i,
  },
  { status: 'live', pattern: /\balready (?:live|available|supported|built)\b|\bavailable today\b|\bout of the box\b|\bgenerally available\b/i },
  { status: 'on-roadmap', pattern: /\bon (?:the |our )?roadmap\b|\bin beta\b|\bplanned for\b|\bcoming (?:soon|in)\b/i },
];

// ---------------------------------------------------------------------------
// Due date. Every rule finds its match position; the deadline mentioned first
// in the sentence wins, since that is the one the promise is about ("the
// connector by Q2, with a check-in within 48 hours" is due in Q2).
// ---------------------------------------------------------------------------

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const MONTH_RE =
  '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const NUMBER_WORDS: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fourteen: 14,
  thirty: 30,
  sixty: 60,
  ninety: 90,
};
const AMOUNT_RE = `(\\d{1,3}|${Object.keys(NUMBER_WORDS).join('|')})`;

interface DueMatch {
  index: number;
  date: Date;
  reason: (date: string) => string;
}

type DueRule = (text: string, today: Date) => DueMatch | null;

const monthIndex = (name: string) => MONTHS.indexOf(name.slice(0, 3).toLowerCase());
const amount = (s: string) => NUMBER_WORDS[s.toLowerCase()] ?? Number(s);
const quote = (m: RegExpExecArray) => `"${m[0].trim()}"`;

/** A date without a year means the next time it comes round, today included. */
function upcoming(make: (year: number) => Date, today: Date, year?: number): Date {
  if (year !== undefined) return make(year);
  const thisYear = make(today.getFullYear());
  return thisYear < today ? make(today.getFullYear() + 1) : thisYear;
}

function fullYear(s: string | undefined): number | undefined {
  if (!s) return undefined;
  const n = Number(s.replace(/^'/, ''));
  return n < 100 ? 2000 + n : n;
}

const DUE_RULES: readonly DueRule[] = [
  // 2027-06-30
  (text) => {
    const m = /\b(\d{4})-(\d{2})-(\d{2})\b/.exec(text);
    if (!m) return null;
    const date = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
    if (!isValid(date) || date.getMonth() !== Number(m[2]) - 1) return null;
    return { index: m.index, date, reason: () => `${quote(m)} is an explicit date` };
  },
  // by March 15 / March 15th, 2027 / 15 March
  (text, today) => {
    const m = new RegExp(`\\b${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b(?:,?\\s+(\\d{4}))?`, 'i').exec(text) ?? null;
    const n = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${MONTH_RE}\\b(?:,?\\s+(\\d{4}))?`, 'i').exec(text);
    const pick =
      m && (!n || m.index <= n.index) ? { m, month: m[1]!, day: m[2]!, year: m[3] } : n ? { m: n, month: n[2]!, day: n[1]!, year: n[3] } : null;
    if (!pick) return null;
    const mi = monthIndex(pick.month);
    const day = Number(pick.day);
    const make = (y: number) => new Date(y, mi, day);
    const probe = make(2000);
    if (probe.getMonth() !== mi || day < 1) return null;
    const date = upcoming(make, today, fullYear(pick.year));
    return { index: pick.m.index, date, reason: (d) => `${quote(pick.m)} → ${d}` };
  },
  // by Q2 / in Q3 2027 / end of Q4'26 (calendar quarters)
  (text, today) => {
    const m = /\b(?:(?:by|in|before|during|for|until)\s+)?(?:the\s+)?(?:end\s+of\s+)?Q([1-4])\b(?:\s*(?:FY)?\s*('\d{2}|\d{4})\b)?/i.exec(text);
    if (!m) return null;
    const q = Number(m[1]);
    const make = (y: number) => endOfQuarter(new Date(y, (q - 1) * 3, 1));
    const date = startOfDay(upcoming(make, today, fullYear(m[2])));
    return { index: m.index, date, reason: (d) => `${quote(m)} → end of Q${q} (calendar quarter), ${d}` };
  },
  // by end of March / in June (month only; "may" alone is too often the verb)
  (text, today) => {
    const m = new RegExp(`\\b(?:by|in|before|until|end of)\\s+(?:the\\s+end\\s+of\\s+)?${MONTH_RE}\\b(?!\\s*\\d)(?:,?\\s+(\\d{4}))?`, 'i').exec(text);
    if (!m) return null;
    const mi = monthIndex(m[1]!);
    const date = startOfDay(upcoming((y) => endOfMonth(new Date(y, mi, 1)), today, fullYear(m[2])));
    return { index: m.index, date, reason: (d) => `${quote(m)} → end of that month, ${d}` };
  },
  // end of (the) month / quarter / year
  (text, today) => {
    const m =
      /\b(?:(?:by|before|until)\s+)?(?:the\s+)?(?:end of (?:the |this )?(month|quarter|year)|(month|quarter|year)[- ]end|\b(EOM|EOQ|EOY)\b)/i.exec(
        text,
      );
    if (!m) return null;
    const unit = (m[1] ?? m[2] ?? { EOM: 'month', EOQ: 'quarter', EOY: 'year' }[m[3]!.toUpperCase()]!).toLowerCase();
    const end = unit === 'month' ? endOfMonth(today) : unit === 'quarter' ? endOfQuarter(today) : endOfYear(today);
    return { index: m.index, date: startOfDay(end), reason: (d) => `${quote(m)} → end of this ${unit}, ${d}` };
  },
  // within 48 hours / in 30 days / within two weeks / in 3 business days / in 6 months
  (text, today) => {
    const m = new RegExp(
      `\\b(?:within|in|inside(?: of)?|over the next)\\s+(?:the\\s+next\\s+)?${AMOUNT_RE}\\s+(hours?|hrs?|business days?|working days?|days?|weeks?|months?)\\b`,
      'i',
    ).exec(text);
    if (!m) return null;
    const n = amount(m[1]!);
    const unit = m[2]!.toLowerCase();
    const date = unit.startsWith('h')
      ? addDays(today, Math.ceil(n / 24))
      : unit.startsWith('business') || unit.startsWith('working')
        ? addBusinessDays(today, n)
        : unit.startsWith('day')
          ? addDays(today, n)
          : unit.startsWith('week')
            ? addWeeks(today, n)
            : addMonths(today, n);
    return { index: m.index, date, reason: (d) => `${quote(m)} → ${d}` };
  },
  // next week (its Friday: a working-week promise) / next month (its last day)
  (text, today) => {
    const m = /\bnext (week|month)\b/i.exec(text);
    if (!m) return null;
    const week = m[1]!.toLowerCase() === 'week';
    const date = week ? addDays(startOfWeek(addWeeks(today, 1), { weekStartsOn: 1 }), 4) : startOfDay(endOfMonth(addMonths(today, 1)));
    return { index: m.index, date, reason: (d) => `${quote(m)} → ${week ? 'Friday of next week' : 'end of next month'}, ${d}` };
  },
  // by Friday (the coming one, never today)
  (text, today) => {
    const m = new RegExp(`\\b(?:by|on|before|until|this)\\s+(${WEEKDAYS.join('|')})\\b`, 'i').exec(text);
    if (!m) return null;
    const date = nextDay(today, WEEKDAYS.indexOf(m[1]!.toLowerCase()) as Day);
    return { index: m.index, date, reason: (d) => `${quote(m)} → the coming ${m[1]}, ${d}` };
  },
  // tomorrow / today / end of day
  (text, today) => {
    // "today" only after "by": "available today" describes, it does not promise.
    const m = /\b(?:(?:by|before|until)\s+(?:the\s+)?(today|end of (?:the )?day|EOD|tomorrow)|(tomorrow|EOD))\b/i.exec(text);
    if (!m) return null;
    const date = (m[1] ?? m[2])!.toLowerCase() === 'tomorrow' ? addDays(today, 1) : today;
    return { index: m.index, date, reason: (d) => `${quote(m)} → ${d}` };
  },
];

function suggestDue(text: string, now: Date): { dueDate: string; dueReason: string } | null {
  const today = startOfDay(now);
  let best: DueMatch | null = null;
  for (const rule of DUE_RULES) {
    const found = rule(text, today);
    if (found && (!best || found.index < best.index)) best = found;
  }
  if (!best) return null;
  const dueDate = toIsoDate(best.date);
  return { dueDate, dueReason: best.reason(dueDate) };
}

/** Suggests a kind, a due date and a roadmap status for a captured commitment sentence. */
export function suggestCommitment(text: string, now: Date): CommitmentSuggestion {
  const suggestion: CommitmentSuggestion = { kind: 'other', kindReason: 'no known wording matched' };
  for (const rule of KIND_RULES) {
    const m = rule.pattern.exec(text);
    if (m) {
      suggestion.kind = rule.kind;
      suggestion.kindReason = `"${m[0].trim()}" reads as ${KIND_LABELS[rule.kind]}`;
      break;
    }
  }
  const due = suggestDue(text, now);
  if (due) Object.assign(suggestion, due);
  for (const rule of ROADMAP_RULES) {
    const m = rule.pattern.exec(text);
    if (m) {
      suggestion.roadmapHint = rule.status;
      suggestion.roadmapReason = `"${m[0].trim()}"`;
      break;
    }
  }
  return suggestion;
}

export const CommitmentOfferSchema = z.object({
  kind: CommitmentKindSchema.optional(),
  kindReason: z.string().optional(),
  dueDate: IsoDateSchema.optional(),
  dueReason: z.string().optional(),
});
export type CommitmentOffer = z.infer<typeof CommitmentOfferSchema>;

/**
 * What is still worth offering for a stored commitment: a kind when it was
 * saved without one ("other"), a due date when it has none. Null when the
 * suggestion adds nothing, so an applied or hand-set commitment stops asking.
 */
export function pendingSuggestion(
  commitment: { text: string; kind: CommitmentKind; dueDate?: string | undefined },
  now: Date,
): CommitmentOffer | null {
  const s = suggestCommitment(commitment.text, now);
  const offer: CommitmentOffer = {};
  if (commitment.kind === 'other' && s.kind !== 'other') Object.assign(offer, { kind: s.kind, kindReason: s.kindReason });
  if (!commitment.dueDate && s.dueDate) Object.assign(offer, { dueDate: s.dueDate, dueReason: s.dueReason });
  return offer.kind || offer.dueDate ? offer : null;
}
