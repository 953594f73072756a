import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../lib/core/errors';
import { fakeClient, makeCommitment, makeContext, NOW, renderWithProviders } from '../../test/render';
import { UndoProvider } from '../shared/undo';
import { CommitmentsCard } from './CommitmentsCard';

// Open commitments are the list items named by their text; settled ones sit in a collapsed list without names.
const items = () =>
  within(screen.getByRole('region', { name: /Open commitments/ }))
    .getAllByRole('listitem')
    .filter((li) => li.hasAttribute('aria-labelledby'));

describe('CommitmentsCard', () => {
  it('lists open commitments overdue first, then due soon, then later, and leaves settled ones out of the list', () => {
    const ctx = makeContext({
      commitments: [
        makeCommitment({ id: 'later', text: 'Later thing', dueDate: '2026-06-01' }),
        makeCommitment({ id: 'done', text: 'Done thing', status: 'delivered', dueDate: '2026-01-01' }),
        makeCommitment({ id: 'soon', text: 'Soon thing', dueDate: '2026-03-15' }),
        makeCommitment({ id: 'late', text: 'Late thing', dueDate: '2026-03-01' }),
      ],
    });
    renderWithProviders(<CommitmentsCard context={ctx} />);
    expect(items().map((li) => document.getElementById(li.getAttribute('aria-labelledby')!)!.textContent)).toEqual([
      'Late thing',
      'Soon thing',
      'Later thing',
    ]);
    expect(within(items()[0]!).getByText('Overdue')).toBeTruthy();
    expect(within(items()[0]!).getByText(/9 days overdue/)).toBeTruthy();
    expect(within(items()[1]!).getByText('Due soon')).toBeTruthy();
    expect(screen.getByText('History (1)')).toBeTruthy();
  });

  it('marks a commitment that is not on the roadmap with an icon and words', () => {
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [makeCommitment({ roadmapStatus: 'not-on-roadmap' })] })} />);
    const badge = screen.getByText('Not on roadmap');
    expect(badge.querySelector('svg[aria-hidden="true"]')).not.toBeNull();
  });

  it('renders a hostile quote as text and does not turn a javascript: URL into a link', () => {
    const c = {
      ...makeCommitment({ sourceQuote: '<script>alert(1)</script> we promise', sourceTitle: 'Call notes' }),
      sourceUrl: 'javascript:alert(1)',
    };
    const { container } = renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [c] })} />);
    expect(container.querySelector('script')).toBeNull();
    expect(screen.getByText('<script>alert(1)</script> we promise').tagName).toBe('BLOCKQUOTE');
    expect(screen.queryByRole('link')).toBeNull();
    expect(screen.getByText(/Call notes \(not a web link\)/)).toBeTruthy();
  });

  it('links an http(s) source in a new tab without opener', () => {
    renderWithProviders(
      <CommitmentsCard
        context={makeContext({
          commitments: [makeCommitment({ sourceQuote: 'We can do it', sourceUrl: 'https://crm.example/notes/1', sourceTitle: 'Discovery call' })],
        })}
      />,
    );
    const link = screen.getByRole('link', { name: 'Discovery call' });
    expect(link.getAttribute('href')).toBe('https://crm.example/notes/1');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
  });

  it('marks a commitment delivered with the version it was loaded at', async () => {
    const client = fakeClient();
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [makeCommitment({ id: 'c-7', version: 4 })] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Mark delivered' }));
    await waitFor(() => expect(client.updateCommitment).toHaveBeenCalledWith('c-7', { status: 'delivered' }, 4));
  });

  it('asks why before marking a commitment pushed back, and keeps the reason with who and when', async () => {
    const client = fakeClient();
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [makeCommitment({ id: 'c-1', version: 2 })] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Pushed back…' }));
    expect(client.updateCommitment).not.toHaveBeenCalled();
    const form = screen.getByRole('form', { name: 'Mark pushed back' });
    const save = within(form).getByRole('button', { name: 'Mark pushed back' });
    expect(save.hasAttribute('disabled')).toBe(true);
    expect((within(form).getByLabelText('Also raise a risk flag') as HTMLInputElement).checked).toBe(false);
    await userEvent.type(within(form).getByLabelText('Why was it pushed back?'), '  Customer moved go-live to Q3  ');
    await userEvent.click(save);
    await waitFor(() =>
      expect(client.updateCommitment).toHaveBeenCalledWith(
        'c-1',
        { status: 'pushed-back', statusNote: 'Customer moved go-live to Q3', statusChangedBy: 'Me', statusChangedAt: NOW.toISOString() },
        2,
      ),
    );
    expect(client.createFlag).not.toHaveBeenCalled();
  });

  it('offers to raise a flag when a commitment is broken, and raises it after the change is saved', async () => {
    const client = fakeClient();
    const c = makeCommitment({
      id: 'c-2',
      version: 5,
      text: 'SAP connector by Q2',
      sourceQuote: 'We can have it by Q2',
      sourceUrl: 'https://crm.example/1',
    });
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [c] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Broken…' }));
    const form = screen.getByRole('form', { name: 'Mark broken' });
    expect((within(form).getByLabelText('Also raise a risk flag') as HTMLInputElement).checked).toBe(true);
    await userEvent.type(within(form).getByLabelText('Why was it broken?'), 'Product declined the connector');
    await userEvent.click(within(form).getByRole('button', { name: 'Mark broken' }));
    await waitFor(() => expect(client.createFlag).toHaveBeenCalledOnce());
    expect(client.updateCommitment).toHaveBeenCalledWith(
      'c-2',
      expect.objectContaining({ status: 'broken', statusNote: 'Product declined the connector' }),
      5,
    );
    expect(client.createFlag.mock.calls[0]![0]).toMatchObject({
      accountId: 'acc-1',
      category: 'overpromise',
      severity: 'high',
      note: 'Broken: SAP connector by Q2. Product declined the connector',
      quote: 'We can have it by Q2',
      url: 'https://crm.example/1',
      createdBy: 'Me',
      resolved: false,
    });
    expect(client.updateCommitment.mock.invocationCallOrder[0]!).toBeLessThan(client.createFlag.mock.invocationCallOrder[0]!);
  });

  it('cancels without changing anything', async () => {
    const client = fakeClient();
    renderWithProviders(<CommitmentsCard context={makeContext()} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Broken…' }));
    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('form', { name: 'Mark broken' })).toBeNull();
    expect(client.updateCommitment).not.toHaveBeenCalled();
  });

  it('keeps settled commitments visible under History with the reason, who and when', async () => {
    const settled = makeCommitment({
      id: 'gone',
      text: 'Free migration',
      status: 'broken',
      statusNote: 'Services declined unpriced work',
      statusChangedBy: 'Sam Okafor',
      statusChangedAt: '2026-03-09T10:00:00.000Z',
    });
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [settled] })} />);
    await userEvent.click(screen.getByText('History (1)'));
    const [row] = within(screen.getByRole('list', { name: 'Settled commitments' })).getAllByRole('listitem');
    expect(row!.textContent).toContain('Broken: Free migration');
    expect(row!.textContent).toContain('Services declined unpriced work');
    expect(row!.textContent).toContain('Sam Okafor');
  });

  it('adds a commitment from the form, made by the account’s AE and recorded as created by the current user', async () => {
    const client = fakeClient();
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Add commitment' }));
    await userEvent.type(screen.getByLabelText('What was promised'), 'Dedicated Slack channel');
    await userEvent.selectOptions(screen.getByLabelText('Kind'), 'resourcing');
    await userEvent.type(screen.getByLabelText('Promised to'), 'Priya');
    await userEvent.type(screen.getByLabelText('Due date'), '2026-04-01');
    await userEvent.click(screen.getByRole('button', { name: 'Add' }));
    await waitFor(() =>
      expect(client.createCommitment).toHaveBeenCalledWith({
        accountId: 'acc-1',
        text: 'Dedicated Slack channel',
        kind: 'resourcing',
        roadmapStatus: 'unknown',
        madeBy: 'Dana Reyes',
        madeTo: 'Priya',
        dueDate: '2026-04-01',
        status: 'open',
        createdBy: 'Me',
      }),
    );
    await waitFor(() => expect(screen.queryByLabelText('What was promised')).toBeNull());
  });

  it('edits a commitment and passes its version', async () => {
    const client = fakeClient();
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [makeCommitment({ id: 'c-2', version: 9 })] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Edit' }));
    const due = screen.getByLabelText('Due date');
    await userEvent.clear(due);
    await userEvent.type(due, '2026-05-15');
    await userEvent.selectOptions(screen.getByLabelText('Roadmap'), 'live');
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(client.updateCommitment).toHaveBeenCalledOnce());
    const [id, patch, version] = client.updateCommitment.mock.calls[0]!;
    expect(id).toBe('c-2');
    expect(version).toBe(9);
    expect(patch).toMatchObject({ dueDate: '2026-05-15', roadmapStatus: 'live', text: 'NetSuite sync of invoices' });
  });

  it("offers what a captured commitment's wording suggests and applies it only on a click, with the version", async () => {
    const client = fakeClient();
    const captured = makeCommitment({ id: 'c-5', version: 3, kind: 'other', dueDate: undefined, text: 'SAP integration live by Q2' });
    renderWithProviders(<CommitmentsCard context={makeContext({ commitments: [captured] })} />, { client });
    const item = items()[0]!;
    expect(within(item).getByText(/Integration, due/)).toBeTruthy();
    expect(client.updateCommitment).not.toHaveBeenCalled();
    await userEvent.click(within(item).getByRole('button', { name: /^Apply suggestion/ }));
    await waitFor(() => expect(client.updateCommitment).toHaveBeenCalledWith('c-5', { kind: 'integration', dueDate: '2026-06-30' }, 3));
    expect(client.updateCommitment).toHaveBeenCalledOnce();
  });

  it('dismissing a suggestion hides it and changes nothing; a commitment with kind and date gets none', async () => {
    const client = fakeClient();
    const ctx = makeContext({
      commitments: [
        makeCommitment({ id: 'c-6', kind: 'other', dueDate: undefined, text: 'Price lock for three years' }),
        makeCommitment({ id: 'c-7', text: 'NetSuite connector by Q3' }),
      ],
    });
    renderWithProviders(<CommitmentsCard context={ctx} />, { client });
    expect(screen.getAllByRole('button', { name: /^Apply suggestion/ })).toHaveLength(1);
    expect(screen.getByText(/^Pricing/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Dismiss suggestion' }));
    expect(screen.queryByRole('button', { name: /^Apply suggestion/ })).toBeNull();
    expect(client.updateCommitment).not.toHaveBeenCalled();
  });

  it('explains a conflict when someone else changed the commitment first', async () => {
    const client = fakeClient();
    client.updateCommitment.mockRejectedValueOnce(new DataError({ kind: 'conflict', message: 'commitment c-1 is at version 3' }));
    renderWithProviders(<CommitmentsCard context={makeContext()} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Mark delivered' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this first');
  });

  it('undoes a status change, and resolves the flag it raised, at the versions the change produced', async () => {
    const client = fakeClient();
    const c = makeCommitment({ id: 'c-2', version: 5, text: 'SAP connector by Q2' });
    renderWithProviders(
      <UndoProvider>
        <CommitmentsCard context={makeContext({ commitments: [c] })} />
      </UndoProvider>,
      { client },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Broken…' }));
    await userEvent.type(screen.getByLabelText('Why was it broken?'), 'Product declined the connector');
    await userEvent.click(within(screen.getByRole('form', { name: 'Mark broken' })).getByRole('button', { name: 'Mark broken' }));
    expect(await screen.findByText('Marked “SAP connector by Q2” broken and raised a flag')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(client.updateFlag).toHaveBeenCalledOnce());
    expect(client.updateCommitment).toHaveBeenLastCalledWith('c-2', { status: 'open' }, 6);
    expect(client.updateFlag).toHaveBeenCalledWith('flag-1', expect.objectContaining({ resolved: true, resolvedBy: 'Me' }), 1);
  });

  it('undoes Mark delivered', async () => {
    const client = fakeClient();
    renderWithProviders(
      <UndoProvider>
        <CommitmentsCard context={makeContext({ commitments: [makeCommitment({ id: 'c-7', version: 4, status: 'in-progress' })] })} />
      </UndoProvider>,
      { client },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Mark delivered' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(client.updateCommitment).toHaveBeenLastCalledWith('c-7', { status: 'in-progress' }, 5));
  });
});
