import { useEffect, useId, useState, type FormEvent } from 'react';
import { UserRoleSchema, type UserRole } from '../../lib/core/domain/settings';
import type { SettingsSnapshot } from '../../lib/core/messages/to-background';
import type { OptionsApi } from '../options/api';
import { USER_ROLE_LABELS } from '../shared/labels';
import { Button, ErrorBanner, focusRing, PanelSkeleton, TextField } from '../ui';

type Source = 'local' | 'backend';

const ROLE_HINTS: Record<UserRole, string> = {
  ae: 'You make the promises of the sale: what you capture is recorded as yours.',
  csm: 'You inherit accounts: what you capture is recorded as promised by the account’s AE.',
  manager: 'You review handoffs and approve exceptions.',
  revops: 'You keep the playbook, the checklist and the ICP in shape.',
};

/**
 * The first-run page: who the person is (so captures record them, and a
 * promise is put on the right person), where their data lives, and the demo
 * portfolio to try it on. Everything here can be changed later in Settings.
 */
export function WelcomeApp({ api, settingsUrl }: { api: Pick<OptionsApi, 'getSnapshot' | 'save' | 'seedDemo'>; settingsUrl: string }) {
  const id = useId();
  const [snapshot, setSnapshot] = useState<SettingsSnapshot | null>(null);
  const [loadError, setLoadError] = useState<unknown>(null);
  const [name, setName] = useState('');
  const [role, setRole] = useState<UserRole | null>(null);
  const [source, setSource] = useState<Source>('local');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saved, setSaved] = useState(false);
  const [demo, setDemo] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.getSnapshot().then(
      (s) => {
        setSnapshot(s);
        // The default name ("Me") is not a name anyone chose.
        setName(s.settings.userName === 'Me' ? '' : s.settings.userName);
        setRole(s.settings.userRole);
        setSource(s.settings.dataSource.kind);
      },
      (e: unknown) => setLoadError(e),
    );
  }, [api]);

  if (loadError != null) return <ErrorBanner error={loadError} />;
  if (!snapshot) return <PanelSkeleton label="Loading…" />;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const next: Record<string, string> = {};
    if (!name.trim()) next.userName = 'Enter your name: it is recorded with what you capture.';
    if (!role) next.userRole = 'Choose your role.';
    setErrors(next);
    if (Object.keys(next).length > 0 || !role) return;
    setBusy(true);
    try {
      // The data source itself (a backend's address, its token, the browser's
      // permission) is set up in Settings, where it can be tested.
      const reply = await api.save({ ...snapshot.settings, userName: name.trim(), userRole: role });
      if (reply.ok) {
        setSnapshot(reply.snapshot);
        setSaved(true);
      } else setErrors(reply.errors);
    } finally {
      setBusy(false);
    }
  };

  const loadDemo = async () => {
    setBusy(true);
    try {
      const r = await api.seedDemo();
      setDemo(r.loaded ? `Demo portfolio loaded: ${r.accounts} accounts.` : `Not loaded: the store already holds ${r.accounts} accounts.`);
    } catch (e) {
      setDemo(`The demo portfolio could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="min-h-screen bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <main className="mx-auto max-w-xl space-y-4 p-6">
        <h1 className="text-2xl font-semibold">Welcome to Seamline</h1>
        <p className="text-sm text-slate-700 dark:text-slate-300">
          Seamline keeps what was promised, what the handoff is missing and whether the account fits, beside every CRM record. Three questions first;
          everything can be changed later in Settings.
        </p>
        <form
          onSubmit={(e) => void submit(e)}
          className="space-y-4 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
        >
          <TextField
            label="Your name"
            hint="Recorded with the commitments, flags and checklist answers you capture."
            autoComplete="name"
            maxLength={120}
            value={name}
            aria-invalid={errors.userName ? true : undefined}
            onChange={(e) => setName(e.target.value)}
          />
          {errors.userName && (
            <p role="alert" className="text-xs font-medium text-red-800 dark:text-red-300">
              {errors.userName}
            </p>
          )}
          <fieldset>
            <legend className="text-xs font-medium text-slate-700 dark:text-slate-300">Your role</legend>
            <div className="mt-1 space-y-1">
              {UserRoleSchema.options.map((r) => (
                <label key={r} className="flex items-start gap-2 text-sm">
                  <input
                    type="radio"
                    name={`${id}-role`}
                    value={r}
                    checked={role === r}
                    onChange={() => setRole(r)}
                    className={`mt-1 accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
                  />
                  <span>
                    <span className="font-medium">{USER_ROLE_LABELS[r]}</span>
                    <span className="block text-xs text-slate-600 dark:text-slate-400">{ROLE_HINTS[r]}</span>
                  </span>
                </label>
              ))}
            </div>
            {errors.userRole && (
              <p role="alert" className="mt-1 text-xs font-medium text-red-800 dark:text-red-300">
                {errors.userRole}
              </p>
            )}
          </fieldset>
          <fieldset>
            <legend className="text-xs font-medium text-slate-700 dark:text-slate-300">Where your data lives</legend>
            <div className="mt-1 space-y-1 text-sm">
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`${id}-source`}
                  checked={source === 'local'}
                  onChange={() => setSource('local')}
                  className={`accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
                />
                On this computer only
              </label>
              <label className="flex items-center gap-2">
                <input
                  type="radio"
                  name={`${id}-source`}
                  checked={source === 'backend'}
                  onChange={() => setSource('backend')}
                  className={`accent-indigo-700 dark:accent-indigo-300 ${focusRing}`}
                />
                Our team’s Seamline backend
              </label>
            </div>
            {source === 'backend' && snapshot.settings.dataSource.kind !== 'backend' && (
              <p className="mt-1 text-xs text-slate-700 dark:text-slate-300">
                Connect it in{' '}
                <a href={`${settingsUrl}#data-source`} className={`rounded-sm text-indigo-700 underline dark:text-indigo-300 ${focusRing}`}>
                  Settings → Data source
                </a>{' '}
                with the address and access token your admin gave you; it is tested before anything is switched.
              </p>
            )}
          </fieldset>
          {Object.entries(errors)
            .filter(([k]) => k !== 'userName' && k !== 'userRole')
            .map(([k, m]) => (
              <p key={k} role="alert" className="text-xs font-medium text-red-800 dark:text-red-300">
                {m}
              </p>
            ))}
          <div className="flex flex-wrap items-center gap-3">
            <Button type="submit" variant="primary" size="md" disabled={busy}>
              Save and start
            </Button>
            <span role="status" className="text-sm">
              {saved ? `Saved. Open a CRM record and press Alt+Shift+S to open the panel.` : ''}
            </span>
          </div>
        </form>
        <section
          aria-labelledby={`${id}-demo`}
          className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-700 dark:bg-slate-900"
        >
          <h2 id={`${id}-demo`} className="text-sm font-semibold">
            Try it on the demo portfolio
          </h2>
          <p className="text-xs text-slate-700 dark:text-slate-300">
            Sixty sample accounts with promises, handoffs and risks, on this computer only; nothing is sent anywhere.
          </p>
          <div className="flex flex-wrap items-center gap-3">
            <Button disabled={busy} onClick={() => void loadDemo()}>
              Load demo portfolio
            </Button>
            <span role="status" className="text-sm">
              {demo ?? ''}
            </span>
          </div>
        </section>
      </main>
    </div>
  );
}
