import { describe, expect, it } from 'vitest';
import { CommitmentDraftSchema, FlagDraftSchema } from '../model';
import { RiskCategorySchema, SeveritySchema } from '../domain/risk-flag';
import { captureAccountId, captureConfirmation, commitmentDraftFromSelection, flagDraftFromSelection, truncate } from './capture';
import { defaultSeverity, RISK_CATEGORY_MENU_LABELS } from './severity';

const PAGE = { pageUrl: 'https://acme.lightning.force.com/lightning/r/Account/001/view', pageTitle: 'Northwind | Salesforce' };

describe('defaultSeverity', () => {
  it.each([
    ['integration-gap', 'high'],
    ['free-services', 'high'],
    ['commercial-mismatch', 'high'],
    ['overpromise', 'high'],
    ['competitor', 'medium'],
    ['timeline', 'medium'],
    ['other', 'low'],
  ] as const)('%s → %s', (category, severity) => {
    expect(defaultSeverity(category)).toBe(severity);
  });

  it('has a severity and a readable label for every category', () => {
    for (const c of RiskCategorySchema.options) {
      expect(SeveritySchema.options).toContain(defaultSeverity(c));
      expect(RISK_CATEGORY_MENU_LABELS[c]).toMatch(/^[A-Z]/);
    }
  });
});

describe('drafts from a selection', () => {
  it('builds a valid flag with the quote, page and default severity', () => {
    const d = flagDraftFromSelection({ selectionText: '  We will   do the\nmigration for free ', ...PAGE }, 'free-services', 'acc-1', 'Dana');
    expect(d).toMatchObject({
      accountId: 'acc-1',
      category: 'free-services',
      severity: 'high',
      quote: 'We will do the migration for free',
      url: PAGE.pageUrl,
      pageTitle: PAGE.pageTitle,
      createdBy: 'Dana',
      resolved: false,
    });
    expect(FlagDraftSchema.safeParse(d).success).toBe(true);
  });

  it('keeps an unassigned capture and drops addresses that are not web pages', () => {
    const d = flagDraftFromSelection(
      { selectionText: 'Budget not approved', pageUrl: 'file:///home/me/notes.html', pageTitle: 'x'.repeat(500) },
      'commercial-mismatch',
      null,
      'Dana',
    );
    expect(d?.accountId).toBeNull();
    expect(d?.url).toBeUndefined();
    expect(d?.pageTitle?.length).toBe(200);
    expect(FlagDraftSchema.safeParse(d).success).toBe(true);
  });

  it('saves a commitment as open and unconfirmed, without applying any suggestion', () => {
    const d = commitmentDraftFromSelection({ selectionText: 'SAP integration live by Q2', ...PAGE }, 'acc-1', 'Dana');
    expect(d).toMatchObject({
      text: 'SAP integration live by Q2',
      kind: 'other',
      status: 'open',
      roadmapStatus: 'unknown',
      sourceQuote: 'SAP integration live by Q2',
      sourceUrl: PAGE.pageUrl,
    });
    expect(d?.dueDate).toBeUndefined();
    expect(CommitmentDraftSchema.safeParse(d).success).toBe(true);
  });

  it('fits a long selection into the commitment text limit', () => {
    const d = commitmentDraftFromSelection({ selectionText: 'a'.repeat(3000) }, null, 'Dana');
    expect(d?.text.length).toBe(2000);
    expect(d?.sourceQuote?.length).toBe(3000);
    expect(CommitmentDraftSchema.safeParse(d).success).toBe(true);
  });

  it('ignores an empty selection', () => {
    expect(flagDraftFromSelection({ selectionText: ' \n ' }, 'other', null, 'Dana')).toBeNull();
    expect(commitmentDraftFromSelection({ selectionText: '' }, null, 'Dana')).toBeNull();
  });

  it('takes the account only from a linked resolution', () => {
    expect(captureAccountId({ status: 'linked', accountId: 'a1', matchedBy: 'record' })).toBe('a1');
    expect(captureAccountId({ status: 'not-linked', reason: 'ambiguous', candidates: [] })).toBeNull();
    expect(captureAccountId(null)).toBeNull();
  });

  it('says where the capture went', () => {
    expect(captureConfirmation({ type: 'flag', category: 'competitor' }, 'Northwind')).toBe('Risk flag (Competitor involved) saved to Northwind.');
    expect(captureConfirmation({ type: 'commitment' }, null)).toMatch(/^Commitment saved\. Not linked/);
  });
});

describe('truncate', () => {
  it('never splits a surrogate pair, an emoji sequence or a combining mark', () => {
    // 3 units of text, then a family emoji (11 units, one grapheme).
    const family = '👨‍👩‍👧';
    expect(truncate(`abc${family}def`, 8)).toBe('abc…');
    expect(truncate(`ab😀cd`, 4)).toBe('ab…');
    expect(truncate('cafe\u0301 noir', 5)).toBe('caf…');
    expect(truncate('short', 10)).toBe('short');
  });

  it('keeps every captured quote storable and within its limit', () => {
    const text = '😀'.repeat(4000);
    const draft = flagDraftFromSelection({ selectionText: text, ...PAGE }, 'other', null, 'Ana')!;
    expect(draft.quote!.length).toBeLessThanOrEqual(5000);
    expect(draft.quote!.endsWith('😀…')).toBe(true);
    expect(FlagDraftSchema.safeParse(draft).success).toBe(true);
  });
});
