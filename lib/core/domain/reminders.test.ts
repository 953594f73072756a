import { describe, expect, it } from 'vitest';
import { DEFAULT_REMINDER_SETTINGS, DEFAULT_SERVICE_LEVELS } from './defaults';
import {
  dueReminders,
  DueRemindersSchema,
  missedMilestones,
  ReminderSettingsSchema,
  type ReminderAccount,
  type ReminderCommitment,
  type ReminderPlan,
  type ReminderSettings,
} from './reminders';

// Local wall-clock times; July 2024: Wed 3, Thu 4, Fri 5, Mon 8.
const at = (d: number, h: number, min = 0) => new Date(2024, 6, d, h, min);

const accounts: ReminderAccount[] = [
  // Closed Monday 1 July: the mid-market kickoff is due Monday 8 July.
  { id: 'acc_acme', name: 'Acme Logistics', segment: 'mid-market', closedWonDate: '2024-07-01' },
  { id: 'acc_done', name: 'Kicked Off Ltd', segment: 'smb', closedWonDate: '2024-07-01', kickoffDate: '2024-07-02' },
];
const plans: ReminderPlan[] = [
  {
    accountId: 'acc_acme',
    milestones: [
      { id: 'first-value', title: 'First value achieved', status: 'in-progress', dueDate: '2024-07-03' },
      { id: 'success-review-30', title: '30-day success review', status: 'planned', dueDate: '2024-07-05' },
      { id: 'joint-kickoff', title: 'Joint kickoff', status: 'done', dueDate: '2024-07-02' },
      { id: 'undated', title: 'Undated', status: 'planned' },
    ],
  },
];
const commitments: ReminderCommitment[] = [
  { id: 'cmt_sso', accountId: 'acc_acme', text: 'SSO live before go-live', status: 'open', dueDate: '2024-07-06' },
  { id: 'cmt_done', accountId: 'acc_acme', text: 'Delivered already', status: 'delivered', dueDate: '2024-07-06' },
  { id: 'cmt_later', accountId: null, text: 'Later promise', status: 'open', dueDate: '2024-07-20' },
];

const settings = (patch: Partial<ReminderSettings> = {}) => ({
  serviceLevels: DEFAULT_SERVICE_LEVELS,
  reminders: { ...DEFAULT_REMINDER_SETTINGS, enabled: true, ...patch },
});
const NO_QUIET = { quietHours: { enabled: false, start: '20:00', end: '08:00' } };
const run = (s: ReturnType<typeof settings>, now: Date, lastRun: Date | null) => dueReminders(plans, accounts, commitments, s, now, lastRun);
const ids = (r: ReturnType<typeof run>) => r.reminders.map((x) => x.id);

const TODAYS = [
  'milestone-due-tomorrow:acc_acme:success-review-30:2024-07-05',
  'milestone-missed:acc_acme:first-value:2024-07-03',
  'commitment-due-soon:cmt_sso:2024-07-06',
];

