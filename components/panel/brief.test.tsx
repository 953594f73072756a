import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { HOSTILE_NAME, makeAccount, makeCommitment, makeContext, makeFlag, NOW } from '../../test/render';
import { buildHandoffBrief, mdInline, mdQuote } from './brief';

// Characters that, unescaped, could open Markdown or HTML structure.
const SPECIALS = '\\`*_{}[]()<>#+!|~&-';
/** Drops every backslash-escaped pair; whatever special is left was not escaped. */
const unescaped = (s: string) => s.replace(/\\[\s\S]/g, '');

describe('mdInline', () => {
  it('keeps any text on one line with every structural character escaped', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 80 }), (text) => {
        const out = mdInline(text);
        expect(out).not.toMatch(/[\r\n]/);
        for (const ch of unescaped(out)) expect(SPECIALS.includes(ch)).toBe(false);
      }),
    );
  });

  it('turns a leading heading, list or ordered-list marker into literal text', () => {
    expect(mdInline('# Owned')).toBe('\\# Owned');
    expect(mdInline('- item')).toBe('\\- item');
    expect(mdInline('12. item')).toBe('12\\. item');
  });
});

describe('mdQuote', () => {
  it('keeps every line of a multi-line quote inside the blockquote', () => {
    const out = mdQuote('first\n## not a heading\n\n| a | b |\n<script>x</script>');
    const lines = out.split('\n');
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.startsWith('>')).toBe(true);
    expect(unescaped(out.replace(/^> ?/gm, ''))).not.toMatch(/[#|<]/);
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
    expect(rows.some((r) => r.includes('Sync \\| everything \\# and more'))).toBe(true);
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

  it('says when there is nothing open', () => {
    const empty = buildHandoffBrief(makeContext({ commitments: [], flags: [], snapshots: [] }), DEFAULT_SETTINGS, NOW);
    expect(empty).toContain('## Open commitments\n\nNone recorded.');
    expect(empty).toContain('## Health\n\nUnknown');
  });
});
