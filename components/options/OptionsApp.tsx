import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { PendingChoice, SettingsSnapshot } from '../../lib/core/messages/to-background';
import type { Settings } from '../../lib/core/domain/settings';
import { Button, ErrorBanner, focusRing, PanelSkeleton } from '../ui';
import type { OptionsApi } from './api';
import { lockOf, OptionsContext, useOptions, type SaveOutcome } from './context';
import { Section, Status } from './fields';
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
  // Sections with edits not saved yet (id → label): each keeps its own draft, and leaving the page warns.
  const [unsaved, setUnsavedMap] = useState<Record<string, string>>({});
  const setUnsaved = useCallback((section: string, label: string, dirty: boolean) => {
    setUnsavedMap((m) => {
      if (dirty === section in m) return m;
      const next = { ...m };
      if (dirty) next[section] = label;
      else delete next[section];
      return next;
    });
  }, []);
  const unsavedLabels = Object.values(unsaved);
  useEffect(() => {
    if (unsavedLabels.length === 0) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      // Older browsers only ask when a value is set.
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [unsavedLabels.length]);

  const refresh = useCallback(async () => {
    try {
      setSnapshot(await api.getSnapshot());
      setLoadError(null);
    } catch (e) {
      setLoadError(e);
    }
  }, [api]);
  // The page shows what is in force: a policy or team settings arriving while it is open lock their fields at once.
  useEffect(() => api.watchSettings(() => void refresh()), [api, refresh]);
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

  // A section whose settings someone else fixes starts again from the value in
  // force whenever that value (or who fixes it) changes.
  const lockKey = (path: keyof Settings) => {
    const lock = lockOf(snapshot, path);
    return lock ? `${path}:${lock.by}:${JSON.stringify(snapshot.settings[path])}` : `${path}:own`;
  };
  const sourceKey =
    ['dataSource.url', 'dataSource.kind'].map((p) => lockOf(snapshot, p)?.by ?? 'own').join(':') + (snapshot.managed?.backendUrl ?? '');

  return (
    <OptionsContext.Provider value={{ api, snapshot, save, refresh, setUnsaved }}>
      <Shell>
        {snapshot.error && <StoredSettingsError error={snapshot.error} />}
        {snapshot.managed && snapshot.managed.problems.length > 0 && <PolicyProblems problems={snapshot.managed.problems} />}
        {unsavedLabels.length > 0 && (
          <p
            role="status"
            data-testid="unsaved-notice"
            className="sticky top-0 z-10 rounded-md border border-indigo-300 bg-indigo-50 p-2 text-sm text-indigo-950 dark:border-indigo-700 dark:bg-indigo-950 dark:text-indigo-100"
          >
            Unsaved changes in {unsavedLabels.join(', ')}. Save each section to keep them.
          </p>
        )}
        <GeneralSection />
        <ServiceLevelsSection key={lockKey('serviceLevels')} />
        <PlanTemplatesSection />
        <LifecycleRulesSection />
        <RaciSection />
        <RemindersSection />
        <DataSourceSection key={sourceKey} />
        {snapshot.role === 'admin' && snapshot.source === 'backend' && <PublishTeamSettings onPublished={setSnapshot} />}
        <IcpSection key={lockKey('icpProfile')} />
        <ChecklistSection key={lockKey('handoffTemplate')} />
        <HealthWeightsSection key={lockKey('healthWeights')} />
        <SitesSection />
        <ImportExportSection />
      </Shell>
    </OptionsContext.Provider>
  );
}

/** Policy values Seamline could not use: the organisation's administrators fix them; until then they are ignored. */
function PolicyProblems({ problems }: { problems: NonNullable<SettingsSnapshot['managed']>['problems'] }) {
  return (
    <div
      role="alert"
      data-testid="policy-problems"
      className="rounded-md border border-amber-400 bg-amber-50 p-3 text-sm text-amber-950 dark:border-amber-700 dark:bg-amber-950 dark:text-amber-100"
    >
      <p className="font-semibold">Some values in your organisation's policy could not be used and are ignored.</p>
      <ul className="mt-1 list-disc pl-5 text-xs">
        {problems.map((p) => (
          <li key={`${p.path}:${p.message}`}>
            <code>{p.path || 'policy'}</code>: {p.message}
          </li>
        ))}
      </ul>
      <p className="mt-1 text-xs">Your own settings stay in force for those. Tell your IT administrators.</p>
    </div>
  );
}

/** An admin publishes their ICP profile, checklist template and health weights for every member of the workspace. */
function PublishTeamSettings({ onPublished }: { onPublished: (s: SettingsSnapshot) => void }) {
  const { api } = useOptions();
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  async function publish() {
    setBusy(true);
    setStatus('Publishing…');
    try {
      const reply = await api.publishTeamSettings();
      if (!reply.ok) return setStatus(reply.message);
      onPublished(reply.snapshot);
      setStatus('Published: every member now works with your ICP profile, checklist and health weights.');
    } catch (e) {
      setStatus(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  }
  return (
    <Section
      id="team-settings"
      title="Team settings"
      intro="As a workspace admin, you set the ICP profile, handoff checklist and health weights for everyone in the workspace: save them below, then publish."
    >
      <div className="flex flex-wrap items-center gap-2">
        <Button variant="primary" disabled={busy} onClick={() => void publish()}>
          Publish to workspace
        </Button>
        {status && <Status>{status}</Status>}
      </div>
    </Section>
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
