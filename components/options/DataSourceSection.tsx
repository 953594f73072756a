import { useState } from 'react';
import { safeParseOf } from '../../lib/core/parse';
import type { LocalSummary, PendingChoice, PendingSwitch } from '../../lib/core/messages/to-background';
import type { ConnectionReport } from '../../lib/core/sync';
import { BackendUrlSchema } from '../../lib/core/domain/settings';
import type { FieldErrors } from '../../lib/core/settings/form';
import { backendOriginPattern } from '../../lib/core/settings/permissions';
import { Badge, Button, formatDateTime } from '../ui';
import { ConnectionStatus } from './ConnectionStatus';
import { ErrorsContext, FormError, Input, LOCK_TEXT, LockNote, Section, Status } from './fields';
import { useLock, useOptions, useUnsaved } from './context';

type Kind = 'local' | 'backend';

export function DataSourceSection() {
  const { api, snapshot, save, refresh } = useOptions();
  const current = snapshot.settings.dataSource;
  const [kind, setKind] = useState<Kind>(current.kind);
  const urlLock = useLock('dataSource.url');
  const kindLock = useLock('dataSource.kind');
  // The organisation's URL is ready even while the person is still on local data.
  const policyUrl = snapshot.managed?.backendUrl ?? null;
  const [url, setUrl] = useState(urlLock && policyUrl ? policyUrl : current.kind === 'backend' ? current.url : '');
  const [token, setToken] = useState('');
  const [errors, setErrors] = useState<FieldErrors>({});
  const [status, setStatus] = useState('');
  const [report, setReport] = useState<ConnectionReport | null>(null);
  const [offer, setOffer] = useState<LocalSummary | null>(null);
  const [busy, setBusy] = useState(false);
  const [switchAsk, setSwitchAsk] = useState<PendingSwitch | null>(null);
  useUnsaved(
    'data-source',
    'Data source',
    kind !== current.kind || token !== '' || (kind === 'backend' && url !== (current.kind === 'backend' ? current.url : (policyUrl ?? ''))),
  );
  // Bumped after anything that changes the connection, so its status is read again.
  const [version, setVersion] = useState(0);

  /** Checks the form before asking for anything; returns the backend origin to request. */
  function checkBackend(needToken: boolean): string | null {
    const parsed = safeParseOf(BackendUrlSchema, url);
    const next: FieldErrors = {};
    if (!parsed.success) next['dataSource.url'] = parsed.error.issues[0]?.message ?? 'not a valid URL';
    if (needToken && !token.trim() && !snapshot.hasToken) next.token = 'enter the access token';
    setErrors(next);
    return parsed.success && Object.keys(next).length === 0 ? parsed.data : null;
  }

  async function askPermission(validUrl: string): Promise<boolean> {
    // The browser only shows its prompt during the click, so this is the first await of the handler.
    const granted = await api.requestOrigins([backendOriginPattern(validUrl)]).catch(() => false);
    if (!granted) setErrors({ '': `Seamline needs permission to reach ${new URL(validUrl).host} to use it as the team backend.` });
    return granted;
  }

  async function onTest() {
    setReport(null);
    const valid = checkBackend(true);
    if (!valid || !(await askPermission(valid))) return;
    setBusy(true);
    setStatus('Testing the connection…');
    try {
      const reply = await api.testBackend(valid, token.trim() || undefined);
      if (!reply.ok) {
        setErrors(Object.fromEntries(Object.entries(reply.errors).map(([k, v]) => [k === 'url' ? 'dataSource.url' : k, v])));
        setStatus('');
      } else {
        setReport(reply.report);
        setStatus('');
      }
    } finally {
      setBusy(false);
    }
  }

  async function onSave() {
    setStatus('');
    setSwitchAsk(null);
    if (kind === 'local') {
      const out = await save({ dataSource: { kind: 'local' } });
      setErrors(out.ok ? {} : out.errors);
      setStatus(out.ok ? 'Using the data stored in this browser.' : '');
      setVersion((v) => v + 1);
      return;
    }
    const valid = checkBackend(true);
    if (!valid || !(await askPermission(valid))) return;
    await saveBackend(valid);
  }

  /** Saves the backend; with writes still queued for another workspace the person is asked first (`pending` is the answer). */
  async function saveBackend(valid: string, pending?: PendingChoice): Promise<boolean> {
    setBusy(true);
    try {
      const out = await save({ dataSource: { kind: 'backend', url: valid } }, token.trim() || undefined, pending);
      setVersion((v) => v + 1);
      if (!out.ok) {
        setErrors(out.errors);
        setStatus(out.message ?? '');
        setSwitchAsk(out.pendingSwitch ?? null);
        return false;
      }
      setSwitchAsk(null);
      setErrors({});
      setToken('');
      setStatus(`Using the team backend at ${new URL(valid).host}. Local data is kept in this browser.`);
      const local = await api.localSummary().catch(() => null);
      setOffer(local && local.accounts + local.commitments + local.flags > 0 ? local : null);
      return true;
    } finally {
      setBusy(false);
    }
  }

  async function onSwitchChoice(choice: PendingChoice | 'export') {
    const ask = switchAsk;
    const valid = checkBackend(true);
    if (!ask || !valid) return;
    const saved = await saveBackend(valid, choice === 'export' ? 'park' : choice);
    if (!saved || choice !== 'export') return;
    // Parked now: downloaded as a file, then removed from the queue.
    const r = await api.exportParked(ask.key);
    if (!r.ok) return setStatus(r.message);
    api.download(r.filename, r.json, 'application/json');
    await api.discardParked(ask.key);
    setVersion((v) => v + 1);
  }

  async function onUpload() {
    setBusy(true);
    try {
      const r = await api.uploadLocal();
      setStatus(
        r.ok
          ? `Uploaded: ${r.summary.accounts} accounts, ${r.summary.commitments} commitments, ${r.summary.flags} flags merged into the team backend.`
          : `Upload failed: ${r.message}`,
      );
      if (r.ok) setOffer(null);
    } finally {
      setBusy(false);
    }
  }

  async function onClearToken() {
    await api.clearToken();
    await refresh();
    setVersion((v) => v + 1);
    setStatus('The stored access token was removed.');
  }

  return (
    <Section
      id="data-source"
      title="Data source"
      intro="Seamline keeps its data in this browser unless you connect your team's backend. The access token stays in the extension's background and is never shown to web pages."
    >
      <ErrorsContext.Provider value={errors}>
        <p className="text-sm">
          In use now:{' '}
          <Badge tone={snapshot.source === 'backend' ? 'info' : 'neutral'}>{snapshot.source === 'backend' ? 'team backend' : 'this browser'}</Badge>
        </p>
        <LockNote lock={kindLock} />
        {snapshot.managed?.workspace && (
          <p className="text-sm">
            Your organisation's workspace: <strong>{snapshot.managed.workspace}</strong>
          </p>
        )}
        <fieldset className="space-y-1" disabled={kindLock !== null}>
          <legend className="text-xs font-medium text-slate-700 dark:text-slate-300">Where Seamline reads and writes</legend>
          {(['local', 'backend'] as const).map((k) => (
            <label key={k} className="mr-4 inline-flex items-center gap-1.5 text-sm">
              <input type="radio" name="data-source-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
              {k === 'local' ? 'This browser (local)' : 'Team backend'}
            </label>
          ))}
        </fieldset>
        {kind === 'backend' && (
          <>
            <Input
              label="Backend URL"
              path="dataSource.url"
              type="url"
              placeholder="https://seamline.example.com"
              hint={urlLock ? `${LOCK_TEXT[urlLock.by]}.` : 'https:// is required; plain http only for 127.0.0.1 or localhost.'}
              disabled={urlLock !== null}
              value={url}
              onChange={(e) => setUrl(e.target.value)}
            />
            <Input
              label="Access token"
              path="token"
              type="password"
              autoComplete="off"
              placeholder={snapshot.hasToken ? 'A token is stored; type a new one to replace it' : 'Paste the token your admin created'}
              value={token}
              onChange={(e) => setToken(e.target.value)}
            />
          </>
        )}
        <FormError />
        <div className="flex flex-wrap items-center gap-2">
          {kind === 'backend' && (
            <Button disabled={busy} onClick={() => void onTest()}>
              Test connection
            </Button>
          )}
          <Button variant="primary" disabled={busy} onClick={() => void onSave()}>
            Save data source
          </Button>
          {snapshot.hasToken && (
            <Button variant="ghost" disabled={busy} onClick={() => void onClearToken()}>
              Remove stored token
            </Button>
          )}
        </div>
        {status && <Status>{status}</Status>}
        {switchAsk && (
          <div
            role="alert"
            aria-label="Unsent changes"
            className="rounded-md border border-amber-300 bg-amber-50 p-3 text-sm dark:border-amber-800 dark:bg-amber-950"
          >
            <p>
              {switchAsk.count} change{switchAsk.count === 1 ? ' is' : 's are'} still waiting to be sent to{' '}
              {switchAsk.workspace ? `workspace ${switchAsk.workspace}` : 'the current workspace'} at {switchAsk.url}. They are never sent to another
              backend or workspace. Nothing was saved yet.
            </p>
            <div className="mt-2 flex flex-wrap gap-2">
              <Button variant="primary" disabled={busy} onClick={() => void onSwitchChoice('send-first')}>
                Send them to {switchAsk.workspace ?? 'that workspace'} first
              </Button>
              <Button disabled={busy} onClick={() => void onSwitchChoice('park')}>
                Keep them parked
              </Button>
              <Button disabled={busy} onClick={() => void onSwitchChoice('export')}>
                Export them
              </Button>
            </div>
          </div>
        )}
        {report && <ConnectionResult report={report} />}
        <ConnectionStatus api={api} version={version} />
        {offer && (
          <div className="rounded-md border border-indigo-200 bg-indigo-50 p-3 text-sm dark:border-indigo-800 dark:bg-indigo-950">
            <p>
              This browser still holds {offer.accounts} accounts, {offer.commitments} commitments and {offer.flags} flags. Upload them to the team
              backend? Records are merged; nothing on the backend is deleted.
            </p>
            <div className="mt-2 flex gap-2">
              <Button variant="primary" disabled={busy} onClick={() => void onUpload()}>
                Upload local data
              </Button>
              <Button variant="ghost" onClick={() => setOffer(null)}>
                Not now
              </Button>
            </div>
          </div>
        )}
      </ErrorsContext.Provider>
    </Section>
  );
}

