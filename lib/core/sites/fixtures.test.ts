import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Window } from 'happy-dom';
import { describe, expect, it } from 'vitest';
import { FIXTURE_SCRIPT_FILE, fixtureHtml } from '../../../e2e/fixtures/generate';
import { FIXTURE_RECORDS, FIXTURE_UNRELATED_URL } from '../../demo/fixture-records';
import { detectRecord } from './index';

const dir = join(process.cwd(), 'e2e/fixtures');
const platforms = [...new Set(FIXTURE_RECORDS.map((r) => r.platform))];
const html = (p: string) => readFileSync(join(dir, `${p}.html`), 'utf8');

const shell = readFileSync(FIXTURE_SCRIPT_FILE, 'utf8');

// Loads a fixture page the way a browser would at `url`, then runs the shell
// script the page loads from its host (happy-dom does not fetch it here).
async function load(platform: string, url: string) {
  const win = new Window({
    url,
    settings: {
      enableJavaScriptEvaluation: true,
      suppressInsecureJavaScriptEnvironmentWarning: true,
      disableJavaScriptFileLoading: true,
      disableCSSFileLoading: true,
    },
  });
  win.document.write(html(platform));
  win.eval(shell);
  await win.happyDOM.waitUntilComplete();
  return win;
}

describe('fixture pages', () => {
  it.each(platforms)('%s.html is up to date with FIXTURE_RECORDS', (p) => {
    expect(html(p)).toBe(fixtureHtml(p));
    const doc = new Window().document;
    doc.write(html(p));
    expect(JSON.parse(doc.getElementById('records')!.textContent!)).toEqual(FIXTURE_RECORDS.filter((r) => r.platform === p));
  });

  it.each(FIXTURE_RECORDS.map((r) => [r.platform, r.url, r] as const))('%s page at %s shows the record detectRecord finds', async (p, url, rec) => {
    const win = await load(p, url);
    try {
      const { platform, host, objectType, kind, recordId, tenant, name, websiteDomain } = rec;
      expect(win.document.body.dataset.rendered).toBe(recordId);
      expect(detectRecord(url, win.document as unknown as Document)).toEqual({
        platform,
        host,
        objectType,
        kind,
        recordId,
        ...(tenant ? { tenant } : {}),
        name,
        websiteDomain,
      });
    } finally {
      await win.happyDOM.close();
    }
  });

  it('renders a hostile name as text and navigates between records with pushState', async () => {
    const win = await load('salesforce', FIXTURE_RECORDS[0]!.url);
    try {
      const doc = win.document as unknown as Document;
      const hostile = [...doc.querySelectorAll<HTMLAnchorElement>('#nav a')].find((a) => a.textContent!.startsWith('<img'))!;
      hostile.click();
      expect(win.location.pathname).toBe('/lightning/r/Account/001Dn00000HoStLIAV/view');
      expect(doc.querySelectorAll('main img')).toHaveLength(0);
      expect(detectRecord(win.location.href, doc)?.name).toBe('<img src=x onerror=alert(1)>');
      [...doc.querySelectorAll<HTMLAnchorElement>('#nav a')].find((a) => a.textContent === 'Home')!.click();
      expect(detectRecord(win.location.href, doc)).toBeNull();
      expect(doc.body.dataset.rendered).toBe('home');
    } finally {
      await win.happyDOM.close();
    }
  });

  it('hash-routed pages navigate by changing only the hash', async () => {
    const [first, second] = FIXTURE_RECORDS.filter((r) => r.platform === 'churnzero');
    const win = await load('churnzero', first!.url);
    try {
      const doc = win.document as unknown as Document;
      const a = [...doc.querySelectorAll<HTMLAnchorElement>('#nav a')].find((x) => x.textContent === second!.name)!;
      expect(a.getAttribute('href')!.startsWith('#')).toBe(true);
      win.location.hash = a.getAttribute('href')!;
      await new Promise((r) => setTimeout(r, 20));
      expect(detectRecord(win.location.href, doc)).toMatchObject({ recordId: second!.recordId, name: second!.name });
    } finally {
      await win.happyDOM.close();
    }
  });

  it('the unrelated page is no CRM record', () => {
    const doc = new Window({ url: FIXTURE_UNRELATED_URL }).document;
    doc.write(html('unrelated'));
    expect(detectRecord(FIXTURE_UNRELATED_URL, doc as unknown as Document)).toBeNull();
  });
});
