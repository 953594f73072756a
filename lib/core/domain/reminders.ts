import { addDays, set, startOfDay, subBusinessDays, subDays } from 'date-fns';
import { z } from 'zod';
import type { Account } from './account';
import type { Commitment } from './commitment';
import { daysUntil, parseIsoDate, toIsoDate } from './dates';
import { kickoffSla } from './kickoff';
import { IdSchema, IsoDateSchema, IsoDateTimeSchema } from './primitives';
import type { ServiceLevels } from './service-levels';
import { isMilestoneMissed, type Milestone } from './success-plan';

export const TimeOfDaySchema = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a 24-hour time such as 08:30');

export const QuietHoursSchema = z
  .object({ enabled: z.boolean(), start: TimeOfDaySchema, end: TimeOfDaySchema })
  .refine((q) => !q.enabled || q.start !== q.end, { message: 'quiet hours need an end different from their start', path: ['end'] });

export const ReminderSettingsSchema = z.object({
  // Opt-in: nothing is shown until the person asks for reminders.
  enabled: z.boolean(),
  quietHours: QuietHoursSchema,
  // One summary a day instead of one notification per reminder.
  digest: z.object({ enabled: z.boolean(), time: TimeOfDaySchema }),
  // Warn this many business days before the kickoff SLA lapses (0 = on the due day).
  kickoffWarningBusinessDays: z.number().int().min(0).max(10),
  // Remind of an open commitment this many days before it is due.
  commitmentLeadDays: z.number().int().min(0).max(30),
});

export const ReminderKindSchema = z.enum(['milestone-due-tomorrow', 'milestone-missed', 'kickoff-sla-lapsing', 'commitment-due-soon']);

export const ReminderSchema = z.object({
  // Made of what the reminder is about and the date it is about, so the same
  // reminder always has the same id and a moved due date makes a new one.
  id: z.string().min(1),
  kind: ReminderKindSchema,
  accountId: IdSchema.nullable(),
  accountName: z.string().nullable(),
  // The milestone, commitment or (for the kickoff SLA) account the reminder is about.
  subjectId: IdSchema,
  title: z.string(),
  message: z.string(),
  dueDate: IsoDateSchema,
});

export const ReminderDigestSchema = z.object({
  id: z.string().min(1),
  date: IsoDateSchema,
  reminders: z.array(ReminderSchema).min(1),
});

export const DueRemindersSchema = z.object({
  // Empty in digest mode: everything goes into the digest.
  reminders: z.array(ReminderSchema),
  digest: ReminderDigestSchema.nullable(),
  // Set while quiet hours hold reminders back: when they end.
  heldUntil: IsoDateTimeSchema.nullable(),
});

export type TimeOfDay = z.infer<typeof TimeOfDaySchema>;
export type QuietHours = z.infer<typeof QuietHoursSchema>;
export type ReminderSettings = z.infer<typeof ReminderSettingsSchema>;
export type ReminderKind = z.infer<typeof ReminderKindSchema>;
export type Reminder = z.infer<typeof ReminderSchema>;
export type ReminderDigest = z.infer<typeof ReminderDigestSchema>;
export type DueReminders = z.infer<typeof DueRemindersSchema>;

export type ReminderPlan = { accountId: string; milestones: readonly Pick<Milestone, 'id' | 'title' | 'status' | 'dueDate'>[] };
export type ReminderAccount = Pick<Account, 'id' | 'name' | 'segment' | 'closedWonDate' | 'kickoffDate'>;
export type ReminderCommitment = Pick<Commitment, 'id' | 'accountId' | 'text' | 'status' | 'dueDate'>;

// ---------------------------------------------------------------------------
// Quiet hours, in the person's local time. A window may span midnight
// (22:00–07:00); minutes are counted from local midnight.
// ---------------------------------------------------------------------------

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
const atMinutes = (day: Date, minutes: number) => set(day, { hours: Math.floor(minutes / 60), minutes: minutes % 60, seconds: 0, milliseconds: 0 });

