import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { createRoot } from 'react-dom/client';
import '../../assets/tailwind.css';
import { DataRoot } from '../../components/app/DataRoot';
import { holdPageOpen, onBroadcast, pageDataClient } from '../../components/app/runtime';
import { connectPanel } from '../../components/app/wiring';
import { DashboardApp } from '../../components/dashboard/DashboardApp';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: 1, staleTime: 10_000 } } });
const client = pageDataClient();

connectPanel(queryClient, { onBroadcast });
holdPageOpen();

createRoot(document.getElementById('root')!).render(
  <QueryClientProvider client={queryClient}>
    <DataRoot client={client}>
      <DashboardApp />
    </DataRoot>
  </QueryClientProvider>,
);
