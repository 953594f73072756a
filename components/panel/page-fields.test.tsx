import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import { DEFAULT_ICP_PROFILE } from '../../lib/core/domain/defaults';
import { evaluateIcp } from '../../lib/core/domain/icp-evaluate';
import { icpFromPage, parsePageValues } from '../../lib/core/domain/page-values';
import type { ResolveResult } from '../../lib/core/model';
import type { PageFieldsReply, TabRecord } from '../../lib/core/messages/to-background';
import { fakeClient, HOSTILE_NAME, makeAccount, makeContext, renderWithProviders } from '../../test/render';
import { PageFieldsProvider } from './page-fields';
import { PanelApp } from './PanelApp';

const account: CrmRecordRef = {
  platform: 'salesforce',
  host: 'acme.lightning.force.com',
  objectType: 'Account',
  kind: 'account',
  recordId: '001Dn00000CtPhRIAV',
  name: 'Contoso Pharma',
  websiteDomain: 'contoso-pharma.example',
};
const deal: CrmRecordRef = {
  ...account,
  objectType: 'Opportunity',
  kind: 'deal',
  recordId: '006Dn00000CtNwLIAV',
  name: 'Contoso Pharma — New logo',
};
const notLinked: ResolveResult = { status: 'not-linked', reason: 'unknown', candidates: [] };
const tab = (record: CrmRecordRef, resolution: ResolveResult): TabRecord => ({ tabId: 7, href: 'https://x', record, resolution, reportedAt: 1 });
const read = (record: CrmRecordRef, text: Record<string, string>): PageFieldsReply => ({ ok: true, record, ...parsePageValues(text) });

function panel(record: CrmRecordRef, resolution: ResolveResult, reply: PageFieldsReply, client = fakeClient()) {
  client.resolveRecord.mockResolvedValue(resolution);
  const load = vi.fn(async () => reply);
  renderWithProviders(
    <PageFieldsProvider load={load}>
      <PanelApp loadTabRecord={async () => tab(record, resolution)} />
    </PageFieldsProvider>,
    { client },
  );
  return { client, load };
}

const value = (label: string) => (screen.getByLabelText(label) as HTMLInputElement).value;

