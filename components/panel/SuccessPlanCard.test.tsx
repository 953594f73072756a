import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { fakeClient, HOSTILE_NAME, makeAccount, makeContext, makeMilestone, renderWithProviders } from '../../test/render';
import { UndoProvider } from '../shared/undo';
import { printablePlanHtml } from './printable-plan';
import { NextOwnerLine, SuccessPlanCard } from './SuccessPlanCard';
import { mutualActionPlan } from '../../lib/core/domain/mutual-action-plan';

// NOW is 2026-03-10 (a Tuesday), local noon.
const plan = () => [
  makeMilestone({ id: 'joint-kickoff', title: 'Joint kickoff', dueDate: '2026-03-09', ownerRole: 'ae', owner: 'Dana Reyes' }),
  makeMilestone({ id: 'first-value', internalNote: 'Champion is leaving in Q3', successCriteria: 'Invoices sync nightly' }),
  makeMilestone({ id: 'done-one', title: 'Contract countersigned', dueDate: '2026-03-03', status: 'done', achievedOn: '2026-03-03' }),
];

const rows = () => within(screen.getByRole('list', { name: 'Milestones' })).getAllByRole('listitem');

describe('SuccessPlanCard', () => {
  it('shows the next milestone first, marks the overdue one, and the rest by date', () => {
    renderWithProviders(<SuccessPlanCard context={makeContext({ milestones: plan() })} />);
    expect(rows().map((r) => r.getAttribute('aria-label'))).toEqual([
      'Milestone: Joint kickoff',
      'Milestone: First value achieved',
      'Milestone: Contract countersigned',
    ]);
    expect(within(rows()[0]!).getByText('Next')).toBeTruthy();
    expect(within(rows()[0]!).getByText('Overdue')).toBeTruthy();
    expect(within(rows()[1]!).queryByText('Overdue')).toBeNull();
  });

  it('changes a status in one click, recording today as the date achieved, and undoes it at the version the change produced', async () => {
    const ctx = makeContext({ milestones: plan() });
    const client = fakeClient(ctx);
    renderWithProviders(
      <UndoProvider>
        <SuccessPlanCard context={ctx} />
      </UndoProvider>,
      { client },
    );
    await userEvent.selectOptions(screen.getByLabelText('Status of First value achieved'), 'done');
    expect(client.updateMilestone).toHaveBeenCalledWith('acc-1', 'first-value', { status: 'done', achievedOn: '2026-03-10' }, 1);
    await userEvent.click(await screen.findByRole('button', { name: 'Undo' }));
    expect(client.updateMilestone).toHaveBeenLastCalledWith('acc-1', 'first-value', { status: 'planned', achievedOn: null }, 2);
  });

  it('refuses to save a milestone marked done without the date it was achieved', async () => {
    const client = fakeClient(makeContext({ milestones: plan() }));
    renderWithProviders(<SuccessPlanCard context={makeContext({ milestones: plan() })} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Edit First value achieved' }));
    const form = screen.getByRole('form', { name: 'Save milestone' });
    await userEvent.selectOptions(within(form).getByLabelText('Status'), 'done');
    await userEvent.clear(within(form).getByLabelText('Date achieved'));
    await userEvent.click(within(form).getByRole('button', { name: 'Save milestone' }));
    expect(screen.getByRole('alert').textContent).toMatch(/date the milestone was achieved/);
    expect(client.updateMilestone).not.toHaveBeenCalled();
    await userEvent.type(within(form).getByLabelText('Date achieved'), '2026-03-09');
    await userEvent.click(within(form).getByRole('button', { name: 'Save milestone' }));
    expect(client.updateMilestone).toHaveBeenCalledWith(
      'acc-1',
      'first-value',
      expect.objectContaining({ status: 'done', achievedOn: '2026-03-09', internalNote: 'Champion is leaving in Q3', dueDate: '2026-04-08' }),
      1,
    );
  });

  it("creates the plan from the segment's template, the kickoff due five business days after closed-won", async () => {
    // Closed-won on Friday 2026-03-06: five business days later is Friday 2026-03-13.
    const ctx = makeContext({ account: makeAccount({ closedWonDate: '2026-03-06' }), milestones: [] });
    const client = fakeClient(ctx);
    renderWithProviders(<SuccessPlanCard context={ctx} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Create plan from template' }));
    const input = client.createPlan.mock.calls[0]![0];
    expect(input.templateId).toBe(DEFAULT_SETTINGS.planTemplates['mid-market'].id);
    expect(input.milestones.find((m) => m.id === 'joint-kickoff')).toMatchObject({ dueDate: '2026-03-13', ownerRole: 'ae', owner: 'Dana Reyes' });
    expect(input.milestones.every((m) => !('version' in m))).toBe(true);
  });

  it('says why there is no plan when the account has no closed-won date, and writes nothing', async () => {
    const ctx = makeContext({ account: makeAccount({ closedWonDate: undefined }), milestones: [] });
    const client = fakeClient(ctx);
    renderWithProviders(<SuccessPlanCard context={ctx} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Create plan from template' }));
    expect(screen.getByRole('alert').textContent).toMatch(/no closed-won date/);
    expect(client.createPlan).not.toHaveBeenCalled();
  });

  it('offers the next stage only once its criteria are met, and moves only after a confirmation', async () => {
    const open = makeContext({ account: makeAccount({ lifecycleStage: 'activation' }), milestones: plan() });
    const { unmount } = renderWithProviders(<SuccessPlanCard context={open} />);
    expect(screen.getByText(/To move to Value realisation/)).toBeTruthy();
    expect(screen.getByText(/First value achieved done — Status: Planned/)).toBeTruthy();
    expect(screen.queryByRole('button', { name: /Move to/ })).toBeNull();
    unmount();

    const met = plan().map((m) => (m.id === 'first-value' ? { ...m, status: 'done' as const, achievedOn: '2026-03-09' } : m));
    const ctx = makeContext({ account: makeAccount({ lifecycleStage: 'activation' }), milestones: met });
    const client = fakeClient(ctx);
    renderWithProviders(<SuccessPlanCard context={ctx} />, { client });
    expect(screen.getByRole('listitem', { current: 'step' }).textContent).toBe('Activation');
    await userEvent.click(screen.getByRole('button', { name: 'Move to Value realisation…' }));
    expect(client.changeStage).not.toHaveBeenCalled();
    await userEvent.click(within(screen.getByRole('group', { name: 'Confirm the stage change' })).getByRole('button', { name: 'Confirm move' }));
    expect(client.changeStage).toHaveBeenCalledWith({
      accountId: 'acc-1',
      to: 'value-realisation',
      by: DEFAULT_SETTINGS.userName,
      expectedVersion: 1,
    });
  });

  it('shows who moved the account and when', () => {
    const ctx = makeContext({
      account: makeAccount({ lifecycleStage: 'activation' }),
      milestones: plan(),
      stageChanges: [{ id: 'stg-1', accountId: 'acc-1', from: 'onboarding', to: 'activation', by: 'Sam Okafor', at: '2026-03-05T10:00:00.000Z' }],
    });
    renderWithProviders(<SuccessPlanCard context={ctx} />);
    expect(within(screen.getByRole('list', { name: 'Stage history' })).getByText(/Onboarding → Activation by Sam Okafor/)).toBeTruthy();
  });

  it('copies the mutual action plan as Markdown without internal notes, and opens an escaped printable page', async () => {
    const writeClipboard = vi.fn(async (_text: string) => {});
    const openPrintable = vi.fn((_html: string) => {});
    const hostile = makeMilestone({ id: 'hostile', title: HOSTILE_NAME, internalNote: 'Do not share: budget cut' });
    renderWithProviders(
      <SuccessPlanCard context={makeContext({ milestones: [...plan(), hostile] })} writeClipboard={writeClipboard} openPrintable={openPrintable} />,
    );
    await userEvent.click(screen.getByRole('button', { name: 'Copy plan (Markdown)' }));
    const md = writeClipboard.mock.calls[0]![0];
    expect(md).toMatch(/^# Mutual action plan: Northwind Logistics/);
    expect(md).toContain('Invoices sync nightly');
    expect(md).not.toContain('Champion is leaving');
    expect(md).not.toContain('budget cut');
    await userEvent.click(screen.getByRole('button', { name: 'Open printable plan' }));
    const html = openPrintable.mock.calls[0]![0];
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('Champion is leaving');
    expect(html).not.toContain('budget cut');
  });

  it('adds a milestone with only the fields filled in', async () => {
    const ctx = makeContext({ milestones: plan() });
    const client = fakeClient(ctx);
    renderWithProviders(<SuccessPlanCard context={ctx} />, { client });
    await userEvent.click(screen.getByRole('button', { name: 'Add milestone' }));
    const form = screen.getByRole('form', { name: 'Add milestone' });
    await userEvent.type(within(form).getByLabelText('Milestone'), 'Security review');
    await userEvent.type(within(form).getByLabelText('Owner'), 'Lee SE');
    await userEvent.selectOptions(within(form).getByLabelText('Owner role'), 'solutions-engineer');
    await userEvent.click(within(form).getByRole('button', { name: 'Add milestone' }));
    expect(client.createMilestone).toHaveBeenCalledWith({
      accountId: 'acc-1',
      title: 'Security review',
      ownerRole: 'solutions-engineer',
      status: 'planned',
      owner: 'Lee SE',
    });
  });
});

describe('NextOwnerLine', () => {
  it("names who is Responsible and who is Accountable for the next milestone, from the account's people", () => {
    renderWithProviders(<NextOwnerLine context={makeContext({ milestones: plan() })} />);
    const line = screen.getByLabelText('Who owns the next step').textContent!;
    expect(line).toMatch(/Responsible .*Dana Reyes \(AE\)/);
    expect(line).toMatch(/Accountable /);
  });
});

describe('printablePlanHtml', () => {
  it('escapes every value and runs no script', () => {
    const html = printablePlanHtml(mutualActionPlan({ milestones: [makeMilestone({ title: '"><script>alert(1)</script>' })] }, { name: 'A & B' }));
    expect(html).not.toContain('<script>');
    expect(html).toContain('&quot;&gt;&lt;script&gt;');
    expect(html).toContain('<title>Mutual action plan: A &amp; B</title>');
    expect(html).toContain("default-src 'none'");
  });
});
