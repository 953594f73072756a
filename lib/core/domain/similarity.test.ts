import { describe, expect, it } from 'vitest';
import { makeCommitment, makeFlag } from '../../../test/render';
import { findSimilar, meaningfulWords, relatedFlags, SIMILAR_THRESHOLD, textSimilarity } from './similarity';

describe('normalised text similarity', () => {
  it('keeps the words that carry meaning', () => {
    expect([...meaningfulWords('We PROMISED the SAP S/4HANA connectors, by Q2!')]).toEqual(['sap', '4hana', 'connector', 'q2']);
    expect([...meaningfulWords('Café-grade réconciliation')]).toEqual(['cafe', 'grade', 'reconciliation']);
  });

  it.each([
    ['SAP connector by Q2', 'SAP S/4HANA connector by Q2', true],
    ['sap connector by q2', 'SAP Connector, by Q2.', true],
    ['SAP connector by Q2', 'We can have the SAP S/4HANA connector in place for you by Q2, no problem.', true],
    ['SAP connector', 'SAP is not on the roadmap. Product has not been asked.', false],
    ['Free data migration', 'Free onboarding', false],
    ['NetSuite sync of invoices', 'SAP S/4HANA connector by Q2', false],
    ['Dedicated CSM for the first year', 'A dedicated CSM in year one', true],
    ['', 'SAP connector', false],
  ])('%j vs %j → same promise: %s', (a, b, same) => {
    expect(textSimilarity(a, b) >= SIMILAR_THRESHOLD).toBe(same);
    expect(textSimilarity(a, b)).toBe(textSimilarity(b, a));
  });
});

describe('finding the thread a capture belongs to', () => {
  const sap = makeCommitment({ id: 'c-sap', text: 'SAP S/4HANA connector by Q2' });
  const settled = makeCommitment({ id: 'c-old', text: 'SAP connector by Q2', status: 'broken' });
  const elsewhere = makeCommitment({ id: 'c-other', accountId: 'acc-2', text: 'SAP connector by Q2' });
  const flag = makeFlag({ id: 'f-sap', note: 'Promised the SAP connector by Q2; not on the roadmap.', quote: undefined });
  const resolved = makeFlag({ id: 'f-done', note: 'SAP connector by Q2', resolved: true });

  it('finds open commitments and unresolved flags of the same account, most alike first', () => {
    const found = findSimilar('SAP connector by Q2', 'acc-1', { commitments: [settled, elsewhere, sap], flags: [resolved, flag] });
    expect(found.map((f) => f.item.id)).toEqual(['c-sap', 'f-sap']);
  });

  it('finds nothing for a different promise', () => {
    expect(findSimilar('Free onboarding for 40 reps', 'acc-1', { commitments: [sap], flags: [flag] })).toEqual([]);
  });

  it('shows a commitment with the flags about the same thing', () => {
    expect(relatedFlags(sap, [flag, resolved, makeFlag({ id: 'f-x' })]).map((f) => f.id)).toEqual(['f-sap']);
  });
});
