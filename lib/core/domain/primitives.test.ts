import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountSchema } from './account';
import { CommitmentSchema } from './commitment';
import { CrmRecordRefSchema } from './crm-record';
import { IcpApprovalSchema } from './icp';
import { isStorableText, LongTextSchema, PersonSchema, TextSchema, UNSTORABLE_TEXT_MESSAGE } from './primitives';
import { RiskFlagSchema } from './risk-flag';

const at = '2026-01-05T10:00:00.000Z';

describe('storable text', () => {
  it('accepts any text a person can type, emoji and other astral characters included', () => {
    for (const t of ['', 'Acme GmbH', 'Zoë 👩‍💻 🇩🇪', '日本語', '\t\n\r', '\u{1F600}'.repeat(100)]) expect(isStorableText(t), t).toBe(true);
  });

  it('refuses NUL and unpaired surrogates anywhere in the text', () => {
    for (const t of ['\u0000', 'a\u0000b', '\uD83D', 'x\uD83D', '\uDE00x', 'ok \uDE00\uD83D', 'end\uD800'])
      expect(isStorableText(t), JSON.stringify(t)).toBe(false);
  });

  it('is storable exactly when it holds no NUL and every surrogate is paired, for any code units', () => {
    // UTF-16 code units of every kind, lone surrogates and NUL among them, and mostly plain text around them.
    const unit = fc.oneof(fc.constantFrom('\u0000', '\uD83D', '\uDE00', '\uD800', '\uDFFF'), fc.string({ unit: 'grapheme', maxLength: 3 }));
    const text = fc.oneof(
      fc.string({ unit: 'binary-ascii' }),
      fc.array(unit, { maxLength: 12 }).map((parts) => parts.join('')),
    );
    fc.assert(
      fc.property(text, (t) => {
        const wellFormed = /^(?:[^\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/.test(t);
        expect(isStorableText(t)).toBe(wellFormed && !t.includes('\u0000'));
      }),
      { numRuns: 2000 },
    );
  });

  it('names the field in the error of every free-text schema', () => {
    expect(TextSchema.safeParse('a\u0000').error?.issues[0]?.message).toBe(UNSTORABLE_TEXT_MESSAGE);
    expect(PersonSchema.safeParse(' Ana\uD800 ').success).toBe(false);
    expect(LongTextSchema.safeParse('quote \u0000').success).toBe(false);
    const account = AccountSchema.safeParse({
      id: 'a1',
      name: 'Globex\u0000',
      segment: 'smb',
      arr: 1,
      lifecycleStage: 'onboarding',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    expect(account.error?.issues.map((i) => i.path.join('.'))).toEqual(['name']);
    const commitment = CommitmentSchema.safeParse({
      id: 'c1',
      accountId: null,
      text: 'Ship \uDE00 by Q3',
      kind: 'feature',
      status: 'open',
      roadmapStatus: 'unknown',
      createdBy: 'Ana',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    expect(commitment.error?.issues[0]).toMatchObject({ path: ['text'], message: UNSTORABLE_TEXT_MESSAGE });
    const flag = RiskFlagSchema.safeParse({
      id: 'f1',
      accountId: null,
      category: 'other',
      severity: 'low',
      note: 'fine',
      quote: 'bad \u0000',
      createdBy: 'Ana',
      resolved: false,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    expect(flag.error?.issues[0]?.path).toEqual(['quote']);
    const ref = CrmRecordRefSchema.safeParse({
      platform: 'hubspot',
      host: 'app.hubspot.com',
      objectType: 'company',
      kind: 'account',
      recordId: '1\u0000',
    });
    expect(ref.error?.issues[0]?.path).toEqual(['recordId']);
    const approval = IcpApprovalSchema.safeParse({
      accountId: 'a1',
      status: 'requested',
      requestedBy: 'Ana',
      requestedAt: at,
      reason: 'strategic',
      tradeOffs: 'custom \uD800 work',
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    expect(approval.error?.issues[0]?.path).toEqual(['tradeOffs']);
  });
});