describe('create account from this page', () => {
  it('prefills what the page shows, says what it could not read, and saves what the person corrected', async () => {
    const { client } = panel(
      account,
      notLinked,
      read(account, { arr: '$240,000', employeeCount: 'about 1800', industry: 'Software', ownerAe: 'Tom Becker', region: 'EMEA' }),
    );
    await userEvent.click(await screen.findByRole('button', { name: 'Create account from this page' }));
    expect(value('Account name')).toBe('Contoso Pharma');
    expect(value('ARR')).toBe('240000');
    expect(value('Currency')).toBe('USD');
    expect(value('Industry')).toBe('Software');
    expect(value('Account executive')).toBe('Tom Becker');
    expect(value('Employees')).toBe('');
    const reading = screen.getByRole('group', { name: 'Read from this page' });
    expect(reading.textContent).toContain('unreadable: the page shows “about 1800”');
    expect(screen.getByText(/Not filled in: the page shows “about 1800”/)).toBeTruthy();

    await userEvent.type(screen.getByLabelText('Employees'), '1,800');
    await userEvent.clear(screen.getByLabelText('Industry'));
    await userEvent.type(screen.getByLabelText('Industry'), 'Fintech');
    await userEvent.click(screen.getByRole('button', { name: 'Create and link' }));
    await waitFor(() => expect(client.linkRecord).toHaveBeenCalled());
    expect(client.createAccount).toHaveBeenCalledWith(
      expect.objectContaining({
        name: 'Contoso Pharma',
        arr: 240000,
        currency: 'USD',
        employeeCount: 1800,
        industry: 'Fintech',
        region: 'EMEA',
        ownerAe: 'Tom Becker',
      }),
    );
  });

  it('refuses a typed value it cannot read, naming the field, and saves nothing', async () => {
    const { client } = panel(account, notLinked, read(account, { arr: '€ 2,5 Mio.' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Create account from this page' }));
    expect(value('ARR')).toBe('2500000');
    expect(value('Currency')).toBe('EUR');
    await userEvent.type(screen.getByLabelText('Employees'), '12 people');
    await userEvent.click(screen.getByRole('button', { name: 'Create and link' }));
    expect(await screen.findByText(/Cannot read “12 people”/)).toBeTruthy();
    expect(screen.getByLabelText('Employees').getAttribute('aria-invalid')).toBe('true');
    expect(client.createAccount).not.toHaveBeenCalled();
  });

  it('on a deal page names the account the deal belongs to, never the deal, and searches for it', async () => {
    const { client } = panel(deal, notLinked, read(deal, { accountName: 'Contoso Pharma', arr: '$18,500' }));
    await waitFor(() => expect(client.listAccounts).toHaveBeenCalledWith(expect.objectContaining({ search: 'Contoso Pharma' })));
    expect(value('Link to account…')).toBe('Contoso Pharma');
    await userEvent.click(screen.getByRole('button', { name: 'Create account from this page' }));
    expect(value('Account name')).toBe('Contoso Pharma');
    expect(client.listAccounts).not.toHaveBeenCalledWith(expect.objectContaining({ search: deal.name }));
  });

  it('leaves the account name empty on a deal page that names no account', async () => {
    panel(deal, notLinked, read(deal, { arr: '$18,500' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Create account from this page' }));
    expect(value('Account name')).toBe('');
  });

  it('shows hostile page text as text', async () => {
    panel(account, notLinked, read(account, { industry: HOSTILE_NAME }));
    await userEvent.click(await screen.findByRole('button', { name: 'Create account from this page' }));
    expect(value('Industry')).toBe(HOSTILE_NAME);
    expect(screen.getByRole('group', { name: 'Read from this page' }).textContent).toContain(HOSTILE_NAME);
    expect(document.querySelector('img')).toBeNull();
  });
});

describe('ICP fit from the page', () => {
  it('judges an unlinked record on the rules the page can answer, and says which it cannot', async () => {
    const reply = read(account, { arr: '$240,000', employeeCount: '60', industry: 'Software' });
    panel(account, notLinked, reply);
    const card = (await screen.findByRole('heading', { name: 'ICP fit from this page' })).closest('section') ?? document.body;
    const { subject, profile } = icpFromPage(reply.ok ? reply.values : {}, DEFAULT_ICP_PROFILE);
    const expected = evaluateIcp(subject, profile);
    // Judged: industry (20, met), company size (20, missed), ARR (15, met): 35 of 55 is 64, fringe.
    expect(expected.band).toBe('fringe');
    expect(within(card as HTMLElement).getByText('Fringe')).toBeTruthy();
    expect(card.textContent).toContain('needs approval');
    expect(card.textContent).toContain('Not judged, the page does not show: Region, Segment, Integrations.');
  });
});

describe('where the CRM page and Seamline disagree', () => {
  const linked: ResolveResult = { status: 'linked', accountId: 'acc-1', matchedBy: 'record' };
  const ref = { platform: 'salesforce' as const, host: account.host, objectType: 'Account', kind: 'account' as const, recordId: account.recordId };

  it('lists each difference and writes one field only when asked, against the version shown', async () => {
    const ctx = makeContext({ account: makeAccount({ arr: 120000, employeeCount: 850, industry: 'Logistics', version: 4, crmRefs: [ref] }) });
    const client = fakeClient(ctx);
    panel(account, linked, read(account, { arr: '$210,000', employeeCount: '850', industry: ' logistics ', ownerAe: 'Tom Becker' }), client);
    const list = await screen.findByRole('list', { name: 'Differences from the CRM page' });
    const rows = within(list).getAllByRole('listitem');
    expect(rows.map((r) => r.textContent)).toEqual([
      expect.stringMatching(/^ARR: CRM page \$210,000 · Seamline \$120,000/),
      expect.stringMatching(/^Account executive: CRM page Tom Becker · Seamline Dana Reyes/),
    ]);
    expect(client.updateAccount).not.toHaveBeenCalled();
    await userEvent.click(within(rows[0]!).getByRole('button', { name: /Update Seamline: ARR/ }));
    await waitFor(() => expect(client.updateAccount).toHaveBeenCalledWith('acc-1', { arr: 210000 }, 4));
    expect(client.updateAccount).toHaveBeenCalledTimes(1);
  });

  it('compares only the owner on a deal page: a deal’s amount is not the account’s ARR', async () => {
    const ctx = makeContext({
      account: makeAccount({ arr: 120000, crmRefs: [{ ...ref, objectType: 'Opportunity', kind: 'deal', recordId: deal.recordId }] }),
    });
    panel(deal, linked, read(deal, { arr: '$18,500', ownerAe: 'Tom Becker' }), fakeClient(ctx));
    const list = await screen.findByRole('list', { name: 'Differences from the CRM page' });
    expect(
      within(list)
        .getAllByRole('listitem')
        .map((r) => r.textContent),
    ).toEqual([expect.stringMatching(/^Account executive: CRM page Tom Becker/)]);
  });

  it('offers no update for an amount in another currency', async () => {
    const ctx = makeContext({
      account: makeAccount({
        arr: 120000,
        currency: 'USD',
        crmRefs: [ref, { ...ref, objectType: 'Opportunity', kind: 'deal', recordId: deal.recordId }],
      }),
    });
    panel(account, linked, read(account, { arr: '€ 2,5 Mio.' }), fakeClient(ctx));
    const list = await screen.findByRole('list', { name: 'Differences from the CRM page' });
    expect(list.textContent).toContain('The page shows EUR; Seamline keeps USD.');
    expect(within(list).queryByRole('button')).toBeNull();
  });

  it('shows nothing for a page of another account’s record', async () => {
    const ctx = makeContext({ account: makeAccount({ arr: 1, crmRefs: [] }) });
    const { load } = panel(account, linked, read(account, { arr: '$210,000' }), fakeClient(ctx));
    await screen.findByRole('heading', { name: 'Northwind Logistics' });
    await waitFor(() => expect(load).toHaveBeenCalled());
    expect(screen.queryByRole('list', { name: 'Differences from the CRM page' })).toBeNull();
  });
});
