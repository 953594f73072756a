import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { DEFAULT_ICP_PROFILE } from '../lib/core/domain/defaults';
import { evaluateIcp } from '../lib/core/domain/icp-evaluate';
import { parseCount, parseMoney } from '../lib/core/domain/page-values';
import type { AccountContext, ResolveResult } from '../lib/core/model';
import { FIXTURE_RECORDS } from '../lib/demo/fixture-records';
import { FIXTURE_EXTRA_RECORDS } from './fixtures/generate';
import { DIST, waitFor } from './harness/browser';
import { dataCall, openPanelOn } from './harness/extension';
import { demoBrowserPerFile } from './harness/suite';

// Reading the CRM record the person is looking at, in Chromium: the fixture
// Salesforce pages' Lightning field markup, read when the panel asks.

const suite = demoBrowserPerFile();

const extra = (name: string) => FIXTURE_EXTRA_RECORDS.salesforce!.find((r) => r.name === name)!;
const PROSPECT = extra('Contoso Pharma');
const OPPORTUNITY = extra('Contoso Pharma — New logo');
const HOSTILE = extra('<img src=x onerror=alert(1)>');

async function panelOn(url: string): Promise<{ page: Page; frame: Frame; dialogs: string[] }> {
  const page = await suite.browser.context.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.goto(url);
  const frame = await openPanelOn(suite.browser, page);
  return { page, frame, dialogs };
}

