import '../../lib/zod-jitless';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DataRoot } from '../../components/app/DataRoot';
import { StoredSettingsProvider } from '../../components/app/settings';
import { POPUP_TAB_RECORD_KEY, PopupApp, type OpenPanelResult, type PopupTab } from '../../components/popup/PopupApp';
import type { OpenPanelReply } from '../background/popup-handlers';
import { invalidateFromChange } from '../../components/app/data-queries';
import type { PanelMode } from '../../lib/core/domain/settings';
import { createDataClient, type DataRequest } from '../../lib/data/rpc';
import { CHANNEL, TabRecordSchema } from '../../lib/core/messages/protocol';
import { nativePanelApi } from '../../lib/native-panel';
import { activeTabId, onBroadcast, sendToBackground } from '../../components/app/runtime';
import { createSettingsStore } from '../../lib/data/settings-store';

// `?tab=<id>` names the tab explicitly. It exists for the real-browser tests,
// which open this page in a tab of its own where "the active tab" would be
// the popup itself; the toolbar popup never carries it.
const override = Number(new URLSearchParams(location.search).get('tab') ?? Number.NaN);
const explicitTab = Number.isInteger(override) && override >= 0 ? override : undefined;

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });
const client = createDataClient((message: DataRequest) => sendToBackground(message));
const settingsStore = createSettingsStore();

async function loadTabRecord(): Promise<PopupTab | null> {
  const tabId = explicitTab ?? (await activeTabId());
  if (tabId === undefined) return null;
  const raw = await sendToBackground({ channel: CHANNEL, type: 'tab-record', tabId });
  // A tab the background knows nothing of (not a CRM page) is still this tab.
  if (raw === null || raw === undefined) return { tabId, record: null, resolution: null };
  return TabRecordSchema.parse(raw);
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
  return (sendToBackground({ channel: CHANNEL, type: 'open-panel', tabId }) as Promise<OpenPanelReply | undefined>).then((r) => {
    if (r?.ok) {
      if (explicitTab === undefined) window.close();
      return { ok: true } as const;
    }
    return { ok: false, message: 'The panel opens on CRM record pages; this tab has none.' };
  });
}

onBroadcast((message) => {
  if (message.type === 'changed') void invalidateFromChange(queryClient, message);
  else {
    const shown = queryClient.getQueryData<PopupTab | null>(POPUP_TAB_RECORD_KEY);
    if (!shown || shown.tabId === message.tabId) void queryClient.invalidateQueries({ queryKey: POPUP_TAB_RECORD_KEY });
  }
});

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <StoredSettingsProvider store={settingsStore}>
      <DataRoot client={client}>
        <PopupApp loadTabRecord={loadTabRecord} openPanel={openPanel} />
      </DataRoot>
    </StoredSettingsProvider>
  </QueryClientProvider>,
);
