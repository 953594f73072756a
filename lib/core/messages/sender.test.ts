import { describe, expect, it } from 'vitest';
import { senderRole } from './sender';

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}/`;

describe('senderRole: the one sender check', () => {
  it.each([
    [{ id: ID, url: `${ORIGIN}popup.html` }, 'extension-page'],
    [{ id: ID, url: `${ORIGIN}sidepanel.html` }, 'extension-page'],
    [{ id: ID, url: `${ORIGIN}options.html`, tab: { id: 4 }, frameId: 0 }, 'extension-page'],
    [{ id: ID, url: `${ORIGIN}sidepanel.html`, tab: { id: 4 }, frameId: 3 }, 'panel-frame'],
    [{ id: ID, url: 'https://acme.lightning.force.com/lightning/r/Account/x/view', tab: { id: 4 }, frameId: 0 }, 'content-script'],
    [{ id: 'another-extension', url: `${ORIGIN}popup.html` }, 'unknown'],
    [{ id: ID, url: 'https://evil.example/' }, 'unknown'],
    [{ id: ID, url: `chrome-extension://${ID}.evil/`, tab: { id: -1 } }, 'unknown'],
    [{ id: ID, url: `${ORIGIN.slice(0, -1)}xyz/popup.html` }, 'unknown'],
    [{}, 'unknown'],
  ] as const)('%j is %s', (sender, role) => {
    expect(senderRole(sender, ID, ORIGIN)).toBe(role);
    // The origin may be given with or without its trailing slash.
    expect(senderRole(sender, ID, ORIGIN.slice(0, -1))).toBe(role);
  });
});