describe('reading the CRM record on the page', () => {
  it('keeps the field maps out of the content script: they ship only in the script injected on request', () => {
    const content = readFileSync(join(DIST, 'content-scripts/content.js'), 'utf8');
    const injected = readFileSync(join(DIST, 'page-fields.js'), 'utf8');
    for (const marker of ['sfdc:RecordField', 'annualrevenue', 'LookupResultsDropdown_', 'cs360-attribute-label']) {
      expect(content).not.toContain(marker);
      expect(injected).toContain(marker);
    }
  });

  it('shows the ICP band of an unlinked opportunity from its page, as the rules compute it from the fixture’s values', async () => {
    // Computed here, from the fixture's text and the default profile: the
    // opportunity page shows an amount and nothing else the rules judge.
    const subject = { id: 'fixture', arr: parseMoney(OPPORTUNITY.fields!.arr!).amount };
    const judged = { ...DEFAULT_ICP_PROFILE, rules: DEFAULT_ICP_PROFILE.rules.filter((r) => r.field in subject) };
    const expected = evaluateIcp(subject, judged);
    const label = { fit: 'Fit', fringe: 'Fringe', outside: 'Outside ICP' }[expected.band];

    const { page, frame, dialogs } = await panelOn(OPPORTUNITY.url);
    const card = frame.locator('section', { has: frame.getByRole('heading', { name: 'ICP fit from this page' }) });
    await card.waitFor({ timeout: 15_000 });
    expect(await card.getByText(label, { exact: true }).count()).toBe(1);
    const text = await card.innerText();
    expect(text).toContain(`score ${expected.score}/100`);
    if (expected.needsApproval) expect(text).toContain('needs approval');
    expect(text).toContain('Not judged, the page does not show');
    // On the deal page the account is searched by the name the deal's account lookup shows, not the deal's.
    expect(await frame.getByLabel('Link to account…').inputValue()).toBe(OPPORTUNITY.fields!.accountName);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('creates an account from a Salesforce account page with ARR, employees, industry and owner prefilled from it', async () => {
    const { page, frame } = await panelOn(PROSPECT.url);
    await frame.getByRole('button', { name: 'Create account from this page' }).click({ timeout: 15_000 });
    const form = frame.getByRole('form', { name: 'Create account from this page' });
    const field = (label: string) => form.getByLabel(label, { exact: true });
    await field('ARR').waitFor({ timeout: 10_000 });
    const fields = PROSPECT.fields!;
    expect(await field('Account name').inputValue()).toBe(PROSPECT.name);
    expect(Number(await field('ARR').inputValue())).toBe(parseMoney(fields.arr!).amount);
    expect(Number(await field('Employees').inputValue())).toBe(parseCount(fields.employeeCount!));
    expect(await field('Industry').inputValue()).toBe(fields.industry);
    expect(await field('Account executive').inputValue()).toBe(fields.ownerAe);
    expect(await form.getByRole('group', { name: 'Read from this page' }).innerText()).toContain(fields.ownerAe!);

    await form.getByRole('button', { name: 'Create and link' }).click();
    const ref = { platform: 'salesforce', host: PROSPECT.host, objectType: PROSPECT.objectType, kind: PROSPECT.kind, recordId: PROSPECT.recordId };
    const linked = await waitFor(
      async () => {
        const r = await dataCall<ResolveResult>(suite.browser, 'resolveRecord', ref);
        return r.status === 'linked' ? r : null;
      },
      { timeout: 15_000, what: 'the created account to be linked' },
    );
    const ctx = (await dataCall<AccountContext>(suite.browser, 'getAccountContext', linked.accountId))!;
    expect(ctx.account).toMatchObject({
      name: PROSPECT.name,
      arr: parseMoney(fields.arr!).amount,
      employeeCount: parseCount(fields.employeeCount!),
      industry: fields.industry,
      ownerAe: fields.ownerAe,
    });
    await page.close();
  });

  it('shows hostile page text as text and unreadable values as unreadable; nothing runs', async () => {
    const { page, frame, dialogs } = await panelOn(HOSTILE.url);
    await frame.getByRole('button', { name: 'Create account from this page' }).click({ timeout: 15_000 });
    const form = frame.getByRole('form', { name: 'Create account from this page' });
    await form.getByLabel('Industry', { exact: true }).waitFor({ timeout: 10_000 });
    expect(await form.getByLabel('Industry', { exact: true }).inputValue()).toBe(HOSTILE.fields!.industry);
    expect(await form.getByLabel('ARR', { exact: true }).inputValue()).toBe('');
    expect(await form.getByRole('group', { name: 'Read from this page' }).innerText()).toContain(`the page shows “${HOSTILE.fields!.arr}”`);
    expect(await frame.locator('img').count()).toBe(0);
    expect(await page.locator('main img, main script:not([src])').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('shows where a linked account’s page disagrees with Seamline and updates one field when asked', async () => {
    const record = FIXTURE_RECORDS.find((r) => r.platform === 'salesforce' && r.kind === 'account')!;
    const ref = { platform: 'salesforce', host: record.host, objectType: record.objectType, kind: record.kind, recordId: record.recordId };
    const resolved = await dataCall<ResolveResult>(suite.browser, 'resolveRecord', ref);
    if (resolved.status !== 'linked') throw new Error('the demo account is not linked');
    const before = (await dataCall<AccountContext>(suite.browser, 'getAccountContext', resolved.accountId))!.account;
    const shown = parseCount(record.fields!.employeeCount!);
    expect(before.employeeCount).not.toBe(shown);

    const { page, frame } = await panelOn(record.url);
    const list = frame.getByRole('list', { name: 'Differences from the CRM page' });
    await list.waitFor({ timeout: 15_000 });
    expect(await list.innerText()).toContain(`Employees: CRM page ${shown.toLocaleString('en-US')}`);
    await list.getByRole('button', { name: /Update Seamline: Employees/ }).click();
    const after = await waitFor(
      async () => {
        const a = (await dataCall<AccountContext>(suite.browser, 'getAccountContext', resolved.accountId))!.account;
        return a.employeeCount === shown ? a : null;
      },
      { timeout: 10_000, what: 'the employee count to be updated' },
    );
    expect(after.version).toBe(before.version + 1);
    expect(after.arr).toBe(before.arr);
    await page.close();
  });
});
