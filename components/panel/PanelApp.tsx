import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode } from 'react';
import type { ResolveResult } from '../../lib/core/model';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { TabRecord } from '../../lib/core/messages/to-background';
import { useData } from '../app/DataContext';
import { DraftScope } from '../app/drafts';
import { useSettingsError } from '../app/settings';
import { useNow } from '../app/clock';
import { daysUntil } from '../../lib/core/domain/dates';
import { accountContextQuery, resolveRecordQuery, tabRecordQuery } from '../app/queries';
import { Button, Card, ErrorBanner, Muted, PanelSkeleton } from '../ui';
import { AccountHeader } from './AccountHeader';
import { PanelDisclosureProvider } from './disclosure';
import { ChecklistCard } from './ChecklistCard';
import { CommitmentsCard } from './CommitmentsCard';
import { HealthCard } from './HealthCard';
import { IcpCard } from './IcpCard';
import { LinkRecord } from './LinkRecord';
import { NextActionsCard } from './NextActionsCard';
import { PageDisagreements } from './PageDisagreements';
import { RiskFlagsCard } from './RiskFlagsCard';
import { SuccessPlanCard } from './SuccessPlanCard';
import { SyncStatus } from './SyncStatus';
import { UndoProvider } from '../shared/undo';
import { AccountPicker } from '../shared/AccountPicker';
import { RecentAccountsList, useAccountOpened } from '../shared/RecentAccounts';
import { PanelShortcuts } from './Shortcuts';
import { UnassignedCard } from './UnassignedCard';
import { PANEL_LOOK } from './first-paint';
import { useAccountPaintedMark, usePaintedOnce } from './paint-mark';

export interface PanelAppProps {
  /** The record of the tab this panel belongs to (asked of the background in the extension). */
  loadTabRecord: () => Promise<TabRecord | null>;
  /** Set when the panel is the frame injected into a CRM page: it then offers a close button. */
  onClose?: () => void;
  writeClipboard?: (text: string) => Promise<void>;
  /**
   * An account to show whatever tab is active: the panel's page opened for it
   * in a tab of its own (from the dashboard, for an account with no CRM record
   * to open).
   */
  account?: string;
}

function AccountView({
  accountId,
  record,
  writeClipboard,
}: {
  accountId: string;
  /** The CRM record the tab shows; null when the person picked the account on a page that is not one. */
  record: CrmRecordRef | null;
  writeClipboard?: (text: string) => Promise<void>;
}) {
  const { client, source } = useData();
  const now = useNow();
  const ctx = useQuery(accountContextQuery(client, source, accountId));
  const account = ctx.data?.account;
  useAccountOpened(account ? { id: account.id, name: account.name } : null);
  useAccountPaintedMark();
  // The heading and what sits above the health card are painted first; the
  // cards below it follow right after that paint, so a panel shows its
  // account without waiting for every card.
  const belowHealth = usePaintedOnce();
  if (ctx.isPending) return <PanelSkeleton />;
  // TanStack keeps the last good data when a refetch fails: the error is shown
  // above it rather than replacing it, so a flaky backend never blanks the panel.
  const banner = ctx.error ? (
    <ErrorBanner error={ctx.error} onRetry={() => void ctx.refetch()}>
      {ctx.data ? <p className="mt-1 text-xs">Showing the last data loaded.</p> : null}
    </ErrorBanner>
  ) : null;
  if (ctx.data === undefined) return banner;
  if (ctx.data === null) {
    return (
      <>
        {banner}
        <Card title="Account not found">
          <Muted>This record is linked to an account that no longer exists in the current data source.</Muted>
        </Card>
      </>
    );
  }
  const context = ctx.data;
  // In its first 90 days an account's plan is what matters most, so the plan leads.
  const closedWon = context.account.closedWonDate;
  const early = closedWon !== undefined && -daysUntil(closedWon, now) <= 90;
  const plan = <SuccessPlanCard context={context} writeClipboard={writeClipboard} />;
  return (
    <>
      {banner}
      <AccountHeader context={context} writeClipboard={writeClipboard} />
      {record && record.kind !== 'account' && <OnRecord record={record} />}
      {/* The four questions in order: what to do first, does it fit, what was promised, what is missing. */}
      <NextActionsCard context={context} />
      {early && plan}
      <HealthCard context={context} />
      {belowHealth && (
        <>
          <IcpCard context={context} />
          {record && <PageDisagreements context={context} record={record} />}
          <CommitmentsCard context={context} />
          <ChecklistCard context={context} />
          {!early && plan}
          <RiskFlagsCard context={context} />
          <UnassignedCard account={context.account} />
        </>
      )}
    </>
  );
}

function RecordView({
  record,
  known,
  writeClipboard,
}: {
  record: CrmRecordRef;
  known: ResolveResult | null;
  writeClipboard?: (text: string) => Promise<void>;
}) {
  const { client, source } = useData();
  const resolve = useQuery(resolveRecordQuery(client, source, record));
  // The background already resolved the tab's record; show that while asking
  // again, so links made elsewhere are picked up without a blank panel.
  const resolution = resolve.data ?? known;
  if (!resolution) {
    if (resolve.error) return <ErrorBanner error={resolve.error} onRetry={() => void resolve.refetch()} />;
    return <PanelSkeleton label="Looking up the account for this record…" />;
  }
  return (
    <>
      {resolve.error != null && <ErrorBanner error={resolve.error} onRetry={() => void resolve.refetch()} />}
      {resolution.status === 'linked' ? (
        <DraftScope name={resolution.accountId}>
          <AccountView accountId={resolution.accountId} record={record} writeClipboard={writeClipboard} />
        </DraftScope>
      ) : (
        <LinkRecord record={record} resolution={resolution} />
      )}
    </>
  );
}

