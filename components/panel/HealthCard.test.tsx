import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../lib/core/domain/defaults';
import { biggestHealthDrag, computeHealth } from '../../lib/core/domain/health';
import { makeContext, makeSnapshot, NOW, renderWithProviders } from '../../test/render';
import { HealthCard } from './HealthCard';

describe('HealthCard', () => {
  it('says how sure it is and why: inputs present, the biggest drag next to the biggest mover', () => {
    // Three of seven inputs; no sponsor costs the most, adoption rose since the last reading.
    const reading = (date: string, adoptionPct: number) => ({
      id: date,
      accountId: 'acc-1',
      date,
      adoptionPct,
      sponsorEngagement: 'none' as const,
      nps: -20,
    });
    const ctx = makeContext({ snapshots: [reading('2026-02-01', 60), reading('2026-03-01', 95)] });
    const health = computeHealth(ctx.snapshots, DEFAULT_SETTINGS.healthWeights, NOW);
    if (health.status !== 'known') throw new Error('fixture should have health data');
    const drag = biggestHealthDrag(health)!;
    expect(drag.component).toBe('sponsor');
    expect(health.movedMost?.component).toBe('adoption');
    renderWithProviders(<HealthCard context={ctx} />);
    const card = screen.getByRole('region', { name: 'Health' });
    expect(within(card).getByText(/^Low confidence: 3 of 7 inputs$/)).toBeTruthy();
    const why = within(card).getByText(/^Biggest drag:/);
    expect(why.textContent).toBe(
      `Biggest drag: Sponsor engagement (−${drag.pointsLost} points) · Adoption moved the score most since the previous reading: +${health.movedMost!.delta} points`,
    );
  });

  it('is one line until opened', async () => {
    renderWithProviders(<HealthCard context={makeContext()} />);
    const card = screen.getByRole('region', { name: 'Health' });
    expect(within(card).queryByRole('table')).toBeNull();
    const toggle = within(card).getByRole('button', { name: 'Health details' });
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(within(card).getByRole('table')).toBeTruthy();
  });

  it('shows the score, band, breakdown with weights and what moved it', async () => {
    const ctx = makeContext();
    const expected = computeHealth(ctx.snapshots, DEFAULT_SETTINGS.healthWeights, NOW);
    if (expected.status !== 'known') throw new Error('fixture should have health data');
    renderWithProviders(<HealthCard context={ctx} />);
    const card = screen.getByRole('region', { name: 'Health' });
    await userEvent.click(within(card).getByRole('button', { name: 'Health details' }));
    expect(within(card).getByText('/ 100').parentElement!.textContent).toMatch(new RegExp(`^${expected.score} / 100`));
    const rows = within(card).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(expected.components.length);
    const adoption = expected.components.find((c) => c.component === 'adoption')!;
    expect(within(card).getByRole('rowheader', { name: 'Adoption' }).parentElement!.textContent).toContain(`${Math.round(adoption.weight * 100)}%`);
    expect(within(card).getByText(/moved the score most/).textContent).toContain('Adoption');
    expect(within(card).getByText(/Missing inputs/).parentElement!.textContent).toContain('Time to first value');
  });

  it('gives the sparkline a text alternative listing every point', () => {
    renderWithProviders(<HealthCard context={makeContext()} />);
    const img = screen.getByRole('img', { name: /Health history/ });
    expect(img.getAttribute('aria-label')).toMatch(/on 2026-02-01, \d+ on 2026-03-01$/);
  });

  it('says the score is unknown when there is no health data', () => {
    renderWithProviders(<HealthCard context={makeContext({ snapshots: [] })} />);
    expect(screen.getByText('Unknown — no health data yet')).toBeTruthy();
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('explains an uncomputable score when every present input weighs zero', () => {
    const settings = { ...DEFAULT_SETTINGS, healthWeights: { ...DEFAULT_SETTINGS.healthWeights, adoption: 0 } };
    renderWithProviders(<HealthCard context={makeContext({ snapshots: [{ id: 's', accountId: 'acc-1', date: '2026-03-01', adoptionPct: 50 }] })} />, {
      settings,
    });
    expect(screen.getByText('Unknown — no score can be computed')).toBeTruthy();
    expect(screen.getByText(/weighted 0/)).toBeTruthy();
  });

  it('marks an at-risk score with words, not colour alone', () => {
    renderWithProviders(
      <HealthCard
        context={makeContext({
          snapshots: [makeSnapshot({ adoptionPct: 5, activeUserTrendPct: -40, loginsPerUserPerWeek: 0, nps: -80, sponsorEngagement: 'none' })],
        })}
      />,
    );
    expect(screen.getAllByText(/At risk/).length).toBeGreaterThan(0);
  });
});
