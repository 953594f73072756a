/// <reference types="chrome" />
// Code passed to evaluate() runs inside the extension, where `chrome` exists.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { CHANNEL } from '../lib/core/messages/channel';
import { DEFAULT_HEALTH_WEIGHTS } from '../lib/core/domain/defaults';
import { HEALTH_COMPONENTS } from '../lib/core/domain/health-snapshot';
import { launchWithExtension, waitFor, type ExtensionBrowser } from './harness/browser';

// The test build's id, fixed by the public key in its manifest (wxt.config.ts):
// a browser policy names the extension it configures.
const EXTENSION_ID = 'hlhckefjmpichjidnameglkdjllhliga';
// Debian Chromium reads managed policies from here, at start and when the files change.
const POLICY_DIR = '/etc/chromium/policies/managed';
const POLICY_FILE = `${POLICY_DIR}/seamline-e2e.json`;
const BACKEND = 'https://seamline.acme.example';

const policy = {
  backendUrl: BACKEND,
  workspace: 'acme',
  localModeAllowed: false,
  // Every weight 0: Chrome's schema (numbers) lets it through, Seamline's refuses it.
  healthWeights: Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, 0])),
};

let browser: ExtensionBrowser | null = null;
let page: Page;

beforeAll(async () => {
  mkdirSync(POLICY_DIR, { recursive: true });
  // Written before launch: the browser reads its policies as it starts.
  writeFileSync(POLICY_FILE, JSON.stringify({ '3rdparty': { extensions: { [EXTENSION_ID]: policy } } }));
  browser = await launchWithExtension({ hosts: [], port: 9 });
  page = await browser.context.newPage();
});

afterAll(async () => {
  try {
    await browser?.close();
  } finally {
    // The policy file is this test's own: it goes whatever happened.
    rmSync(POLICY_FILE, { force: true });
  }
});

describe('managed policy (Chromium, policy file)', () => {
  it('loads the build whose id the policy names', () => {
    expect(browser?.extensionId).toBe(EXTENSION_ID);
  });

  it('sets the backend URL and locks it in the options page', async () => {
    await page.goto(`chrome-extension://${EXTENSION_ID}/options.html`);
    const ds = page.getByRole('region', { name: 'Data source' });
    const url = ds.getByLabel('Backend URL');
    await url.waitFor({ timeout: 20_000 });
    expect(await url.inputValue()).toBe(BACKEND);
    expect(await url.isDisabled()).toBe(true);
    expect(await ds.getByText('Set by your organisation', { exact: false }).first().isVisible()).toBe(true);
    // Local mode is not allowed: the choice is fixed to the team backend.
    expect(await ds.getByLabel('This browser (local)').isDisabled()).toBe(true);
    expect(await ds.getByLabel('Team backend').isChecked()).toBe(true);
    expect(await ds.getByText('acme', { exact: true }).isVisible()).toBe(true);
  });

  it('reports the invalid health weights and ignores them', async () => {
    const problems = page.getByTestId('policy-problems');
    await problems.waitFor({ timeout: 10_000 });
    const text = (await problems.textContent()) ?? '';
    expect(text).toContain('healthWeights');
    expect(text).toContain('at least one weight must be positive');
    // The person's own weights (the defaults here) stay in force, and remain theirs to change.
    const hw = page.getByRole('region', { name: 'Health weights' });
    const adoption = hw.getByLabel('Adoption');
    expect(await adoption.inputValue()).toBe(String(DEFAULT_HEALTH_WEIGHTS.adoption));
    expect(await adoption.isDisabled()).toBe(false);
    expect(await hw.getByText('Set by your organisation', { exact: false }).count()).toBe(0);
  });

  it('every reader gets the settings in force: the background reports the backend as the data source', async () => {
    const snapshot = await waitFor(
      () =>
        page.evaluate((channel) => chrome.runtime.sendMessage({ channel, type: 'settings-get' }), CHANNEL) as Promise<{
          settings: { dataSource: { kind: string; url?: string } };
          managed?: { locked: Array<{ path: string }> };
        }>,
      { what: 'the settings snapshot' },
    );
    expect(snapshot.settings.dataSource).toEqual({ kind: 'backend', url: BACKEND });
    expect(snapshot.managed?.locked.map((l) => l.path).sort()).toEqual(['dataSource.kind', 'dataSource.url']);
  });
});