function ConnectionResult({ report }: { report: ConnectionReport }) {
  const ok = report.reachable && report.compatible && report.tokenAccepted;
  return (
    <div role="status" data-testid="connection-report" className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <p className="font-semibold">
        {ok ? 'Connected.' : report.reachable ? 'The backend answered, with a problem.' : 'The backend could not be reached.'}
      </p>
      <dl className="mt-1 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt>Contract version</dt>
        <dd>
          {report.contractVersion ?? 'unknown'}
          {report.contractVersion && !report.compatible ? ' (not compatible with this version of Seamline)' : ''}
        </dd>
        <dt>Token</dt>
        <dd>{report.tokenAccepted ? 'accepted' : 'not accepted'}</dd>
        {report.workspace && (
          <>
            <dt>Workspace</dt>
            <dd>{report.workspace}</dd>
          </>
        )}
        {report.role && (
          <>
            <dt>Role</dt>
            <dd>{report.role}</dd>
          </>
        )}
        {report.expiresAt !== undefined && (
          <>
            <dt>Token expires</dt>
            <dd>{report.expiresAt === null ? 'never' : formatDateTime(report.expiresAt)}</dd>
          </>
        )}
        {report.error && (
          <>
            <dt>Error</dt>
            <dd>{report.error.message}</dd>
          </>
        )}
      </dl>
    </div>
  );
}
