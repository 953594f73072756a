import { useQuery } from '@tanstack/react-query';
import type { ConflictChoice } from '../../lib/core/sync';
import type { ClientStatus, SyncConflict } from '../app/DataContext';
import { useData } from '../app/DataContext';
import { statusQuery } from '../app/queries';
import { useWrite } from '../app/useWrite';
import { Button, ErrorBanner, formatDateTime } from '../ui';

const OFFLINE_KINDS = new Set(['network', 'timeout']);

const show = (v: unknown) => {
  try {
    return JSON.stringify(v, null, 2) ?? String(v);
  } catch {
    return String(v);
  }
};

// A refused write was not overtaken by anyone: "mine" sends it again as it
// was, "theirs" drops it, and the wording says so.
const CHOICE_LABELS = {
  conflict: { mine: 'Keep mine', theirs: 'Take theirs' },
  rejected: { mine: 'Send again', theirs: 'Discard mine' },
} as const;

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

export function isOffline(status: ClientStatus | undefined): boolean {
  return !!status?.lastError && OFFLINE_KINDS.has(status.lastError.kind);
}

/** Offline state, writes waiting to sync, and conflicts with both versions. */
export function SyncStatus() {
  const { client } = useData();
  // Pending writes drain in the background; polling keeps the count honest
  // even when no change broadcast arrives.
  const { data: status } = useQuery({ ...statusQuery(client), refetchInterval: 5000 });
  if (!status) return null;
  const offline = isOffline(status);
  const conflicts = status.conflicts;
  const conflictCount = conflicts.length;
  if (!offline && status.pendingWrites === 0 && conflictCount === 0) return null;
  return (
    <div className="space-y-2">
      {(offline || status.pendingWrites > 0) && (
        <div
          role="status"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
          {offline && <p className="font-semibold">Offline — the team backend cannot be reached.</p>}
          {status.pendingWrites > 0 && (
            <p>
              {status.pendingWrites} change{status.pendingWrites === 1 ? '' : 's'} waiting to sync
            </p>
          )}
        </div>
      )}
      {conflictCount > 0 && (
        <div
          role="alert"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
        >
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