function quietWindow(q: QuietHours, t: Date): { start: Date; end: Date } | null {
  if (!q.enabled) return null;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  const m = t.getHours() * 60 + t.getMinutes();
  if (start < end) return m >= start && m < end ? { start: atMinutes(t, start), end: atMinutes(t, end) } : null;
  if (m >= start) return { start: atMinutes(t, start), end: atMinutes(addDays(t, 1), end) };
  if (m < end) return { start: atMinutes(subDays(t, 1), start), end: atMinutes(t, end) };
  return null;
}

/** When a reminder that becomes due at `t` may be shown: at once, or when quiet hours end. */
function deliveryTime(q: QuietHours, t: Date): Date {
  return quietWindow(q, t)?.end ?? t;
}

// ---------------------------------------------------------------------------
// What is worth a reminder, each with the moment it becomes due (its trigger).
// ---------------------------------------------------------------------------

interface Candidate {
  reminder: Reminder;
  trigger: Date;
}

const dayStart = (iso: string) => startOfDay(parseIsoDate(iso));
const KIND_ORDER: readonly ReminderKind[] = ReminderKindSchema.options;

function candidates(
  plans: readonly ReminderPlan[],
  accounts: readonly ReminderAccount[],
  commitments: readonly ReminderCommitment[],
  settings: { reminders: ReminderSettings; serviceLevels: ServiceLevels },
  now: Date,
): Candidate[] {
  const byId = new Map(accounts.map((a) => [a.id, a]));
  const nameOf = (id: string | null) => (id === null ? null : (byId.get(id)?.name ?? null));
  const out: Candidate[] = [];

  for (const plan of plans) {
    const accountName = nameOf(plan.accountId);
    const on = accountName ? ` (${accountName})` : '';
    for (const m of plan.milestones) {
      if (m.status === 'done' || m.dueDate === undefined) continue;
      const days = daysUntil(m.dueDate, now);
      const base = { accountId: plan.accountId, accountName, subjectId: m.id, dueDate: m.dueDate };
      if (days === 1 && m.status !== 'missed') {
        out.push({
          trigger: subDays(dayStart(m.dueDate), 1),
          reminder: {
            ...base,
            id: `milestone-due-tomorrow:${plan.accountId}:${m.id}:${m.dueDate}`,
            kind: 'milestone-due-tomorrow',
            title: `Due tomorrow: ${m.title}`,
            message: `Milestone "${m.title}"${on} is due tomorrow, ${m.dueDate}.`,
          },
        });
      } else if (days < 0 && isMilestoneMissed(m, now)) {
        out.push({
          trigger: addDays(dayStart(m.dueDate), 1),
          reminder: {
            ...base,
            id: `milestone-missed:${plan.accountId}:${m.id}:${m.dueDate}`,
            kind: 'milestone-missed',
            title: `Missed: ${m.title}`,
            message: `Milestone "${m.title}"${on} was due ${m.dueDate} and is not done.`,
          },
        });
      }
    }
  }

  const warn = settings.reminders.kickoffWarningBusinessDays;
  for (const a of accounts) {
    const sla = kickoffSla(a, now, settings.serviceLevels);
    if (sla.status !== 'pending' || sla.dueDate === null || (sla.businessDaysLeft ?? 0) > warn) continue;
    out.push({
      trigger: subBusinessDays(dayStart(sla.dueDate), warn),
      reminder: {
        id: `kickoff-sla-lapsing:${a.id}:${sla.dueDate}`,
        kind: 'kickoff-sla-lapsing',
        accountId: a.id,
        accountName: a.name,
        subjectId: a.id,
        dueDate: sla.dueDate,
        title: `Kickoff due ${sla.businessDaysLeft === 0 ? 'today' : sla.dueDate}: ${a.name}`,
        message: `The joint kickoff for ${a.name} is due by ${sla.dueDate} and no kickoff date is recorded.`,
      },
    });
  }

  const lead = settings.reminders.commitmentLeadDays;
  for (const c of commitments) {
    if ((c.status !== 'open' && c.status !== 'in-progress') || !c.dueDate) continue;
    const days = daysUntil(c.dueDate, now);
    if (days < 0 || days > lead) continue;
    const accountName = nameOf(c.accountId);
    out.push({
      trigger: subDays(dayStart(c.dueDate), lead),
      reminder: {
        id: `commitment-due-soon:${c.id}:${c.dueDate}`,
        kind: 'commitment-due-soon',
        accountId: c.accountId,
        accountName,
        subjectId: c.id,
        dueDate: c.dueDate,
        title: days === 0 ? 'Commitment due today' : `Commitment due ${c.dueDate}`,
        message: `${accountName ? `${accountName}: ` : ''}${c.text}`,
      },
    });
  }

  return out.sort(
    (x, y) =>
      KIND_ORDER.indexOf(x.reminder.kind) - KIND_ORDER.indexOf(y.reminder.kind) ||
      x.reminder.dueDate.localeCompare(y.reminder.dueDate) ||
      x.reminder.id.localeCompare(y.reminder.id),
  );
}

