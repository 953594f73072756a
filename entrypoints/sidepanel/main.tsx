import '../../lib/zod-jitless';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
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
} from '../../components/app/runtime';
import { StoredSettingsProvider } from '../../components/app/settings';
import { connectPanel } from '../../components/app/wiring';
import { PanelApp, PanelFrameGate } from '../../components/panel/PanelApp';
import { PageFieldsProvider } from '../../components/panel/page-fields';
import { createSettingsStore } from '../../lib/data/settings-store';

// This page is both the frame injected into CRM tabs and the browser's
// native side panel; the only difference is whose tab it follows.
const embedded = isEmbeddedFrame();
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: 1, staleTime: 10_000, refetchOnWindowFocus: true } },
});
const client = pageDataClient();
const settingsStore = createSettingsStore();

connectPanel(queryClient, { onBroadcast, onActiveTabChange: embedded ? undefined : onActiveTabChange });

const panel = (
  <StoredSettingsProvider store={settingsStore}>
    <DataRoot client={client}>
      <PageFieldsProvider load={getPageFields}>
        <PanelApp loadTabRecord={getTabRecord} onClose={embedded ? () => void closeInjectedPanel() : undefined} />
      </PageFieldsProvider>
    </DataRoot>
  </StoredSettingsProvider>
);

// Framed, the page first proves it was framed by a CRM page of ours: with the
// page id that page's content script put in this frame's address.
const confirmFramedByCrmPage = async () => {
  const crmPage = (await ask('frame-check', { page: location.hash.slice(1) })).crmPage;
  if (crmPage && !held) {
    held = true;
    holdPageOpen();
  }
  return crmPage;
};
let held = false;
if (!embedded) holdPageOpen();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    {embedded ? <PanelFrameGate confirm={confirmFramedByCrmPage}>{panel}</PanelFrameGate> : panel}
  </QueryClientProvider>,
);
