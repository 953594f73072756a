import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { HOSTILE_NAME, makeAccount, makeContext, renderWithProviders } from '../../test/render';
import { AccountHeader } from './AccountHeader';

describe('AccountHeader', () => {
  it('renders a hostile account name as text, never as markup', () => {
    const { container } = renderWithProviders(<AccountHeader context={makeContext({ account: makeAccount({ name: HOSTILE_NAME }) })} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(HOSTILE_NAME);
  });

  it('shows ARR in the account currency, renewal with days to go, stage, AE and CSM', () => {
    renderWithProviders(
      <AccountHeader context={makeContext({ account: makeAccount({ arr: 98000, currency: 'EUR', renewalDate: '2026-04-09', csm: 'Ana Ruiz' }) })} />,
    );
    expect(screen.getByText(/€98,000/)).toBeTruthy();
    expect(screen.getByText('(30 days to go)')).toBeTruthy();
    expect(screen.getByText('Onboarding')).toBeTruthy();
    expect(screen.getByText('Dana Reyes')).toBeTruthy();
    expect(screen.getByText('Ana Ruiz')).toBeTruthy();
  });

  it('copies the handoff brief as Markdown and says so', async () => {
    const writeClipboard = vi.fn(async (_text: string) => {});
    renderWithProviders(<AccountHeader context={makeContext()} writeClipboard={writeClipboard} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy handoff brief' }));
    expect(writeClipboard).toHaveBeenCalledOnce();
    expect(writeClipboard.mock.calls[0]![0]).toMatch(/^# Handoff brief: Northwind Logistics\n/);
    expect(await screen.findByText('Brief copied as Markdown.')).toBeTruthy();
  });

  it('reports a refused clipboard instead of claiming success', async () => {
    renderWithProviders(<AccountHeader context={makeContext()} writeClipboard={() => Promise.reject(new Error('denied'))} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy handoff brief' }));
    expect(await screen.findByText(/Could not copy/)).toBeTruthy();
  });
});
