import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { fakeClient, makeAccount, makeCommitment, makeFlag, renderWithProviders } from '../../test/render';
import { UnassignedCard } from './UnassignedCard';

describe('UnassignedCard', () => {
  it('renders nothing when every capture belongs to an account', async () => {
    const client = fakeClient();
    const { container } = renderWithProviders(<UnassignedCard account={makeAccount()} />, { client });
    await waitFor(() => expect(client.listUnassigned).toHaveBeenCalled());
    expect(container.querySelector('section')).toBeNull();
  });

  it('assigns a commitment and a flag to the account on screen, passing their versions', async () => {
    const client = fakeClient();
    client.listUnassigned.mockResolvedValue({
      commitments: [makeCommitment({ id: 'uc', accountId: null, text: 'SSO by June', version: 2 })],
      flags: [makeFlag({ id: 'uf', accountId: null, version: 5 })],
    });
    renderWithProviders(<UnassignedCard account={makeAccount({ id: 'acc-9', name: 'Contoso' })} />, { client });
    expect(await screen.findByText('SSO by June')).toBeTruthy();
    expect(screen.getByText(/Which account does each belong to/)).toBeTruthy();
    const [first, second] = screen.getAllByRole('button', { name: 'Assign to Contoso' });
    await userEvent.click(first!);
    await waitFor(() => expect(client.updateCommitment).toHaveBeenCalledWith('uc', { accountId: 'acc-9' }, 2));
    await waitFor(() => expect(second!.hasAttribute('disabled')).toBe(false));
    await userEvent.click(second!);
    await waitFor(() => expect(client.updateFlag).toHaveBeenCalledWith('uf', { accountId: 'acc-9' }, 5));
  });

  it('offers a suggestion under an unassigned commitment and applies it to that capture at its version', async () => {
    const client = fakeClient();
    client.listUnassigned.mockResolvedValue({
      commitments: [
        makeCommitment({ id: 'uc', accountId: null, kind: 'other', dueDate: undefined, text: 'A dedicated CSM in two weeks', version: 6 }),
      ],
      flags: [],
    });
    renderWithProviders(<UnassignedCard account={makeAccount({ id: 'acc-9', name: 'Contoso' })} />, { client });
    const item = (await screen.findByText('A dedicated CSM in two weeks')).closest('li')!;
    expect(within(item).getByText(/Resourcing, due/)).toBeTruthy();
    expect(client.updateCommitment).not.toHaveBeenCalled();
    await userEvent.click(within(item).getByRole('button', { name: /^Apply suggestion/ }));
    await waitFor(() => expect(client.updateCommitment).toHaveBeenCalledWith('uc', { kind: 'resourcing', dueDate: '2026-03-24' }, 6));
    // Applying a suggestion does not assign the capture to the account on screen.
    expect(client.updateCommitment).toHaveBeenCalledOnce();
  });
});
