import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { HOSTILE_NAME, makeAccount, makeApproval, makeContext, renderWithProviders } from '../../test/render';
import { AccountHeader } from './AccountHeader';

describe('AccountHeader', () => {
  it('renders a hostile account name as text, never as markup', () => {
    const { container } = renderWithProviders(<AccountHeader context={makeContext({ account: makeAccount({ name: HOSTILE_NAME }) })} />);
    expect(container.querySelector('img')).toBeNull();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(HOSTILE_NAME);
  });

  // ARR and the owner sit on the CRM page beside the panel; the copied brief keeps them.
  it('shows renewal with days to go, stage and CSM, but not ARR or the owner', () => {
    renderWithProviders(
      <AccountHeader context={makeContext({ account: makeAccount({ arr: 98000, currency: 'EUR', renewalDate: '2026-04-09', csm: 'Ana Ruiz' }) })} />,
    );
    expect(screen.getByText('(30 days to go)')).toBeTruthy();
    expect(screen.getByText('Onboarding')).toBeTruthy();
    expect(screen.getByText('Ana Ruiz')).toBeTruthy();
    expect(screen.queryByText(/€98,000/)).toBeNull();
    expect(screen.queryByText('Dana Reyes')).toBeNull();
  });

  it('names the segment and stage as the rest of Seamline does', () => {
    renderWithProviders(<AccountHeader context={makeContext({ account: makeAccount({ segment: 'smb', lifecycleStage: 'renewal-readiness' }) })} />);
    expect(screen.getByText('SMB')).toBeTruthy();
    expect(screen.getByText('Renewal readiness')).toBeTruthy();
  });

  it('says in one line under the name what needs attention', () => {
    const account = makeAccount({ region: 'APAC', closedWonDate: '2026-02-26' });
    renderWithProviders(<AccountHeader context={makeContext({ account, approval: makeApproval() })} />);
    expect(screen.getByLabelText('Account status').textContent).toMatch(/^Outside ICP, approval pending · \d+ required missing · kickoff 3 d late/);
  });

  it('copies the handoff brief as Markdown and says so', async () => {
    const writeClipboard = vi.fn(async (_text: string) => {});
    renderWithProviders(<AccountHeader context={makeContext()} writeClipboard={writeClipboard} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy handoff brief' }));
    expect(writeClipboard).toHaveBeenCalledOnce();
    expect(writeClipboard.mock.calls[0]![0]).toMatch(/^# Handoff brief: Northwind Logistics\n/);
    expect(await screen.findByText('Brief copied as Markdown.')).toBeTruthy();
  });

  it('copies the brief as plain text for Slack or email', async () => {
    const writeClipboard = vi.fn(async (_text: string) => {});
    renderWithProviders(<AccountHeader context={makeContext()} writeClipboard={writeClipboard} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy for Slack/email' }));
    const text = writeClipboard.mock.calls[0]![0];
    expect(text).toMatch(/^Handoff brief: Northwind Logistics\n/);
    expect(text).not.toMatch(/\*\*|^#|\\/m);
    expect(await screen.findByText('Brief copied as plain text.')).toBeTruthy();
  });

  it('links to the alignment dashboard, opening in a new tab of the extension', () => {
    renderWithProviders(<AccountHeader context={makeContext()} />);
    const link = screen.getByRole('link', { name: /Alignment dashboard/ });
    expect(new URL(link.getAttribute('href')!, 'chrome-extension://seamline/sidepanel.html').href).toBe('chrome-extension://seamline/dashboard.html');
    expect(link.getAttribute('target')).toBe('_blank');
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('reports a refused clipboard instead of claiming success', async () => {
    renderWithProviders(<AccountHeader context={makeContext()} writeClipboard={() => Promise.reject(new Error('denied'))} />);
    await userEvent.click(screen.getByRole('button', { name: 'Copy handoff brief' }));
    expect(await screen.findByText(/Could not copy/)).toBeTruthy();
  });
});