/** On a deal or ticket the panel shows its account: it says which record it was reached from. */
function OnRecord({ record }: { record: CrmRecordRef }) {
  const what = record.kind === 'other' ? 'record' : record.kind;
  return (
    <p className="text-xs text-slate-700 dark:text-slate-300">
      On {what}{' '}
      <span className="font-medium break-words text-slate-900 dark:text-slate-50">{record.name ? `“${record.name}”` : record.recordId}</span>
    </p>
  );
}

/**
 * A page that is not a CRM record is not a dead end: the person can open an
 * account they worked on lately, or find one by name or domain.
 */
function NoRecordView({ writeClipboard }: { writeClipboard?: (text: string) => Promise<void> }) {
  const [picked, setPicked] = useState<string | null>(null);
  if (picked) {
    return (
      <>
        <Button variant="ghost" onClick={() => setPicked(null)} aria-label="Back to account search">
          ← Back to search
        </Button>
        <AccountView accountId={picked} record={null} writeClipboard={writeClipboard} />
      </>
    );
  }
  return (
    <>
      <Card title="Not a record page">
        <Muted>Open an account, company, deal or ticket record in your CRM to see its handoff context here, or pick an account below.</Muted>
      </Card>
      <RecentAccountsList onPick={(a) => setPicked(a.id)} />
      <AccountPicker title="Find an account" level="h2" onPick={(a) => setPicked(a.id)} />
    </>
  );
}

function Body({ loadTabRecord, writeClipboard }: PanelAppProps) {
  const tab = useQuery(tabRecordQuery(loadTabRecord));
  if (tab.isPending) return <PanelSkeleton />;
  if (tab.data === undefined) return <ErrorBanner error={tab.error} onRetry={() => void tab.refetch()} />;
  const record = tab.data?.record ?? null;
  if (!record) return <NoRecordView writeClipboard={writeClipboard} />;
  return <RecordView record={record} known={tab.data?.resolution ?? null} writeClipboard={writeClipboard} />;
}

export function PanelApp(props: PanelAppProps) {
  const settingsError = useSettingsError();
  return (
    <UndoProvider>
      <div className={PANEL_LOOK.page}>
        <header className={PANEL_LOOK.topBar}>
          <span className={PANEL_LOOK.brand}>Seamline</span>
          <span className="flex items-center gap-1">
            <PanelShortcuts />
            {props.onClose && (
              <Button variant="ghost" onClick={props.onClose} aria-label="Close Seamline panel">
                <svg aria-hidden="true" viewBox="0 0 16 16" className="h-4 w-4" fill="none" stroke="currentColor" strokeWidth="2">
                  <path d="m4 4 8 8M12 4l-8 8" />
                </svg>
              </Button>
            )}
          </span>
        </header>
        <main className={PANEL_LOOK.main}>
          {settingsError && (
            <p
              role="alert"
              className="rounded-md border border-amber-300 bg-amber-50 p-2 text-xs text-amber-950 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100"
            >
              {settingsError}
            </p>
          )}
          <SyncStatus />
          <PanelDisclosureProvider>
            {props.account ? <AccountView accountId={props.account} record={null} writeClipboard={props.writeClipboard} /> : <Body {...props} />}
          </PanelDisclosureProvider>
        </main>
      </div>
    </UndoProvider>
  );
}

/**
 * What the injected frame shows in a page that is not the CRM page which
 * framed it: one line, nothing to click, so a site framing the panel has
 * nothing to trick a person into pressing.
 */
export function NotACrmPage() {
  return (
    <main className="min-h-screen min-w-[300px] bg-slate-50 p-3 text-slate-900 dark:bg-slate-950 dark:text-slate-100">
      <Card title="Not a CRM page">
        <Muted>Seamline shows account context only on the CRM pages it runs on.</Muted>
      </Card>
    </main>
  );
}

const RECHECK_MS = 300;

/**
 * The injected frame renders nothing until the background confirms that the
 * page around it is the CRM page whose content script framed it, and only
 * "Not a CRM page" if it is not. `confirm` is asked again a few times: the
 * page's first report may still be on its way when the frame loads.
 * `confirmed` says the page was confirmed before the gate was rendered (the
 * frame's first request), so the panel shows in the gate's first render.
 */
export function PanelFrameGate({
  confirm,
  confirmed = false,
  retries = 3,
  children,
}: {
  confirm: () => Promise<boolean>;
  confirmed?: boolean;
  retries?: number;
  children: ReactNode;
}) {
  const [state, setState] = useState<'checking' | 'crm' | 'elsewhere'>(confirmed ? 'crm' : 'checking');
  useEffect(() => {
    if (state !== 'checking') return;
    let live = true;
    void (async () => {
      for (let attempt = 0; live; attempt++) {
        const ok = await confirm().catch(() => false);
        if (ok || attempt >= retries) {
          if (live) setState(ok ? 'crm' : 'elsewhere');
          return;
        }
        await new Promise((r) => setTimeout(r, RECHECK_MS));
      }
    })();
    return () => {
      live = false;
    };
  }, [confirm, retries, state]);
  if (state === 'checking') return null;
  return state === 'crm' ? children : <NotACrmPage />;
}
