import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { PendingChoice, SettingsSnapshot } from '../../lib/core/messages/to-background';
import type { Settings } from '../../lib/core/domain/settings';
import { ErrorBanner, focusRing, PanelSkeleton } from '../ui';
import type { OptionsApi } from './api';
import { OptionsContext, type SaveOutcome } from './context';
import { ChecklistSection } from './ChecklistSection';
import { DataSourceSection } from './DataSourceSection';
import { GeneralSection } from './GeneralSection';
import { HealthWeightsSection } from './HealthWeightsSection';
import { IcpSection } from './IcpSection';
import { ImportExportSection } from './ImportExportSection';
import { LifecycleRulesSection } from './LifecycleRulesSection';
import { PlanTemplatesSection } from './PlanTemplatesSection';
import { RaciSection } from './RaciSection';
import { RemindersSection } from './RemindersSection';
import { ServiceLevelsSection } from './ServiceLevelsSection';
import { SitesSection } from './SitesSection';

const NAV = [
  ['general', 'General'],
  ['service-levels', 'Service levels'],
  ['plan-templates', 'Success plans'],
  ['lifecycle', 'Lifecycle stages'],
  ['raci', 'RACI'],
  ['reminders', 'Reminders'],
  ['data-source', 'Data source'],
  ['icp', 'Ideal customer profile'],
  ['checklist', 'Handoff checklist'],
  ['health', 'Health weights'],
  ['sites', 'Sites'],
  ['import-export', 'Import & export'],
] as const;

export type { SaveOutcome };

export function OptionsApp({ api }: { api: OptionsApi }) {
  const [snapshot, setSnapshot] = useState<SettingsSnapshot | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      setSnapshot(await api.getSnapshot());
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [api]);
  useEffect(() => {
    let live = true;
    api.getSnapshot().then(
      (s) => {
        if (!live) return;
        setSnapshot(s);
        setLoadError(null);
      },
      (e: unknown) => live && setLoadError(e),
    );
    return () => {
      live = false;
    };
  }, [api]);

  const save = useCallback(
    async (patch: Partial<Settings>, token?: string, pending?: PendingChoice): Promise<SaveOutcome> => {
      if (!snapshot) return { ok: false, errors: { '': 'settings are still loading' } };
      try {
        const reply = await api.save({ ...snapshot.settings, ...patch }, token, pending);
        if (!reply.ok) return { ok: false, errors: reply.errors, message: reply.message, pendingSwitch: reply.pendingSwitch };
        setSnapshot(reply.snapshot);
        return { ok: true };
      } catch (e) {
        return { ok: false, errors: { '': e instanceof Error ? e.message : String(e) } };
      }
    },
    [api, snapshot],
  );

  if (loadError && !snapshot)
    return (
      <Shell>
        <ErrorBanner error={loadError} onRetry={() => void refresh()} />
      </Shell>
    );
  if (!snapshot)
    return (
      <Shell>
        <PanelSkeleton label="Loading settings…" />
      </Shell>
    );

  return (
    <OptionsContext.Provider value={{ api, snapshot, save, refresh }}>
      <Shell>
        {snapshot.error && <StoredSettingsError error={snapshot.error} />}
        <GeneralSection />
        <ServiceLevelsSection />
        <PlanTemplatesSection />
        <LifecycleRulesSection />
        <RaciSection />
        <RemindersSection />
        <DataSourceSection />
        <IcpSection />
        <ChecklistSection />
        <HealthWeightsSection />
        <SitesSection />
        <ImportExportSection />
      </Shell>
    </OptionsContext.Provider>
  );
}

function StoredSettingsError({ error }: { error: NonNullable<SettingsSnapshot['error']> }) {
  return (
    <div
      role="alert"
      className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">{error.message}</p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {error.problems.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            <code>{p.path || 'settings'}</code>: {p.message}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">The forms below show the settings in force. Saving any section replaces the unreadable value.</p>
    </div>
  );
}

function Shell({ children }: { children: ReactNode }) {
  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="border-b border-slate-200 bg-white px-6 py-3 dark:border-slate-800 dark:bg-slate-900">
        <h1 className="text-lg font-semibold">Seamline settings</h1>
        <nav aria-label="Settings sections" className="mt-1 flex flex-wrap gap-3 text-sm">
          {NAV.map(([id, label]) => (
            <a key={id} href={`#${id}`} className={`rounded-sm text-indigo-700 underline-offset-2 hover:underline dark:text-indigo-300 ${focusRing}`}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <main className="mx-auto max-w-3xl space-y-5 p-6">{children}</main>
    </div>
  );
}
