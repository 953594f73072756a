import { useCallback, useEffect, useState } from 'react';
import type { BackendStatus, ParkedQueueSummary } from '../../lib/core/messages/to-background';
import { Button, ErrorBanner, formatDateTime } from '../ui';
import type { OptionsApi } from './api';
import { Status } from './fields';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function reachabilityText(s: BackendStatus['connection']): string {
  if (s.source === 'local') return 'Using the data stored in this browser.';
  if (s.reachability === 'offline') return s.offlineSince ? `Offline since ${formatDateTime(s.offlineSince)}.` : 'Offline.';
  return s.reachability === 'online' ? 'Online.' : 'Not contacted yet.';
}

/**
 * The team-backend connection as the background sees it: reachability, the
 * workspace, the token's expiry (with rotation), a storage warning, and the
 * writes still queued for an earlier backend URL or workspace.
 */
export function ConnectionStatus({ api, version }: { api: OptionsApi; version: number }) {
  const [status, setStatus] = useState<BackendStatus | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setStatus(await api.backendStatus());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, [api]);

  useEffect(() => {
    let live = true;
    api.backendStatus().then(
      (s) => {
        if (!live) return;
        setStatus(s);
        setError(null);
      },
      (e: unknown) => live && setError(e),
    );
    return () => {
      live = false;
    };
  }, [api, version]);

  async function onRotate() {
    setBusy(true);
    try {
      const r = await api.rotateToken();
      setMessage(
        r.ok ? 'The token was rotated. The new one is stored in Seamline and is not shown; the old one stops working in a few minutes.' : r.message,
      );
      await load();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (error && !status) return <ErrorBanner error={error} onRetry={() => void load()} />;
  if (!status) return null;
  const c = status.connection;
  return (
    <div data-testid="connection-status" className="space-y-2 rounded-md border border-slate-200 p-3 text-sm dark:border-slate-700">
      <p className="font-semibold">Connection status</p>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 text-xs">
        <dt>State</dt>
        <dd>{reachabilityText(c)}</dd>
        {c.source === 'backend' && (
          <>
            <dt>Backend</dt>
            <dd className="break-all">{c.backendUrl}</dd>
            <dt>Workspace</dt>
            <dd>{c.workspace ?? 'not confirmed by the backend yet'}</dd>
            <dt>Waiting to sync</dt>
            <dd>
              {plural(c.pending, 'change')}
              {c.needsAttention > 0 ? `, ${c.needsAttention} needing attention` : ''}
            </dd>
            <dt>Token expires</dt>
            <dd>{status.expiresAt === undefined ? 'unknown' : status.expiresAt === null ? 'never' : formatDateTime(status.expiresAt)}</dd>
          </>
        )}
      </dl>
      {c.source === 'backend' && (
        <Button disabled={busy} onClick={() => void onRotate()}>
          Rotate token
        </Button>
      )}
      {message && <Status>{message}</Status>}
      {status.storageWarning && (
        <p role="note" className="text-xs text-amber-800 dark:text-amber-300">
          {status.storageWarning}
        </p>
      )}
      {status.parked.map((q) => (
        <ParkedQueue key={q.scope.key} api={api} queue={q} onChange={load} />
      ))}
    </div>
  );
}

/** Writes kept for a backend URL or workspace not in use: listed until sent (by switching back), exported or discarded. */
function ParkedQueue({ api, queue, onChange }: { api: OptionsApi; queue: ParkedQueueSummary; onChange: () => Promise<void> }) {
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState('');
  const total = queue.pending + queue.needsAttention;
  const where = `${queue.scope.workspace ? `workspace ${queue.scope.workspace}` : 'an unconfirmed workspace'} at ${queue.scope.url}`;

  async function onExport() {
    const r = await api.exportParked(queue.scope.key);
    if (!r.ok) return setError(r.message);
    api.download(r.filename, r.json, 'application/json');
    // Exported is done with: the file holds them now.
    await api.discardParked(queue.scope.key);
    await onChange();
  }

  async function onDiscard() {
    await api.discardParked(queue.scope.key);
    await onChange();
  }

  return (
    <section
      aria-label={`Unsent changes for ${where}`}
      className="rounded border border-amber-300 bg-amber-50 p-2 text-xs dark:border-amber-800 dark:bg-amber-950"
    >
      <p className="font-medium">
        {plural(total, 'unsent change')} for {where}
      </p>
      <p>They are kept here and never sent to another backend or workspace. Connect to that workspace again to send them.</p>
      <ul className="mt-1 list-disc pl-4">
        {queue.writes.map((w, i) => (
          <li key={i} className="break-words">
            {w.method} ({formatDateTime(w.createdAt)}){w.text ? `: ${w.text}` : ''}
          </li>
        ))}
      </ul>
      {error && <p role="alert">{error}</p>}
      <div className="mt-1 flex flex-wrap items-center gap-1">
        <Button onClick={() => void onExport()}>Export them</Button>
        {confirming ? (
          <>
            <span>Discard {plural(total, 'change')} for good?</span>
            <Button variant="danger" onClick={() => void onDiscard()}>
              Discard
            </Button>
            <Button variant="ghost" onClick={() => setConfirming(false)}>
              Keep them
            </Button>
          </>
        ) : (
          <Button variant="ghost" onClick={() => setConfirming(true)}>
            Discard…
          </Button>
        )}
      </div>
    </section>
  );
}
