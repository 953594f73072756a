import { describe, expect, it } from 'vitest';
import { RecordReportSchema, senderRole } from './protocol';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('senderRole', () => {
  it.each([
    [{ id: ID, url: `${ORIGIN}sidepanel.html`, tab: { id: 4 } }, 'extension-page'],
    [{ id: ID, url: `${ORIGIN}popup.html` }, 'extension-page'],
    [{ id: ID, url: 'https://acme.lightning.force.com/lightning/r/Account/x/view', tab: { id: 4 } }, 'content-script'],
    [{ id: 'another-extension', url: `${ORIGIN}popup.html` }, 'unknown'],
    [{ id: ID, url: 'https://evil.example/' }, 'unknown'],
    [{ id: ID, url: `chrome-extension://${ID}.evil/`, tab: { id: -1 } }, 'unknown'],
    [{}, 'unknown'],
  ] as const)('%j is %s', (sender, role) => {
    expect(senderRole(sender, ID, ORIGIN)).toBe(role);
  });
});

describe('RecordReportSchema', () => {
  it('rejects a report whose record is not a record ref', () => {
    const r = RecordReportSchema.safeParse({ channel: 'seamline', type: 'record-report', href: 'https://x', record: { platform: 'myspace' } });
    expect(r.success).toBe(false);
  });
  it('accepts "no record"', () => {
    expect(RecordReportSchema.parse({ channel: 'seamline', type: 'record-report', href: 'https://x', record: null }).record).toBeNull();
  });
});
