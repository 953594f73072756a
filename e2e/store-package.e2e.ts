/// <reference types="chrome" />
// Code passed to evaluate() runs inside the extension, where `chrome` exists.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, type ExtensionBrowser } from './harness/browser';

// What `npm run zip:firefox` produced (npm run test:e2e runs it first).
const ROOT = resolve('.');
const VERSION = (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version;
const FIREFOX_ZIP = resolve(`.output/seamline-${VERSION}-firefox.zip`);
const SOURCES_ZIP = resolve(`.output/seamline-${VERSION}-sources.zip`);
const FIREFOX_BUILD = resolve('.output/firefox-mv2');

interface LintMessage {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

/**
 * Validator findings that come from libraries, not from Seamline, each with
 * the code it must be found in. React assigns innerHTML only to render
 * `dangerouslySetInnerHTML`, which Seamline's own code never uses (checked
 * below), so no page text can reach it.
 */
const LIBRARY_FINDINGS = [{ code: 'UNSAFE_VAR_ASSIGNMENT', context: /dangerouslySetInnerHTML[\s\S]*__html[\s\S]*\.innerHTML\s*=/ }];

function contextOf(m: LintMessage, dir: string): string {
  if (!m.file || !m.line) return '';
  const line = readFileSync(join(dir, m.file), 'utf8').split('\n')[m.line - 1] ?? '';
  const at = (m.column ?? 0) - 1;
  return line.slice(Math.max(0, at - 600), at + 200);
}

function fileHashes(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

function pngSize(file: string): [number, number] {
  const b = readFileSync(file);
  expect(b.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [b.readUInt32BE(16), b.readUInt32BE(20)];
}

describe('the Firefox package for addons.mozilla.org', () => {
  it('passes Mozilla’s add-on validator with nothing from Seamline’s own code or manifest', () => {
    let raw: string;
    try {
      raw = execFileSync(join(ROOT, 'node_modules/.bin/addons-linter'), ['--output', 'json', FIREFOX_ZIP], { encoding: 'utf8' });
    } catch (e) {
      // The validator exits non-zero when it finds errors; its report is still on stdout.
      raw = (e as { stdout?: string }).stdout ?? '';
    }
    const report = JSON.parse(raw) as { errors: LintMessage[]; warnings: LintMessage[]; notices: LintMessage[] };
    const own = [...report.errors, ...report.warnings, ...report.notices].filter(
      (m) => !LIBRARY_FINDINGS.some((f) => f.code === m.code && f.context.test(contextOf(m, FIREFOX_BUILD))),
    );
    expect(own.map((m) => `${m.code} ${m.file ?? ''}:${m.line ?? ''} ${m.message}`)).toEqual([]);
    expect(report.errors).toEqual([]);
  });

  it('never renders markup through dangerouslySetInnerHTML or innerHTML in Seamline’s own code', () => {
    const pattern = /dangerouslySetInnerHTML|\.innerHTML\s*=|insertAdjacentHTML|outerHTML\s*=/;
    const hits: string[] = [];
    const walk = (d: string) => {
      for (const name of readdirSync(d)) {
        const p = join(d, name);
        if (statSync(p).isDirectory()) walk(p);
        // Tests build fixture pages with innerHTML; they never ship.
        else if (/\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) && pattern.test(readFileSync(p, 'utf8'))) hits.push(relative(ROOT, p));
      }
    };
    for (const d of ['components', 'entrypoints', 'lib']) walk(join(ROOT, d));
    expect(hits).toEqual([]);
  });

  it('declares an icon at every size the stores ask for, each a PNG of that size', () => {
    const manifest = JSON.parse(readFileSync(join(FIREFOX_BUILD, 'manifest.json'), 'utf8')) as {
      icons: Record<string, string>;
      browser_action: { default_icon: Record<string, string> };
    };
    expect(Object.keys(manifest.icons).map(Number)).toEqual([16, 32, 48, 96, 128]);
    for (const [size, file] of [...Object.entries(manifest.icons), ...Object.entries(manifest.browser_action.default_icon)]) {
      expect(pngSize(join(FIREFOX_BUILD, file)), file).toEqual([Number(size), Number(size)]);
    }
  });

  describe('the sources package', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'seamline-sources-'));
      execFileSync('unzip', ['-q', SOURCES_ZIP, '-d', dir]);
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('holds the build instructions reviewers follow', () => {
      expect(readFileSync(join(dir, 'docs/store/README.md'), 'utf8')).toContain('npm run zip:firefox');
    });

    it('rebuilds the uploaded add-on file for file', () => {
      // The same locked dependencies (reviewers run `npm ci`; linking this
      // checkout's installed copy keeps the test offline and fast).
      symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
      // As from a shell: the test runner's NODE_ENV=test would change the build.
      const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => k !== 'NODE_ENV' && k !== 'TEST' && !k.startsWith('VITEST')));
      execFileSync(join(ROOT, 'node_modules/.bin/wxt'), ['build', '-b', 'firefox'], { cwd: dir, stdio: 'ignore', env });
      expect(fileHashes(join(dir, '.output/firefox-mv2'))).toEqual(fileHashes(FIREFOX_BUILD));
    }, 120_000);
  });
});

describe('zod runs without eval in every bundle of the Chromium build', () => {
  let browser: ExtensionBrowser;
  beforeAll(async () => {
    browser = await launchWithExtension({ hosts: [], port: 9 });
  });
  afterAll(() => browser?.close());

  it('in the service worker and each extension page, with no refused eval', async () => {
    expect(await browser.worker.evaluate(() => (globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig?.jitless)).toBe(
      true,
    );
    // Every page the build holds, so a page added later is checked too.
    const pages = readdirSync(resolve('.output/chrome-mv3')).filter((name) => name.endsWith('.html'));
    expect(pages).toEqual(expect.arrayContaining(['dashboard.html', 'options.html', 'popup.html', 'sidepanel.html', 'welcome.html']));
    for (const path of pages) {
      const page = await browser.context.newPage();
      const refused: string[] = [];
      page.on('console', (m) => {
        if (/unsafe-eval|EvalError|Content Security Policy/i.test(m.text())) refused.push(m.text());
      });
      await page.goto(`chrome-extension://${browser.extensionId}/${path}`);
      // The panel page loads its code in two steps (entrypoints/sidepanel/main.tsx): wait until it has rendered.
      await page.waitForFunction(() => (document.getElementById('root')?.childElementCount ?? 0) > 0, null, { timeout: 15_000 });
      expect(await page.evaluate(() => (globalThis as { __zod_globalConfig?: { jitless?: boolean } }).__zod_globalConfig?.jitless), path).toBe(true);
      expect(refused, path).toEqual([]);
      await page.close();
    }
  });
});

describe('the scripts of both builds', () => {
  // V8 holds a script's source as a two-byte string when one character is
  // beyond Latin-1: the worker and every panel frame would hold twice the bytes
  // for the code's text (wxt.config.ts writes the bundles in ASCII).
  it('are ASCII', () => {
    for (const dir of ['.output/chrome-mv3', FIREFOX_BUILD]) {
      const scripts = (readdirSync(resolve(dir), { recursive: true }) as string[]).filter((name) => name.endsWith('.js'));
      expect(scripts.length, dir).toBeGreaterThan(5);
      for (const name of scripts) {
        const beyond = readFileSync(join(resolve(dir), name), 'utf8').match(/\P{ASCII}/u);
        expect(beyond?.[0], `${dir}/${name}`).toBeUndefined();
      }
    }
  });
});
