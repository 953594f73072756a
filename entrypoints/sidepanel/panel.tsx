import '../../lib/zod-jitless';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { DataRoot } from '../../components/app/DataRoot';
import {
  ask,
  closeInjectedPanel,
  getPageFields,
  getTabRecord,
  holdPageOpen,
  isEmbeddedFrame,
  onActiveTabChange,
  onBroadcast,
  pageDataClient,
  recentAccountsPort,
} from '../../components/app/runtime';
import { createDraftStore, DraftsProvider } from '../../components/app/drafts';
import { seedFromFirstAnswer } from '../../components/app/first-answer';
import { preloadSettings, StoredSettingsProvider } from '../../components/app/settings';
import { connectPanel } from '../../components/app/wiring';
import { PanelApp, PanelFrameGate } from '../../components/panel/PanelApp';
import { PageFieldsProvider } from '../../components/panel/page-fields';
import { RecentAccountsProvider } from '../../components/shared/RecentAccounts';
import { createSettingsStore } from '../../lib/data/settings-store';

// This page is both the frame injected into CRM tabs and the browser's
// native side panel; the only difference is whose tab it follows.
const embedded = isEmbeddedFrame();
let sentAhead: Promise<unknown> | null = null;
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 10_000, refetchOnWindowFocus: true } },
});
const client = pageDataClient();
// Read now, beside the frame's first request, rather than after the first render.
const settings = preloadSettings(createSettingsStore());

connectPanel(queryClient, { onBroadcast, onActiveTabChange: embedded ? undefined : onActiveTabChange });

// The page id the framing page's content script put in this frame's address.
const page = location.hash.slice(1);
// Opened in a tab of its own for one account (the dashboard's link for an account with no CRM record): that account.
const accountAsked = embedded ? undefined : (new URLSearchParams(location.search).get('account') ?? undefined);
// Framed, unsaved text is kept by the background for this tab's page, so it
// outlives this frame (released while its tab is hidden); the native side
// panel lives as long as its window and keeps it itself.
const drafts = createDraftStore((field, value) => {
  if (embedded) void ask('draft-set', { page, field, value }).catch(() => undefined);
});

const panel = (
  <StoredSettingsProvider preloaded={settings}>
    <DataRoot client={client}>
      <DraftsProvider store={drafts}>
        <PageFieldsProvider load={getPageFields}>
          <RecentAccountsProvider port={recentAccountsPort}>
            <PanelApp loadTabRecord={getTabRecord} onClose={embedded ? () => void closeInjectedPanel() : undefined} account={accountAsked} />
          </RecentAccountsProvider>
        </PageFieldsProvider>
      </DraftsProvider>
    </DataRoot>
  </StoredSettingsProvider>
);

// Framed, the page first proves it was framed by a CRM page of ours. The
// answer carries the tab's record, the account's context and the drafts, so
// the first paint already shows the account. Only a proven frame counts as
// an open Seamline page (what keeps the team's live feed open).
let held = false;
const confirmFramedByCrmPage = async () => {
  // The first check went out before this code was loaded (main.tsx); its answer is parsed here like any other.
  const ahead = sentAhead;
  sentAhead = null;
  const answer = await ask('frame-check', { page }, ahead ? () => ahead : undefined);
  if (!answer.crmPage) return false;
  seedFromFirstAnswer(queryClient, answer);
  drafts.load(answer.drafts);
  if (!held) {
    held = true;
    holdPageOpen();
  }
  return true;
};

const app = (gate: { confirmed: boolean } | null) => (
  <QueryClientProvider client={queryClient}>
    {gate ? (
      <PanelFrameGate confirm={confirmFramedByCrmPage} confirmed={gate.confirmed}>
        {panel}
      </PanelFrameGate>
    ) : (
      panel
    )}
  </QueryClientProvider>
);

/** Renders the panel; `frameCheck` is the framed panel's first check, already sent (main.tsx). */
export function startPanel(frameCheck: Promise<unknown> | null): void {
  const root = createRoot(document.getElementById('root')!);
  if (!embedded) {
    holdPageOpen();
    root.render(app(null));
    return;
  }
  sentAhead = frameCheck;
  // The first render waits for the first answer and the settings (read
  // meanwhile), so it already shows the account; a page not confirmed yet
  // is checked again by the gate.
  void Promise.all([confirmFramedByCrmPage(), settings.ready])
    .then(
      ([crm]) => crm,
      () => false,
    )
    .then((confirmed) => root.render(app({ confirmed })));
}
