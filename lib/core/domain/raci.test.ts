import { describe, expect, it } from 'vitest';
import { validateForm } from '../settings/form';
import { DEFAULT_RACI, DEFAULT_SETTINGS } from './defaults';
import { NextOwnerSchema, partyLabel, RaciMatrixSchema, setRaciLetter, whoOwnsNext, type RaciMatrix } from './raci';
import { SettingsSchema } from './settings';

const account = { ownerAe: 'Sam Ortiz', csm: 'Dana Lee' };

const withAssignments = (id: string, assignments: RaciMatrix['activities'][number]['assignments']): RaciMatrix => ({
  activities: DEFAULT_RACI.activities.map((a) => (a.id === id ? { ...a, assignments } : a)),
});

describe('RaciMatrixSchema: exactly one Accountable per activity', () => {
  it('rejects an activity with no Accountable, naming it, at its assignments', () => {
    const r = RaciMatrixSchema.safeParse(withAssignments('qbr', { ae: 'C', csm: 'R', 'sales-manager': 'I', 'cs-manager': 'R' }));
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['activities', 2, 'assignments'], message: '"Success reviews and QBR" needs one Accountable role' }),
    ]);
  });

  it('rejects an activity with two Accountables, naming it', () => {
    const r = RaciMatrixSchema.safeParse(withAssignments('renewal', { ae: 'A', csm: 'R', 'cs-manager': 'A' }));
    expect(r.error?.issues).toEqual([
      expect.objectContaining({ path: ['activities', 3, 'assignments'], message: '"Renewal" has 2 Accountable roles; exactly one answers for it' }),
    ]);
  });

  it('accepts several Responsible roles and roles left blank', () => {
    const m = withAssignments('renewal', { ae: 'R', csm: 'R', 'cs-manager': 'A' });
    expect(RaciMatrixSchema.parse(m)).toEqual(m);
  });

  it('reports every bad activity, and duplicate ids', () => {
    const bad = { activities: [...DEFAULT_RACI.activities.map((a) => ({ ...a, assignments: { ae: 'R' as const } })), DEFAULT_RACI.activities[0]!] };
    const r = RaciMatrixSchema.safeParse(bad);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual([
      'activities.0.assignments',
      'activities.1.assignments',
      'activities.2.assignments',
      'activities.3.assignments',
      'activities.4.assignments',
      'activities.5.id',
    ]);
  });

  it('gives the settings form a field-level error at the activity', () => {
    const r = validateForm(SettingsSchema, { ...DEFAULT_SETTINGS, raci: withAssignments('expansion', { ae: 'R' }) });
    expect(r).toEqual({ ok: false, errors: { 'raci.activities[4].assignments': '"Expansion / upsell" needs one Accountable role' } });
  });
});

describe('whoOwnsNext', () => {
  it('names the AE and CSM from the account for the kickoff', () => {
    const r = whoOwnsNext(account, 'onboarding', { id: 'joint-kickoff' }, DEFAULT_RACI);
    expect(r && NextOwnerSchema.parse(r)).toEqual(r);
    expect(r).toEqual({
      activityId: 'onboarding-kickoff',
      activityLabel: 'Onboarding kickoff',
      responsible: [{ role: 'ae', roleLabel: 'AE', name: 'Sam Ortiz' }],
      accountable: { role: 'csm', roleLabel: 'CSM', name: 'Dana Lee' },
    });
    expect(partyLabel(r!.accountable)).toBe('Dana Lee (CSM)');
  });

  it('uses the role where the account names no person', () => {
    const r = whoOwnsNext(account, 'renewal-readiness', { id: 'renewal-readiness-review' }, DEFAULT_RACI);
    expect(r?.accountable).toEqual({ role: 'cs-manager', roleLabel: 'CS manager / RevOps', name: null });
    expect(partyLabel(r!.accountable)).toBe('CS manager / RevOps');
    expect(r?.responsible.map(partyLabel)).toEqual(['Dana Lee (CSM)']);
    expect(whoOwnsNext({}, 'onboarding', null, DEFAULT_RACI)?.responsible.map(partyLabel)).toEqual(['AE']);
  });

  it('goes by the next milestone before the stage', () => {
    // Still in onboarding, but the kickoff is done and first value is next.
    expect(whoOwnsNext(account, 'onboarding', { id: 'first-value' }, DEFAULT_RACI)?.activityId).toBe('qbr');
  });

  it('falls back to the stage when the milestone is not in the matrix, and to null when nothing applies', () => {
    expect(whoOwnsNext(account, 'expansion', { id: 'custom-milestone' }, DEFAULT_RACI)).toMatchObject({
      activityId: 'expansion',
      accountable: { role: 'sales-manager', name: null },
    });
    expect(whoOwnsNext(account, 'churned', null, DEFAULT_RACI)).toBeNull();
  });

  it('names nobody for an activity without exactly one Accountable', () => {
    const invalid = withAssignments('onboarding-kickoff', { ae: 'R', csm: 'R' });
    expect(whoOwnsNext(account, 'onboarding', { id: 'joint-kickoff' }, invalid)).toBeNull();
  });
});

describe('setRaciLetter', () => {
  const kickoff = (m: RaciMatrix) => m.activities.find((a) => a.id === 'onboarding-kickoff')!.assignments;

  it('moves Accountable rather than adding a second one', () => {
    const next = setRaciLetter(DEFAULT_RACI, 'onboarding-kickoff', 'cs-manager', 'A');
    expect(kickoff(next)).toEqual({ ae: 'R', 'sales-manager': 'I', 'cs-manager': 'A' });
    expect(RaciMatrixSchema.safeParse(next).success).toBe(true);
  });

  it('sets and clears other letters without touching other activities', () => {
    const next = setRaciLetter(setRaciLetter(DEFAULT_RACI, 'onboarding-kickoff', 'sales-manager', null), 'onboarding-kickoff', 'cs-manager', 'R');
    expect(kickoff(next)).toEqual({ ae: 'R', csm: 'A', 'cs-manager': 'R' });
    expect(next.activities.filter((a) => a.id !== 'onboarding-kickoff')).toEqual(
      DEFAULT_RACI.activities.filter((a) => a.id !== 'onboarding-kickoff'),
    );
  });

  it('clearing the only Accountable leaves the activity for validation to report', () => {
    const next = setRaciLetter(DEFAULT_RACI, 'onboarding-kickoff', 'csm', 'R');
    expect(RaciMatrixSchema.safeParse(next).error?.issues[0]?.message).toBe('"Onboarding kickoff" needs one Accountable role');
  });
});
