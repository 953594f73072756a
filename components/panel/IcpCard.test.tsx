import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../lib/core/errors';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { fakeClient, makeAccount, makeApproval, makeContext, renderWithProviders } from '../../test/render';
import { IcpCard } from './IcpCard';

// Outside the default profile: APAC is not a served region (a hard rule).
const outside = () => makeContext({ account: makeAccount({ region: 'APAC' }) });

// The card is one line until opened; most of these tests are about what the details hold.
async function renderOpen(...args: Parameters<typeof renderWithProviders>) {
  const result = renderWithProviders(...args);
  await userEvent.click(screen.getByRole('button', { name: 'ICP details' }));
  return result;
}

describe('IcpCard', () => {
  it('is one line until opened: the band, the hard rule it misses and the approval', async () => {
    renderWithProviders(<IcpCard context={{ ...outside(), approval: makeApproval() }} />);
    const card = screen.getByRole('region', { name: 'ICP fit' });
    expect(within(card).getByText('Outside ICP')).toBeTruthy();
    expect(within(card).getByText(/^Misses hard rule: Served region · approval requested$/)).toBeTruthy();
    expect(within(card).queryAllByRole('listitem')).toHaveLength(0);
    const toggle = within(card).getByRole('button', { name: 'ICP details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(card).getAllByRole('listitem')).toHaveLength(6);
  });

  it('shows the band and a reason per rule, with failed hard rules called out', async () => {
    await renderOpen(<IcpCard context={outside()} />);
    const card = screen.getByRole('region', { name: 'ICP fit' });
    expect(within(card).getByText(/^Outside ICP/)).toBeTruthy();
    const reasons = within(card).getAllByRole('listitem');
    expect(reasons).toHaveLength(6);
    const region = reasons.find((r) => r.textContent!.includes('Served region'))!;
    expect(region.textContent).toContain('Misses:');
    expect(region.textContent).toContain('Region APAC is not in North America, EMEA, UK&I');
    expect(within(region).getByText('Hard rule')).toBeTruthy();
  });

  it('offers no approval request for an account that fits', async () => {
    await renderOpen(<IcpCard context={makeContext()} />);
    expect(screen.getByText(/^Fit/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Request approval' })).toBeNull();
  });

  it('records who asks, why and the trade-offs in an approval request', async () => {
    const client = fakeClient();
    await renderOpen(<IcpCard context={outside()} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Request approval' }));
    const send = screen.getByRole('button', { name: 'Send request' });
    expect(send.hasAttribute('disabled')).toBe(true);
    await userEvent.clear(screen.getByLabelText('Requested by'));
    await userEvent.type(screen.getByLabelText('Requested by'), 'Dana Reyes');
    await userEvent.type(screen.getByLabelText('Why take this deal anyway'), 'Lighthouse logo for APAC');
    await userEvent.type(screen.getByLabelText('Trade-offs accepted'), 'Support only in EMEA hours');
    await userEvent.click(send);
    await waitFor(() =>
      expect(client.requestApproval).toHaveBeenCalledWith({
        accountId: 'acc-1',
        requestedBy: 'Dana Reyes',
        reason: 'Lighthouse logo for APAC',
        tradeOffs: 'Support only in EMEA hours',
      }),
    );
  });

  it('shows a pending request with who asked and does not offer a second one', async () => {
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval() }} />);
    expect(screen.getByText('Requested')).toBeTruthy();
    expect(screen.getByText(/^Requested by Dana Reyes on/)).toBeTruthy();
    expect(screen.getByText('Strategic logo in a new region')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Request approval' })).toBeNull();
  });

  it('shows who approved and when', async () => {
    const approval = makeApproval({
      status: 'approved',
      decidedBy: 'Lee (CRO)',
      decidedAt: '2026-03-06T15:00:00.000Z',
      decisionNote: 'OK for one year',
    });
    await renderOpen(<IcpCard context={{ ...outside(), approval }} />);
    expect(screen.getByText('Approved')).toBeTruthy();
    expect(screen.getByText(/^Approved by Lee \(CRO\) on/)).toBeTruthy();
    expect(screen.getByText('OK for one year')).toBeTruthy();
  });

  it('allows a new request after a rejection', async () => {
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval({ status: 'rejected', decidedBy: 'Lee' }) }} />);
    expect(screen.getByText('Rejected')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Request approval' })).toBeTruthy();
  });

  it('approves a pending request with a note, as the person in settings, at the version it was loaded at', async () => {
    const client = fakeClient();
    const settings = { ...DEFAULT_SETTINGS, userName: 'Lee Park' };
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval({ version: 3 }) }} />, { client, settings });
    const decision = screen.getByRole('group', { name: 'Decide on this request' });
    expect(within(decision).getByText('as Lee Park')).toBeTruthy();
    await userEvent.type(within(decision).getByLabelText('Decision note (optional)'), '  One year, then review  ');
    expect(client.decideApproval).not.toHaveBeenCalled();
    await userEvent.click(within(decision).getByRole('button', { name: 'Approve' }));
    await waitFor(() =>
      expect(client.decideApproval).toHaveBeenCalledWith({
        accountId: 'acc-1',
        status: 'approved',
        decidedBy: 'Lee Park',
        decisionNote: 'One year, then review',
        expectedVersion: 3,
      }),
    );
  });

  it('rejects without a note', async () => {
    const client = fakeClient();
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval({ version: 2 }) }} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Reject' }));
    await waitFor(() => expect(client.decideApproval).toHaveBeenCalledOnce());
    expect(client.decideApproval.mock.calls[0]![0]).toEqual({
      accountId: 'acc-1',
      status: 'rejected',
      decidedBy: 'Me',
      decisionNote: undefined,
      expectedVersion: 2,
    });
  });

  it('offers no decision once a request is decided', async () => {
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval({ status: 'approved', decidedBy: 'Lee' }) }} />);
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
  });

  it('explains a decision that lost to someone else deciding first', async () => {
    const client = fakeClient();
    client.decideApproval.mockRejectedValueOnce(new DataError({ kind: 'conflict', message: 'approval is at version 2' }));
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval() }} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Approve' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this first');
  });

  it('lets only the approvers named in settings decide, and tells anyone else who can', async () => {
    const client = fakeClient();
    const approvers = ['Ana Ruiz', 'Lee Park'];
    const first = await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval() }} />, {
      client,
      settings: { ...DEFAULT_SETTINGS, userName: 'Sam Okafor', approvers },
    });
    expect(screen.queryByRole('button', { name: 'Approve' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Reject' })).toBeNull();
    expect(screen.getByText('Only Ana Ruiz, Lee Park can approve or reject this exception.')).toBeTruthy();
    first.unmount();
    await renderOpen(<IcpCard context={{ ...outside(), approval: makeApproval() }} />, {
      client,
      settings: { ...DEFAULT_SETTINGS, userName: 'Lee Park', approvers },
    });
    expect(screen.getByRole('button', { name: 'Approve' })).toBeTruthy();
  });
});
