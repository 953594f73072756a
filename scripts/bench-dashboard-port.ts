import type { DataPort } from '../lib/core/model';
import type { LocalDashboardPort } from '../lib/data/local';
import { DATA_METHODS } from '../lib/core/messages/data-methods';

/**
 * The local store's port as the dashboard's computation sees it, over one read
 * of the store (`LocalStore.dashboardDataAt`) and with no figures kept: every
 * first open computes them. Shared by the bench's Node and Chromium runs. Its
 * dashboard methods are typed as the store's, so one the service starts to call
 * cannot be missing here.
 */
export function portOverRead(read: unknown): DataPort {
  const methods: Omit<LocalDashboardPort, keyof DataPort> = {
    dashboardDataAt: async () => read as Awaited<ReturnType<LocalDashboardPort['dashboardDataAt']>>,
    keptDashboardReadAt: async () => null,
    keepDashboardRead: async () => true,
    dashboardReadKept: async () => true,
    dashboardReadingsOf: async () => [],
    keptDashboardViewWhere: async () => null,
    keptDashboardKeys: async () => [],
    keptDashboardKeysBefore: async () => [],
    keepDashboardView: async () => true,
    outdateDashboardViews: async () => [],
  };
  return { source: 'local', ...methods } as unknown as DataPort;
}

/**
 * What the page pays on receipt of a view: the message's copy and the reply's
 * schema, checked without eval as every extension page runs zod
 * (lib/zod-jitless.ts). Shared by the bench's Node and Chromium runs.
 */
export function receivedView(value: unknown) {
  return DATA_METHODS.getDashboard.result.parse(JSON.parse(JSON.stringify(value)), { jitless: true });
}