describe('dueReminders', () => {
  it('shows nothing until reminders are switched on', () => {
    expect(run({ ...settings(), reminders: DEFAULT_REMINDER_SETTINGS }, at(4, 9), at(3, 9))).toEqual({
      reminders: [],
      digest: null,
      heldUntil: null,
    });
  });

  it('shows each reminder once, on the first run after it falls due', () => {
    const s = settings(NO_QUIET);
    const first = run(s, at(4, 0, 15), at(3, 23, 45));
    expect(DueRemindersSchema.parse(first)).toEqual(first);
    expect(ids(first)).toEqual(TODAYS);
    expect(first.reminders[0]).toEqual({
      id: 'milestone-due-tomorrow:acc_acme:success-review-30:2024-07-05',
      kind: 'milestone-due-tomorrow',
      accountId: 'acc_acme',
      accountName: 'Acme Logistics',
      subjectId: 'success-review-30',
      dueDate: '2024-07-05',
      title: 'Due tomorrow: 30-day success review',
      message: 'Milestone "30-day success review" (Acme Logistics) is due tomorrow, 2024-07-05.',
    });
    // The next runs the same day repeat nothing.
    expect(ids(run(s, at(4, 0, 30), at(4, 0, 15)))).toEqual([]);
    expect(ids(run(s, at(4, 17), at(4, 16, 45)))).toEqual([]);
  });

  it('on the first run ever, shows what fell due today', () => {
    expect(ids(run(settings(NO_QUIET), at(4, 9), null))).toEqual(TODAYS);
  });

  it('holds reminders through quiet hours and shows them once when they end', () => {
    const s = settings({ quietHours: { enabled: true, start: '20:00', end: '08:00' } });
    expect(run(s, at(4, 0, 15), at(3, 23, 45))).toEqual({ reminders: [], digest: null, heldUntil: at(4, 8).toISOString() });
    expect(ids(run(s, at(4, 3), at(4, 0, 15)))).toEqual([]);
    // The previous run was itself inside quiet hours, so nothing it held is lost.
    expect(ids(run(s, at(4, 8, 5), at(4, 7, 50)))).toEqual(TODAYS);
    expect(ids(run(s, at(4, 8, 20), at(4, 8, 5)))).toEqual([]);
  });

  it('handles quiet hours that do not span midnight', () => {
    const s = settings({ quietHours: { enabled: true, start: '00:00', end: '06:30' } });
    expect(run(s, at(4, 6), at(4, 5, 45)).heldUntil).toBe(at(4, 6, 30).toISOString());
    expect(ids(run(s, at(4, 6, 45), at(4, 6, 15)))).toEqual(TODAYS);
  });

  it('drops a reminder that no longer holds by the time it would be shown', () => {
    const donePlans: ReminderPlan[] = [
      { accountId: 'acc_acme', milestones: plans[0]!.milestones.map((m) => (m.id === 'first-value' ? { ...m, status: 'done' as const } : m)) },
    ];
    const r = dueReminders(donePlans, accounts, commitments, settings(NO_QUIET), at(4, 9), at(3, 23));
    expect(ids(r)).toEqual(TODAYS.filter((id) => !id.includes('first-value')));
  });

  it('warns the business day before the kickoff SLA lapses, only where no kickoff is recorded', () => {
    const r = run(settings(NO_QUIET), at(5, 9), at(4, 23));
    expect(r.reminders).toEqual([
      expect.objectContaining({
        id: 'kickoff-sla-lapsing:acc_acme:2024-07-08',
        kind: 'kickoff-sla-lapsing',
        subjectId: 'acc_acme',
        title: 'Kickoff due 2024-07-08: Acme Logistics',
      }),
    ]);
    // Two business days' warning falls on Thursday.
    expect(ids(run(settings({ ...NO_QUIET, kickoffWarningBusinessDays: 2 }), at(4, 9), at(3, 23)))).toContain(
      'kickoff-sla-lapsing:acc_acme:2024-07-08',
    );
  });

  it('gives a moved due date a new reminder and the same date the same id', () => {
    const moved: ReminderPlan[] = [
      { accountId: 'acc_acme', milestones: [{ id: 'success-review-30', title: 'R', status: 'planned', dueDate: '2024-07-09' }] },
    ];
    const s = settings(NO_QUIET);
    expect(ids(dueReminders(moved, accounts, [], s, at(8, 9), at(7, 23)))).toEqual(['milestone-due-tomorrow:acc_acme:success-review-30:2024-07-09']);
    expect(ids(run(s, at(4, 9), at(3, 23)))).toEqual(ids(run(s, at(4, 9), at(3, 23))));
  });

  describe('daily digest', () => {
    const s = settings({ digest: { enabled: true, time: '08:30' } });

    it('gathers what fell due since the last digest into one, at the digest time', () => {
      expect(run(s, at(4, 8, 15), at(4, 8))).toEqual({ reminders: [], digest: null, heldUntil: null });
      const r = run(s, at(4, 8, 35), at(4, 8, 15));
      expect(DueRemindersSchema.parse(r)).toEqual(r);
      expect(r.reminders).toEqual([]);
      expect(r.digest?.id).toBe('digest:2024-07-04');
      expect(r.digest?.reminders.map((x) => x.id)).toEqual(TODAYS);
      expect(run(s, at(4, 8, 50), at(4, 8, 35)).digest).toBeNull();
    });

    it('does not repeat yesterday’s items in the next digest', () => {
      const r = run(s, at(5, 8, 31), at(5, 8, 20));
      expect(r.digest).toEqual({
        id: 'digest:2024-07-05',
        date: '2024-07-05',
        reminders: [expect.objectContaining({ id: 'kickoff-sla-lapsing:acc_acme:2024-07-08' })],
      });
    });

    it('after days without a run, sends one digest covering the gap, of what still holds', () => {
      const r = run(s, at(5, 9), at(2, 9));
      // The review is due today now, so "due tomorrow" no longer holds.
      expect(r.digest?.reminders.map((x) => x.id)).toEqual([
        'milestone-missed:acc_acme:first-value:2024-07-03',
        'kickoff-sla-lapsing:acc_acme:2024-07-08',
        'commitment-due-soon:cmt_sso:2024-07-06',
      ]);
    });

    it('moves a digest time inside quiet hours to their end', () => {
      const early = settings({ digest: { enabled: true, time: '07:00' } });
      expect(run(early, at(4, 7, 30), at(4, 6, 50)).digest).toBeNull();
      expect(run(early, at(4, 8, 1), at(4, 7, 30)).digest?.id).toBe('digest:2024-07-04');
    });

    it('sends no digest when nothing fell due', () => {
      expect(dueReminders([], [], [], s, at(4, 9), at(3, 9)).digest).toBeNull();
    });
  });
});

describe('missedMilestones', () => {
  it('counts milestones past due or marked missed, not done ones', () => {
    expect(missedMilestones(plans, at(3, 12))).toBe(0);
    expect(missedMilestones(plans, at(4, 12))).toBe(1);
    expect(missedMilestones(plans, at(6, 12))).toBe(2);
    expect(missedMilestones([{ milestones: [{ status: 'missed' }] }], at(1, 12))).toBe(1);
  });
});

describe('ReminderSettingsSchema', () => {
  it('accepts the defaults and rejects bad times at their field', () => {
    expect(ReminderSettingsSchema.parse(DEFAULT_REMINDER_SETTINGS)).toEqual(DEFAULT_REMINDER_SETTINGS);
    const bad = { ...DEFAULT_REMINDER_SETTINGS, quietHours: { enabled: true, start: '22:00', end: '22:00' }, digest: { enabled: true, time: '8am' } };
    expect(ReminderSettingsSchema.safeParse(bad).error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['quietHours.end', 'quiet hours need an end different from their start'],
      ['digest.time', 'use a 24-hour time such as 08:30'],
    ]);
  });
});
