import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { editableTextFields, type ConflictChoice, type ConflictEdits } from '../../lib/core/sync';
import type { ClientStatus, SyncConflict } from '../app/DataContext';
import { useData } from '../app/DataContext';
import { statusQuery } from '../app/queries';
import { useWrite } from '../app/useWrite';
import { Button, ErrorBanner, TextArea, formatDateTime } from '../ui';

const OFFLINE_KINDS = new Set(['network', 'timeout']);

const show = (v: unknown) => {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
};

const panelBox =
  'rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100';

// A refused write was not overtaken by anyone: "mine" sends it again as it
// was, "theirs" drops it, and the wording says so.
const CHOICE_LABELS = {
  conflict: { mine: 'Keep mine', theirs: 'Take theirs' },
  rejected: { mine: 'Send again', theirs: 'Discard mine' },
} as const;

/**
 * A write the backend refused for good (e.g. text it cannot store): the
 * reason, the text as written, editable, and a discard that asks first.
 * Every other write kept flowing while this one waited.
 */
function NeedsAttentionItem({ conflict }: { conflict: SyncConflict }) {
  const original = editableTextFields(conflict.entry.method, conflict.mine);
  const [texts, setTexts] = useState<ConflictEdits>(original);
  const [confirming, setConfirming] = useState(false);
  const decide = useWrite((client, v: { choice: ConflictChoice; edits?: ConflictEdits }) =>
    v.edits ? client.resolveConflict(conflict.id, v.choice, v.edits) : client.resolveConflict(conflict.id, v.choice),
  );
  const changed = Object.fromEntries(Object.entries(texts).filter(([k, v]) => original[k] !== v));
  const { field } = conflict.error;
  return (
    <li className="mt-1 rounded border border-amber-300 p-2 dark:border-amber-800">
      <p className="font-medium">
        Refused by the backend: {conflict.entry.method}
        {conflict.at ? ` (${formatDateTime(conflict.at)})` : ''}
      </p>
      <p className="break-words">
        {field ? <span className="font-medium">{field}: </span> : null}
        {conflict.error.message}
      </p>
      <div className="mt-1 space-y-1">
        {Object.keys(original).map((name) => (
          <TextArea
            key={name}
            label={name === field ? `${name} (refused)` : name}
            value={texts[name] ?? ''}
            aria-invalid={name === field || undefined}
            onChange={(e) => setTexts((t) => ({ ...t, [name]: e.target.value }))}
          />
        ))}
      </div>
      {decide.error != null && (
        <div className="mt-1">
          <ErrorBanner error={decide.error} />
        </div>
      )}
      {confirming ? (
        <div className="mt-1 flex flex-wrap items-center gap-1" role="group" aria-label={`Confirm discarding: ${conflict.entry.method}`}>
          <span>Discard this change for good?</span>
          <Button variant="danger" disabled={decide.isPending} onClick={() => decide.mutate({ choice: 'theirs' })}>
            Discard
          </Button>
          <Button onClick={() => setConfirming(false)}>Keep it</Button>
        </div>
      ) : (
        <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label={`Decide: ${conflict.entry.method}`}>
          <Button
            variant="primary"
            disabled={decide.isPending}
            onClick={() => decide.mutate(Object.keys(changed).length ? { choice: 'mine', edits: changed } : { choice: 'mine' })}
          >
            {CHOICE_LABELS.rejected.mine}
          </Button>
          <Button disabled={decide.isPending} onClick={() => setConfirming(true)}>
            {CHOICE_LABELS.rejected.theirs}
          </Button>
        </div>
      )}
    </li>
  );
}