/**
 * The reminders to show on a run at `now`, given when the previous run was
 * (`lastRun`, null on the first). Each reminder becomes due at the start of a
 * day (the day before a milestone is due, the day after it was missed, the
 * warning day of the kickoff SLA, the lead day of a commitment) and is shown
 * by the first run after that moment outside quiet hours, then never again.
 * It is only shown if it still holds at `now`: a milestone done meanwhile
 * needs no reminder. A reminder that became due before it could be known (a
 * plan made today with a milestone due tomorrow) is covered by the next one
 * (missed), not shown late.
 *
 * In digest mode nothing is shown on its own; once a day, at the digest time
 * (or when quiet hours end, if it falls inside them), one digest lists what
 * became due since the previous digest and still holds.
 */
export function dueReminders(
  plans: readonly ReminderPlan[],
  accounts: readonly ReminderAccount[],
  commitments: readonly ReminderCommitment[],
  settings: { reminders: ReminderSettings; serviceLevels: ServiceLevels },
  now: Date,
  lastRun: Date | null,
): DueReminders {
  const r = settings.reminders;
  if (!r.enabled) return { reminders: [], digest: null, heldUntil: null };
  const quietNow = quietWindow(r.quietHours, now);
  if (quietNow) return { reminders: [], digest: null, heldUntil: quietNow.end.toISOString() };

  // A run inside quiet hours showed nothing, so what became due since those
  // quiet hours began is still owed (the runs before them showed the rest).
  const previous = lastRun ?? new Date(startOfDay(now).getTime() - 1);
  const since = quietWindow(r.quietHours, previous)?.start ?? previous;
  const all = candidates(plans, accounts, commitments, settings, now);

  if (!r.digest.enabled) {
    const reminders = all
      .filter((c) => {
        const at = deliveryTime(r.quietHours, c.trigger);
        return at > since && at <= now;
      })
      .map((c) => c.reminder);
    return { reminders, digest: null, heldUntil: null };
  }

  // The latest digest moment not after `t` (quiet hours applied).
  const digestMinutes = minutesOf(r.digest.time);
  const digestAtOrBefore = (t: Date): Date => {
    for (let back = 0; back <= 2; back++) {
      const at = deliveryTime(r.quietHours, atMinutes(subDays(t, back), digestMinutes));
      if (at <= t) return at;
    }
    return deliveryTime(r.quietHours, atMinutes(subDays(t, 3), digestMinutes));
  };
  const due = digestAtOrBefore(now);
  if (due <= since) return { reminders: [], digest: null, heldUntil: null };
  const from = digestAtOrBefore(since);
  const reminders = all.filter((c) => c.trigger > from && c.trigger <= due).map((c) => c.reminder);
  if (reminders.length === 0) return { reminders: [], digest: null, heldUntil: null };
  const date = toIsoDate(due);
  return { reminders: [], digest: { id: `digest:${date}`, date, reminders }, heldUntil: null };
}

/** Missed milestones across plans, for the toolbar badge. */
export function missedMilestones(plans: readonly { milestones: readonly Pick<Milestone, 'status' | 'dueDate'>[] }[], now: Date): number {
  let n = 0;
  for (const p of plans) for (const m of p.milestones) if (isMilestoneMissed(m, now)) n += 1;
  return n;
}
