import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import { DataRoot } from '../../components/app/DataRoot';
import { holdPageOpen, onBroadcast, sendToBackground } from '../../components/app/background-link';
import { connectPanel } from '../../components/app/wiring';
import { DashboardApp } from '../../components/dashboard/DashboardApp';
import { createDataClient, type SentDataCall } from '../../lib/data/rpc-client';

/** The dashboard page, with its first requests already sent by the entry (main.tsx). */
export function startDashboard(sent: readonly SentDataCall[]): void {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });
  const client = createDataClient((message) => sendToBackground(message), sent);

  connectPanel(queryClient, { onBroadcast });
  // Filter changes and drill-downs are answered from the portfolio the worker keeps in memory.
  holdPageOpen({ keepAwake: true });

  createRoot(document.getElementById('root')!).render(
    <QueryClientProvider client={queryClient}>
      <DataRoot client={client}>
        <DashboardApp />
      </DataRoot>
    </QueryClientProvider>,
  );
}