function ConflictItem({ conflict }: { conflict: SyncConflict }) {
  const decide = useWrite((client, choice: ConflictChoice) => client.resolveConflict(conflict.id, choice));
  const labels = CHOICE_LABELS[conflict.reason];
  return (
    <li className="mt-1 rounded border border-amber-300 p-2 dark:border-amber-800">
      <p className="font-medium">
        {conflict.reason === 'conflict' ? 'Changed by someone else' : 'Refused by the backend'}: {conflict.entry.method}
        {conflict.at ? ` (${formatDateTime(conflict.at)})` : ''}
      </p>
      <p className="break-words">{conflict.error.message}</p>
      <div className="mt-1 grid grid-cols-1 gap-1 min-[480px]:grid-cols-2">
        <div>
          <p className="font-medium">Your version</p>
          <pre className="max-h-40 overflow-auto rounded bg-white/60 p-1 text-[11px] whitespace-pre-wrap dark:bg-black/30">{show(conflict.mine)}</pre>
        </div>
        <div>
          <p className="font-medium">Current version</p>
          <pre className="max-h-40 overflow-auto rounded bg-white/60 p-1 text-[11px] whitespace-pre-wrap dark:bg-black/30">
            {show(conflict.theirs)}
          </pre>
        </div>
      </div>
      {decide.error != null && (
        <div className="mt-1">
          <ErrorBanner error={decide.error} />
        </div>
      )}
      <div className="mt-1 flex flex-wrap gap-1" role="group" aria-label={`Decide: ${conflict.entry.method}`}>
        <Button variant="primary" disabled={decide.isPending} onClick={() => decide.mutate('mine')}>
          {labels.mine}
        </Button>
        <Button disabled={decide.isPending} onClick={() => decide.mutate('theirs')}>
          {labels.theirs}
        </Button>
      </div>
    </li>
  );
}

export const STATUS_POLL_MS = 5_000;

export function isOffline(status: ClientStatus | undefined): boolean {
  if (status?.connection.reachability === 'offline') return true;
  return !!status?.lastError && OFFLINE_KINDS.has(status.lastError.kind);
}

/** Offline state (and since when), writes waiting to sync, conflicts with both versions, and writes needing attention. */
export function SyncStatus() {
  const { client } = useData();
  // Pending writes to the team backend drain in the background; polling keeps
  // the count honest even when no broadcast arrives. On local data every
  // change to the status is announced, and a poll would only wake the
  // background every few seconds for each open panel.
  const { data: status } = useQuery({
    ...statusQuery(client),
    refetchInterval: (query) => (query.state.data?.source === 'local' ? false : STATUS_POLL_MS),
  });
  if (!status) return null;
  const offline = isOffline(status);
  const since = status.connection.offlineSince;
  const conflicts = status.conflicts.filter((c) => c.reason === 'conflict');
  const refused = status.conflicts.filter((c) => c.reason === 'rejected');
  const conflictCount = conflicts.length;
  const parked = status.connection.parked;
  if (!offline && status.pendingWrites === 0 && status.conflicts.length === 0 && parked === 0) return null;
  return (
    <div className="space-y-2">
      {(offline || status.pendingWrites > 0 || parked > 0) && (
        <div role="status" className={panelBox}>
          {offline && (
            <p className="font-semibold">{since ? `Offline since ${formatDateTime(since)}` : 'Offline'} — the team backend cannot be reached.</p>
          )}
          {status.pendingWrites > 0 && (
            <p>
              {status.pendingWrites} change{status.pendingWrites === 1 ? '' : 's'} waiting to sync
            </p>
          )}
          {parked > 0 && (
            <p>
              {parked} unsent change{parked === 1 ? '' : 's'} kept for another backend or workspace (see Options to send, export or discard them)
            </p>
          )}
        </div>
      )}
      {refused.length > 0 && (
        <section role="alert" aria-label="Needs attention" className={panelBox}>
          <p className="font-semibold">
            Needs attention: {refused.length} change{refused.length === 1 ? '' : 's'} refused by the backend
          </p>
          <ul>
            {refused.map((c) => (
              <NeedsAttentionItem key={c.id} conflict={c} />
            ))}
          </ul>
        </section>
      )}
      {conflictCount > 0 && (
        <div role="alert" className={panelBox}>
          <p className="font-semibold">
            {conflictCount} change{conflictCount === 1 ? '' : 's'} could not be saved
          </p>
          <ul>
            {conflicts.map((c) => (
              <ConflictItem key={c.id} conflict={c} />
            ))}
          </ul>
        </div>
      )}
    </div>
  );
}
