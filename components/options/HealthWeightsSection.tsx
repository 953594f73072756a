import { useEffect, useMemo, useState } from 'react';
import type { ExportBundle } from '../../lib/core/model';
import { computeHealth } from '../../lib/core/domain/health';
import { HEALTH_COMPONENTS, HealthWeightsSchema, type HealthComponent, type HealthSnapshot } from '../../lib/core/domain/health-snapshot';
import { toIsoDate } from '../../lib/core/domain/dates';
import { numberInput, validateForm } from '../../lib/core/settings/form';
import { HEALTH_BAND_LABELS, HEALTH_COMPONENT_LABELS } from '../shared/labels';
import { Button, formatPercent } from '../ui';
import { ErrorsContext, FormError, Input, Lockable, Section, Status } from './fields';
import { useLock, useOptions, useSectionSave, useUnsaved } from './context';

interface Sample {
  name: string;
  snapshots: HealthSnapshot[];
}

// Used when no account has health data yet, so the weights can still be tried.
function builtInSample(now: Date): Sample {
  const day = (n: number) => toIsoDate(new Date(now.getTime() - n * 86_400_000));
  return {
    name: 'a sample account',
    snapshots: [
      {
        id: 's1',
        accountId: 'sample',
        date: day(30),
        adoptionPct: 48,
        activeUserTrendPct: -5,
        loginsPerUserPerWeek: 2.5,
        openTickets: 6,
        escalations: 1,
        nps: 10,
        sponsorEngagement: 'medium',
      },
      {
        id: 's2',
        accountId: 'sample',
        date: day(1),
        adoptionPct: 62,
        activeUserTrendPct: 8,
        loginsPerUserPerWeek: 3.4,
        openTickets: 3,
        escalations: 0,
        nps: 25,
        csatPct: 88,
        sponsorEngagement: 'high',
        daysToFirstValue: 21,
      },
    ],
  };
}

/** The account with the most health history makes the most telling example. */
function sampleFrom(bundle: ExportBundle | null, now: Date): Sample {
  if (!bundle || bundle.snapshots.length === 0) return builtInSample(now);
  const counts = new Map<string, number>();
  for (const s of bundle.snapshots) counts.set(s.accountId, (counts.get(s.accountId) ?? 0) + 1);
  const [accountId] = [...counts.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return {
    name: bundle.accounts.find((a) => a.id === accountId)?.name ?? 'an account',
    snapshots: bundle.snapshots.filter((s) => s.accountId === accountId),
  };
}

export function HealthWeightsSection() {
  const { api, snapshot } = useOptions();
  const saved = snapshot.settings.healthWeights;
  const savedDraft = Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, String(saved[c])])) as Record<HealthComponent, string>;
  const [draft, setDraft] = useState<Record<HealthComponent, string>>(savedDraft);
  const lock = useLock('healthWeights');
  useUnsaved('health', 'Health weights', JSON.stringify(draft) !== JSON.stringify(savedDraft));
  const { errors, status, submit } = useSectionSave('healthWeights');
  const [bundle, setBundle] = useState<ExportBundle | null>(null);
  const [now] = useState(() => new Date());

  useEffect(() => {
    api.data.exportAll().then(setBundle, () => setBundle(null));
  }, [api]);

  const candidate = Object.fromEntries(HEALTH_COMPONENTS.map((c) => [c, numberInput(draft[c])]));
  const checked = validateForm(HealthWeightsSchema, candidate);
  // Live feedback: field messages appear as soon as a value is wrong, not only on save.
  const shownErrors = checked.ok ? errors : { ...checked.errors, ...errors };
  const sample = useMemo(() => sampleFrom(bundle, now), [bundle, now]);
  const preview = checked.ok ? computeHealth(sample.snapshots, checked.value, now) : null;

  async function onSave() {
    await submit(checked, 'Health weights saved.');
  }

  return (
    <Section
      id="health"
      title="Health weights"
      intro="How much each signal counts in the health score. Weights are relative; missing signals are left out and the rest re-weighted."
    >
      <ErrorsContext.Provider value={shownErrors}>
        <Lockable lock={lock}>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {HEALTH_COMPONENTS.map((c) => (
              <Input
                key={c}
                label={HEALTH_COMPONENT_LABELS[c]}
                path={c}
                inputMode="decimal"
                value={draft[c]}
                onChange={(e) => setDraft({ ...draft, [c]: e.target.value })}
              />
            ))}
          </div>
          <FormError />
          <div className="flex items-center gap-2">
            <Button variant="primary" onClick={() => void onSave()}>
              Save health weights
            </Button>
            {status && <Status>{status}</Status>}
          </div>
        </Lockable>
        <div role="status" aria-live="polite" data-testid="health-preview" className="rounded-md bg-slate-100 p-2 text-sm dark:bg-slate-800">
          {!preview ? (
            'Fix the highlighted weights to see the preview.'
          ) : preview.status === 'unknown' ? (
            `For ${sample.name}: no score (${preview.detail})`
          ) : (
            <>
              <p>
                For {sample.name}: <strong>{preview.score}</strong> / 100 — {HEALTH_BAND_LABELS[preview.band]}
              </p>
              <p className="text-xs text-slate-600 dark:text-slate-400">
                {preview.components.map((p) => `${HEALTH_COMPONENT_LABELS[p.component]} ${p.score} × ${formatPercent(p.weight)}`).join(' · ')}
              </p>
            </>
          )}
        </div>
      </ErrorsContext.Provider>
    </Section>
  );
}
