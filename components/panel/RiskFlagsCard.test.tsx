import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../lib/core/errors';
import { fakeClient, makeContext, makeFlag, NOW, renderWithProviders } from '../../test/render';
import { UndoProvider } from '../shared/undo';
import { RiskFlagsCard } from './RiskFlagsCard';

describe('RiskFlagsCard', () => {
  it('lists open flags most severe first with category, severity and quote', () => {
    renderWithProviders(
      <RiskFlagsCard
        context={makeContext({
          flags: [
            makeFlag({ id: 'f1', severity: 'low', category: 'competitor', quote: 'Also looking at Acme' }),
            makeFlag({ id: 'f2', severity: 'critical', category: 'overpromise', quote: 'Unlimited seats forever' }),
            makeFlag({ id: 'f3', severity: 'high', resolved: true, resolvedBy: 'x', quote: 'resolved one' }),
          ],
        })}
      />,
    );
    const card = screen.getByRole('region', { name: 'Risk flags (2)' });
    const items = within(card)
      .getAllByRole('listitem')
      .filter((li) => li.hasAttribute('aria-labelledby'));
    expect(items.map((li) => document.getElementById(li.getAttribute('aria-labelledby')!)!.textContent)).toEqual([
      'CriticalOver-promise',
      'LowCompetitor',
    ]);
    expect(within(items[0]!).getByText('Unlimited seats forever').tagName).toBe('BLOCKQUOTE');
    expect(screen.queryByText('resolved one')).toBeNull();
  });

  it('keeps resolved flags visible under History with their notes, who and when, newest first', async () => {
    renderWithProviders(
      <RiskFlagsCard
        context={makeContext({
          flags: [
            makeFlag({ id: 'old', resolved: true, resolvedBy: 'Sam', resolvedAt: '2026-03-01T10:00:00.000Z', resolutionNote: 'Older fix' }),
            makeFlag({
              id: 'new',
              category: 'stakeholder',
              note: 'Only one champion',
              resolved: true,
              resolvedBy: 'Ana Ruiz',
              resolvedAt: '2026-03-08T10:00:00.000Z',
              resolutionNote: 'Met the IT director; he is on the weekly call.',
            }),
          ],
        })}
      />,
    );
    expect(screen.getByRole('region', { name: 'Risk flags (0)' })).toBeTruthy();
    await userEvent.click(screen.getByText('History (2)'));
    const history = within(screen.getByRole('list', { name: 'Resolved flags' })).getAllByRole('listitem');
    expect(history).toHaveLength(2);
    expect(history[0]!.textContent).toContain('Only one champion');
    expect(history[0]!.textContent).toContain('Met the IT director; he is on the weekly call.');
    expect(history[0]!.textContent).toContain('Ana Ruiz');
    expect(history[1]!.textContent).toContain('Older fix');
  });

  it('resolves a flag with a note, who and when, at the version it was loaded at', async () => {
    const client = fakeClient();
    renderWithProviders(<RiskFlagsCard context={makeContext({ flags: [makeFlag({ id: 'f9', version: 3 })] })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Resolve…' }));
    expect(screen.getByRole('button', { name: 'Resolve flag' }).hasAttribute('disabled')).toBe(true);
    await userEvent.type(screen.getByLabelText('How was it resolved?'), 'Scoped to 1 year of history in the SOW');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve flag' }));
    await waitFor(() =>
      expect(client.updateFlag).toHaveBeenCalledWith(
        'f9',
        { resolved: true, resolutionNote: 'Scoped to 1 year of history in the SOW', resolvedBy: 'Me', resolvedAt: NOW.toISOString() },
        3,
      ),
    );
  });

  it('changes the severity of one open flag at the version it was loaded at', async () => {
    const client = fakeClient();
    renderWithProviders(
      <RiskFlagsCard
        context={makeContext({
          flags: [
            makeFlag({ id: 'f1', severity: 'high', category: 'free-services', version: 2 }),
            makeFlag({ id: 'f2', severity: 'low', category: 'competitor', version: 7 }),
          ],
        })}
      />,
      { client },
    );
    const [high, low] = screen.getAllByRole('listitem');
    const select = within(low!).getByLabelText('Severity') as HTMLSelectElement;
    expect(select.value).toBe('low');
    expect(within(high!).getByLabelText<HTMLSelectElement>('Severity').value).toBe('high');
    expect([...select.options].map((o) => o.textContent)).toEqual(['Critical', 'High', 'Medium', 'Low']);
    await userEvent.selectOptions(select, 'critical');
    await waitFor(() => expect(client.updateFlag).toHaveBeenCalledWith('f2', { severity: 'critical' }, 7));
    expect(client.updateFlag).toHaveBeenCalledOnce();
  });

  it('shows why a severity change failed and keeps showing the stored severity', async () => {
    const client = fakeClient();
    client.updateFlag.mockRejectedValueOnce(new DataError({ kind: 'conflict', message: 'flag f1 is at version 4' }));
    renderWithProviders(<RiskFlagsCard context={makeContext({ flags: [makeFlag({ id: 'f1', severity: 'medium', category: 'timeline' })] })} />, {
      client,
    });
    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'high');
    expect((await screen.findByRole('alert')).textContent).toContain('Someone else changed this first');
    expect(screen.getByLabelText<HTMLSelectElement>('Severity').value).toBe('medium');
  });

  it('renders hostile quote and page title as text', () => {
    const flag = { ...makeFlag({ quote: '<img src=x onerror=alert(1)>', pageTitle: '<b>bold</b>' }), url: 'javascript:alert(1)' };
    const { container } = renderWithProviders(<RiskFlagsCard context={makeContext({ flags: [flag] })} />);
    expect(container.querySelector('img, b, a')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
  });

  it('undoes a resolution and a severity change, each at the version it produced', async () => {
    const client = fakeClient();
    renderWithProviders(
      <UndoProvider>
        <RiskFlagsCard context={makeContext({ flags: [makeFlag({ id: 'f9', version: 3, severity: 'high' })] })} />
      </UndoProvider>,
      { client },
    );
    await userEvent.click(screen.getByRole('button', { name: 'Resolve…' }));
    await userEvent.type(screen.getByLabelText('How was it resolved?'), 'Scoped down');
    await userEvent.click(screen.getByRole('button', { name: 'Resolve flag' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(client.updateFlag).toHaveBeenLastCalledWith('f9', { resolved: false }, 4));
    await userEvent.selectOptions(screen.getByLabelText('Severity'), 'low');
    expect(await screen.findByText('Severity set to Low on Free services')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(client.updateFlag).toHaveBeenLastCalledWith('f9', { severity: 'high' }, 4));
  });
});
