import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { unassignedQuery } from '../app/data-queries';
import type { AccountSummary } from '../../lib/core/model';
import type { PanelMode } from '../../lib/core/domain/settings';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { useData } from '../app/DataContext';
import { TAB_RECORD_KEY } from '../app/queries';
import { useSettings } from '../app/settings';
import { Button, ErrorBanner, Muted, PanelSkeleton } from '../ui';
import { AccountPicker } from '../shared/AccountPicker';
import { QuickChecklist } from './QuickChecklist';
import { UndoProvider } from '../shared/undo';
import { RecentAccountsList } from '../shared/RecentAccounts';

/** The tab the popup belongs to, and the record it shows (null off CRM pages). */
export type PopupTab = Pick<TabRecord, 'tabId' | 'record' | 'resolution'>;

export type OpenPanelResult = { ok: true } | { ok: false; message: string };

export interface PopupAppProps {
  /** The record of the tab the popup was opened over. */
  loadTabRecord: () => Promise<PopupTab | null>;
  /**
   * Opens the panel on that tab: the browser's side panel in native mode, the
   * injected panel otherwise. Called straight from the click, since the side
   * panel may only be opened while handling it.
   */
  openPanel: (tabId: number, mode: PanelMode) => Promise<OpenPanelResult>;
  /** Opens the alignment dashboard in a tab of its own. */
  openDashboard?: () => void;
}

function UnassignedNotice({ onAssign }: { onAssign: (() => void) | null }) {
  const { client, source } = useData();
  const q = useQuery(unassignedQuery(client, source));
  const count = (q.data?.commitments.length ?? 0) + (q.data?.flags.length ?? 0);
  if (count === 0) return null;
  const text = `${count} capture${count === 1 ? '' : 's'} need${count === 1 ? 's' : ''} an account`;
  return (
    <div
      role="status"
      className="flex items-center justify-between gap-2 rounded-md border border-amber-300 bg-amber-50 px-2 py-1.5 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
    >
      <span className="font-medium">{text}</span>
      {onAssign ? (
        <Button onClick={onAssign} aria-label={`Assign in panel: ${text}`}>
          Assign in panel
        </Button>
      ) : (
        <span>Open an account record to assign them in the panel.</span>
      )}
    </div>
  );
}

export function PopupApp({ loadTabRecord, openPanel, openDashboard }: PopupAppProps) {
  const settings = useSettings();
  const tab = useQuery({ queryKey: TAB_RECORD_KEY, queryFn: loadTabRecord });
  const [picked, setPicked] = useState<Pick<AccountSummary, 'id' | 'name'> | null>(null);
  const [panelError, setPanelError] = useState<string | null>(null);

  const record = tab.data?.record ?? null;
  const tabId = tab.data?.tabId;
  const linkedId = record && tab.data?.resolution?.status === 'linked' ? tab.data.resolution.accountId : null;
  // The injected panel exists only on record pages; the native one on any tab.
  const canOpenPanel = tabId !== undefined && (record !== null || settings.panelMode === 'native');
  const open = () => {
    if (tabId === undefined) return;
    setPanelError(null);
    void openPanel(tabId, settings.panelMode).then((r) => !r.ok && setPanelError(r.message));
  };

  const accountId = picked?.id ?? linkedId;

  let body;
  if (tab.isPending) body = <PanelSkeleton label="Looking at this tab…" />;
  else if (accountId) {
    body = (
      <>
        {picked && (
          <Button variant="ghost" onClick={() => setPicked(null)} aria-label="Back to account search">
            ← Back to search
          </Button>
        )}
        <QuickChecklist accountId={accountId} />
      </>
    );
  } else {
    body = (
      <>
        {tab.error != null && <ErrorBanner error={tab.error} onRetry={() => void tab.refetch()} />}
        {record && (
          <Muted>
            This {record.kind === 'other' ? 'record' : record.kind} is not linked to a Seamline account yet. Open the panel to link it, or pick an
            account below.
          </Muted>
        )}
        {!record && <RecentAccountsList onPick={setPicked} />}
        <AccountPicker initialSearch={record?.name ?? ''} onPick={setPicked} />
      </>
    );
  }

  return (
    <div className="max-h-[600px] w-[380px] overflow-y-auto bg-slate-50 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <header className="sticky top-0 z-10 flex items-center justify-between border-b border-slate-200 bg-white px-3 py-1.5 dark:border-slate-800 dark:bg-slate-900">
        <span className="text-sm font-semibold tracking-tight">Seamline</span>
        <span className="flex items-center gap-1">
          {openDashboard && <Button onClick={openDashboard}>Dashboard</Button>}
          {canOpenPanel && (
            <Button variant="primary" onClick={open}>
              Open panel
            </Button>
          )}
        </span>
      </header>
      <main className="space-y-2 p-3">
        {panelError && <ErrorBanner error={new Error(panelError)} />}
        <UnassignedNotice onAssign={canOpenPanel && linkedId ? open : null} />
        <UndoProvider>{body}</UndoProvider>
      </main>
    </div>
  );
}
