import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { HOSTILE_NAME, makeAccount, makeApproval, makeCommitment, makeContext, makeFlag, NOW } from '../../test/render';
import { buildHandoffBrief, buildHandoffBriefText, mdInline, mdQuote } from './brief';

/** Drops every backslash-escaped pair; whatever special is left was not escaped. */
const unescaped = (s: string) => s.replace(/\\[\s\S]/g, '');
/** What a Markdown renderer shows for escaped text: each escaped character as itself. */
const rendered = (s: string) => s.replace(/\\([\s\S])/g, '$1');
const folded = (s: string) => s.replace(/\s*[\r\n]+\s*/g, ' ').trim();

// Characters that open code, emphasis, strike-through, links or HTML wherever they stand.
const ANYWHERE = '\\`*_[]<~';

describe('mdInline', () => {
  it('keeps any text on one line, literal when rendered, with nothing that opens structure left unescaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), fc.boolean(), (text, cell) => {
        const out = mdInline(text, { cell });
        expect(out).not.toMatch(/[\r\n]/);
        expect(rendered(out)).toBe(folded(text));
        const bare = unescaped(out);
        for (const ch of bare) expect(ANYWHERE.includes(ch)).toBe(false);
        if (cell) expect(bare).not.toContain('|');
        expect(bare).not.toMatch(/&#?[a-z0-9]+;/i);
        expect(out).not.toMatch(/^([#\-+=>]|\d+[.)])/);
        expect(out).not.toMatch(/[^\\]#$|^#$/);
      }),
    );
  });

  it('turns a leading heading, list, quote or ordered-list marker into literal text', () => {
    expect(mdInline('# Owned')).toBe('\\# Owned');
    expect(mdInline('- item')).toBe('\\- item');
    expect(mdInline('> quoted')).toBe('\\> quoted');
    expect(mdInline('12. item')).toBe('12\\. item');
    expect(mdInline('Closing hashes ##')).toBe('Closing hashes \\#\\#');
    expect(mdInline('#')).toBe('\\#');
  });

  it('leaves dates, parentheses, hyphens and ampersands that open nothing as they are', () => {
    expect(mdInline('2028-11-19 (719 days to go)')).toBe('2028-11-19 (719 days to go)');
    expect(mdInline('Region APAC is not in North America, EMEA, UK&I')).toBe('Region APAC is not in North America, EMEA, UK&I');
    expect(mdInline('Renewal FY27 | Salesforce!')).toBe('Renewal FY27 | Salesforce!');
    expect(mdInline('Renewal FY27 | Salesforce', { cell: true })).toBe('Renewal FY27 \\| Salesforce');
    expect(mdInline('a *b* [c](d) <i> &amp;')).toBe('a \\*b\\* \\[c\\](d) \\<i> \\&amp;');
  });
});

describe('mdQuote', () => {
  it('keeps every line of a multi-line quote inside the blockquote', () => {
    const out = mdQuote('first\n## not a heading\n\n| a | b |\n<script>x</script>\n===');
    const lines = out.split('\n');
    expect(lines).toHaveLength(6);
    for (const line of lines) expect(line.startsWith('>')).toBe(true);
    const bodies = lines.map((l) => l.replace(/^> ?/, ''));
    // A line of a quoted table, heading or setext underline would be structure.
    for (const b of bodies) expect(b).not.toMatch(/^[#=|-]/);
    expect(unescaped(bodies.join('\n'))).not.toMatch(/[<|]/);
  });
});

describe('buildHandoffBrief', () => {
  const hostile = makeContext({
    account: makeAccount({ name: `# ${HOSTILE_NAME} | Corp` }),
    commitments: [
      makeCommitment({ id: 'c1', text: 'Sync | everything\n# and more', sourceQuote: 'line one\n# line two', sourceUrl: 'https://crm.example/r/1' }),
      { ...makeCommitment({ id: 'c2', text: 'Quoted (source) thing', sourceQuote: 'hello' }), sourceUrl: 'javascript:alert(1)' },
    ],
    flags: [makeFlag({ quote: '- fake list\n> nested' })],
  });
  const brief = buildHandoffBrief(hostile, DEFAULT_SETTINGS, NOW);
  const lines = brief.split('\n');

  it('has only the headings it writes itself', () => {
    const headings = lines.filter((l) => /^#{1,6} /.test(l));
    expect(headings[0]).toMatch(/^# Handoff brief: \\# \\<img/);
    expect(headings.slice(1).map((h) => h.replace(/^#+ /, ''))).toEqual(
      expect.arrayContaining(['Health', 'ICP', 'Open commitments', 'Open risk flags', 'Handoff checklist', 'Kickoff']),
    );
    expect(headings.every((h) => !h.includes('line two') && !h.includes('and more'))).toBe(true);
  });

  it('keeps each commitment in one table row with six cells', () => {
    const rows = lines.filter((l) => l.startsWith('| ') && !l.startsWith('| Due') && !l.startsWith('| ---'));
    expect(rows).toHaveLength(2);
    for (const row of rows) expect(unescaped(row).split('|')).toHaveLength(8);
    expect(rows.some((r) => r.includes('Sync \\| everything # and more'))).toBe(true);
  });

  it('links only http(s) sources', () => {
    expect(brief).toContain('](https://crm.example/r/1)');
    expect(brief).not.toContain('javascript:');
  });

  it('summarises the account, missing checklist items and the kickoff SLA', () => {
    expect(brief).toContain('**ARR:** $120,000');
    expect(brief).toContain('**CSM:** Sam Okafor');
    expect(brief).toContain('- [ ] Why did the client buy now?');
    expect(brief).toMatch(/## Kickoff\n\nDue 2026-03-09: Overdue/);
  });

  it('names the segment, stage, approval and kickoff status in the panel’s words, not from their slugs', () => {
    const smb = makeContext({
      account: makeAccount({ segment: 'smb', lifecycleStage: 'value-realisation', region: 'APAC' }),
      approval: makeApproval({ status: 'requested' }),
    });
    for (const text of [buildHandoffBrief(smb, DEFAULT_SETTINGS, NOW), buildHandoffBriefText(smb, DEFAULT_SETTINGS, NOW)]) {
      expect(text).toMatch(/Segment:\*{0,2} SMB$/m);
      expect(text).toMatch(/Lifecycle stage:\*{0,2} Value realisation$/m);
      expect(text).toContain('Approval: Requested — requested by');
    }
  });

  it('says when there is nothing open', () => {
    const empty = buildHandoffBrief(makeContext({ commitments: [], flags: [], snapshots: [] }), DEFAULT_SETTINGS, NOW);
    expect(empty).toContain('## Open commitments\n\nNone recorded.');
    expect(empty).toContain('## Health\n\nUnknown');
  });

  it('writes no backslash escapes for ordinary text', () => {
    const plain = makeContext({
      account: makeAccount({ renewalDate: '2028-11-19' }),
      commitments: [
        makeCommitment({
          text: 'SAP S/4HANA connector by Q2 (phase 1)',
          sourceQuote: "We'll have it - no problem.",
          sourceTitle: 'Renewal | Salesforce',
        }),
      ],
    });
    const md = buildHandoffBrief(plain, DEFAULT_SETTINGS, NOW);
    expect(md).not.toContain('\\');
    expect(md).toMatch(/\*\*Renewal:\*\* 2028-11-19 \(\d+ days to go\)/);
  });
});

describe('buildHandoffBriefText', () => {
  const text = buildHandoffBriefText(
    makeContext({
      account: makeAccount({ name: `# ${HOSTILE_NAME}` }),
      commitments: [
        makeCommitment({
          text: 'Sync *all* invoices\nnightly',
          sourceQuote: 'line one\nline two',
          sourceUrl: 'https://crm.example/r/1',
          sourceTitle: 'Deal',
        }),
      ],
    }),
    DEFAULT_SETTINGS,
    NOW,
  );

  it('is the same brief without Markdown: no escapes, no bold, no table, headings as words', () => {
    expect(text.startsWith(`Handoff brief: # ${HOSTILE_NAME}\n`)).toBe(true);
    expect(text).not.toContain('\\');
    expect(text).not.toContain('**');
    expect(text).not.toMatch(/^\|/m);
    expect(text).toMatch(/^HEALTH$/m);
    expect(text).toContain('ARR: $120,000');
    expect(text).toMatch(
      /^- Sync \*all\* invoices nightly — Integration, 2026-04-30 \(\d+ days to go\), promised by Dana Reyes to Priya \(VP Finance\); roadmap: On roadmap$/m,
    );
    expect(text).toContain('Source for “Sync *all* invoices nightly” (Deal (https://crm.example/r/1)):\n\n> line one\n> line two');
  });

  it('links only http(s) sources', () => {
    const bad = buildHandoffBriefText(
      makeContext({ commitments: [{ ...makeCommitment({ sourceQuote: 'q', sourceTitle: 'Deal' }), sourceUrl: 'javascript:alert(1)' }] }),
      DEFAULT_SETTINGS,
      NOW,
    );
    expect(bad).not.toContain('javascript:');
  });
});
