import '../../lib/zod-jitless';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DataRoot } from '../../components/app/DataRoot';
import { activeTabId, ask, holdPageOpen, onBroadcast, pageDataClient, recentAccountsPort } from '../../components/app/runtime';
import { StoredSettingsProvider } from '../../components/app/settings';
import { connectPanel } from '../../components/app/wiring';
import { PopupApp, type OpenPanelResult, type PopupTab } from '../../components/popup/PopupApp';
import { RecentAccountsProvider } from '../../components/shared/RecentAccounts';
import { browser, nativePanelApi } from '../../lib/browser';
import type { PanelMode } from '../../lib/core/domain/settings';
import { createSettingsStore } from '../../lib/data/settings-store';

// Builds for the real-browser tests only (WXT_TEST_HOOKS) honour `?tab=<id>`:
// those tests open this page in a tab of its own, where "the active tab"
// would be the popup itself. Production bundles do not contain it.
const explicitTab = (() => {
  if (import.meta.env.WXT_TEST_HOOKS !== 'true') return undefined;
  const n = Number(new URLSearchParams(location.search).get('tab') ?? Number.NaN);
  return Number.isInteger(n) && n >= 0 ? n : undefined;
})();

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });
const client = pageDataClient();
const settingsStore = createSettingsStore();

async function loadTabRecord(): Promise<PopupTab | null> {
  const tabId = explicitTab ?? (await activeTabId());
  if (tabId === undefined) return null;
  // A tab the background knows nothing of (not a CRM page) is still this tab.
  return (await ask('tab-record', { tabId })) ?? { tabId, record: null, resolution: null };
}

function openPanel(tabId: number, mode: PanelMode): Promise<OpenPanelResult> {
  if (mode === 'native') {
    const { sidePanel, sidebarAction } = nativePanelApi();
    // Called before any await: the side panel (Chrome) or sidebar (Firefox) opens only inside the click.
    const opening = sidePanel ? sidePanel.open({ tabId }) : sidebarAction?.open();
    if (!opening) return Promise.resolve({ ok: false, message: 'This browser has no side panel; choose the in-page panel in Seamline’s options.' });
    return opening.then(
      () => {
        if (explicitTab === undefined) window.close();
        return { ok: true } as const;
      },
      (e: unknown) => ({ ok: false, message: `The side panel could not be opened (${String(e)}).` }),
    );
  }
  return ask('open-panel', { tabId }).then(
    (r) => {
      if (!r.ok) return { ok: false, message: 'The panel opens on CRM record pages; this tab has none.' };
      if (explicitTab === undefined) window.close();
      return { ok: true } as const;
    },
    (e: unknown) => ({ ok: false, message: `The panel could not be opened (${String(e)}).` }),
  );
}

function openDashboard() {
  void browser.tabs.create({ url: browser.runtime.getURL('/dashboard.html') }).then(() => {
    if (explicitTab === undefined) window.close();
  });
}

connectPanel(queryClient, { onBroadcast });
holdPageOpen();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <StoredSettingsProvider store={settingsStore}>
      <DataRoot client={client}>
        <RecentAccountsProvider port={recentAccountsPort}>
          <PopupApp loadTabRecord={loadTabRecord} openPanel={openPanel} openDashboard={openDashboard} />
        </RecentAccountsProvider>
      </DataRoot>
    </StoredSettingsProvider>
  </QueryClientProvider>,
);
