import { describe, expect, it } from 'vitest';
import { CommitmentSuggestionSchema, pendingSuggestion, suggestCommitment } from './suggest';

// Tuesday 10 March 2026, local noon.
const NOW = new Date(2026, 2, 10, 12, 0, 0);

describe('suggestCommitment: kind', () => {
  it.each([
    ['We will build the SAP integration for them', 'integration'],
    ['NetSuite connector included', 'integration'],
    ['Free migration of five years of history', 'professional-services'],
    ['Our team will migrate their old tickets', 'professional-services'],
    ['A dedicated CSM for the first year', 'resourcing'],
    ['99.9% uptime, contractually', 'sla'],
    ['4-hour response time on P1 tickets', 'sla'],
    ['20% discount if they sign this quarter', 'pricing'],
    ['Price lock for three years', 'pricing'],
    ['We can freeze the rate at renewal', 'pricing'],
    ['Custom dashboards for the board pack', 'feature'],
    ['Go-live before the busy season', 'timeline'],
    ['Thanks for a great call today', 'other'],
  ])('%s → %s', (text, kind) => {
    const s = suggestCommitment(text, NOW);
    expect(s.kind).toBe(kind);
    expect(CommitmentSuggestionSchema.safeParse(s).success).toBe(true);
  });

  it('quotes the words behind the kind', () => {
    expect(suggestCommitment('Free migration of their data', NOW).kindReason).toContain('"Free migration"');
  });

  it('lets a services promise win over the system it mentions', () => {
    expect(suggestCommitment('Free migration out of SAP', NOW).kind).toBe('professional-services');
  });
});

describe('suggestCommitment: due date', () => {
  it.each([
    ['SAP integration live by Q2', '2026-06-30'],
    ['by the end of Q1', '2026-03-31'],
    ['Delivered in Q4 2027', '2027-12-31'],
    ["shipping in Q3'27", '2027-09-30'],
    ['We will reply within 48 hours', '2026-03-12'],
    ['within 3 business days', '2026-03-13'],
    ['in two weeks', '2026-03-24'],
    ['in 30 days', '2026-04-09'],
    ['in 6 months', '2026-09-10'],
    ['by end of month', '2026-03-31'],
    ['by the end of the year', '2026-12-31'],
    ['next week', '2026-03-20'],
    ['next month', '2026-04-30'],
    ['by March 15', '2026-03-15'],
    ['by March 15th, 2028', '2028-03-15'],
    ['by 1 March', '2027-03-01'],
    ['go-live by June', '2026-06-30'],
    ['by the end of February', '2027-02-28'],
    ['by Friday', '2026-03-13'],
    ['by tomorrow', '2026-03-11'],
    ['due 2027-06-30 at the latest', '2027-06-30'],
  ])('%s → %s', (text, due) => {
    const s = suggestCommitment(text, NOW);
    expect(s.dueDate).toBe(due);
    expect(s.dueReason).toContain(due);
  });

  it('moves a quarter that has already ended to next year', () => {
    expect(suggestCommitment('by Q1', new Date(2026, 4, 1)).dueDate).toBe('2027-03-31');
    expect(suggestCommitment('by Q1', new Date(2026, 2, 31)).dueDate).toBe('2026-03-31');
  });

  it('takes the first deadline mentioned', () => {
    expect(suggestCommitment('The connector by Q2, with a check-in within 48 hours', NOW).dueDate).toBe('2026-06-30');
    expect(suggestCommitment('A check-in within 48 hours and the connector by Q2', NOW).dueDate).toBe('2026-03-12');
  });

  it.each([
    'We may add SSO later',
    'The feature is available today',
    'Due on February 30',
    'Around 30 users in the first wave',
    'Thanks for a great call',
  ])('suggests no date for "%s"', (text) => {
    const s = suggestCommitment(text, NOW);
    expect(s.dueDate).toBeUndefined();
    expect(s.dueReason).toBeUndefined();
  });
});

describe('suggestCommitment: roadmap hint', () => {
  it.each([
    ['The Workday connector is on our roadmap for Q3', 'on-roadmap'],
    ['Not on the roadmap, but we will build it for them', 'not-on-roadmap'],
    ['Slack integration is already live', 'live'],
  ])('%s → %s', (text, hint) => {
    expect(suggestCommitment(text, NOW).roadmapHint).toBe(hint);
  });

  it('gives no hint when the text says nothing about the roadmap', () => {
    expect(suggestCommitment('SAP integration by Q2', NOW).roadmapHint).toBeUndefined();
  });
});

describe('pendingSuggestion', () => {
  it('offers the kind and date a captured commitment was saved without', () => {
    expect(pendingSuggestion({ text: 'SAP integration by Q2', kind: 'other' }, NOW)).toEqual({
      kind: 'integration',
      kindReason: expect.stringContaining('SAP'),
      dueDate: '2026-06-30',
      dueReason: expect.stringContaining('Q2'),
    });
  });

  it('offers only what is missing', () => {
    expect(pendingSuggestion({ text: 'SAP integration by Q2', kind: 'integration' }, NOW)).toEqual({
      dueDate: '2026-06-30',
      dueReason: expect.any(String),
    });
    expect(pendingSuggestion({ text: 'SAP integration by Q2', kind: 'other', dueDate: '2026-05-01' }, NOW)).toEqual({
      kind: 'integration',
      kindReason: expect.any(String),
    });
  });

  it('stops asking once applied, or when there is nothing to suggest', () => {
    expect(pendingSuggestion({ text: 'SAP integration by Q2', kind: 'integration', dueDate: '2026-06-30' }, NOW)).toBeNull();
    expect(pendingSuggestion({ text: 'Thanks for the call', kind: 'other' }, NOW)).toBeNull();
  });
});
