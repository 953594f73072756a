import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { makeAccount, makeApproval, makeCommitment, makeContext, renderWithProviders } from '../../test/render';
import { CommitmentsCard } from './CommitmentsCard';
import { PanelDisclosureProvider } from './disclosure';
import { IcpCard } from './IcpCard';
import { NextActionsCard } from './NextActionsCard';

// Closed 26 Feb with no kickoff (3 business days late on 10 Mar), outside the
// ICP (APAC) with the exception still requested, and the SAP promise off the roadmap.
const risky = () =>
  makeContext({
    account: makeAccount({ region: 'APAC', closedWonDate: '2026-02-26' }),
    approval: makeApproval(),
    commitments: [
      makeCommitment({ id: 'com-late', text: 'Free migration', kind: 'professional-services', roadmapStatus: 'unknown', dueDate: '2026-03-01' }),
      makeCommitment({ id: 'com-sap', text: 'SAP connector by Q2', roadmapStatus: 'not-on-roadmap', dueDate: '2026-06-30' }),
    ],
  });

function renderPanelPart(ctx = risky()) {
  return renderWithProviders(
    <PanelDisclosureProvider>
      <NextActionsCard context={ctx} />
      <IcpCard context={ctx} />
      <CommitmentsCard context={ctx} />
    </PanelDisclosureProvider>,
  );
}

describe('NextActionsCard', () => {
  it('lists at most three actions, most harmful first, and says how many more wait', () => {
    renderPanelPart();
    const list = screen.getByRole('list', { name: 'Next actions, most urgent first' });
    const rows = within(list).getAllByRole('button');
    expect(rows.map((r) => r.querySelector('span')!.textContent)).toEqual([
      'Kickoff 3 business days late',
      'ICP exception not approved: approval pending',
      'Promise not on the roadmap: SAP connector by Q2',
    ]);
    expect(screen.getByText(/^\d+ more below\.$/)).toBeTruthy();
  });

  it('jumps to the commitment a row is about and focuses it', async () => {
    renderPanelPart();
    await userEvent.click(screen.getByRole('button', { name: /^Promise not on the roadmap/ }));
    await waitFor(() => expect(document.activeElement?.textContent).toContain('SAP connector by Q2'));
    expect(document.activeElement?.tagName).toBe('LI');
  });

  it('opens a collapsed card it jumps to', async () => {
    renderPanelPart();
    const toggle = screen.getByRole('button', { name: 'ICP details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(screen.getByRole('button', { name: /^ICP exception not approved/ }));
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('region', { name: 'ICP fit' })));
    expect(screen.getByRole('group', { name: 'Decide on this request' })).toBeTruthy();
  });

  it('keeps to one row when only the checklist needs attention', () => {
    renderPanelPart(makeContext({ handoff: { accountId: 'acc-1', answers: {} }, account: makeAccount({ kickoffDate: '2026-03-03' }) }));
    const card = screen.getByRole('region', { name: 'Next actions' });
    // The default checklist still has required items open, so one row remains.
    expect(
      within(card)
        .getAllByRole('button')
        .map((b) => b.querySelector('span')!.textContent),
    ).toEqual([expect.stringMatching(/^\d+ required handoff items missing$/)]);
  });
});
