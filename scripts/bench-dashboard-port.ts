import type { DataPort } from '../lib/core/model';

/**
 * The local store's port as the dashboard's computation sees it, over one read
 * of the store (`LocalStore.dashboardDataAt`) and with no figures kept: every
 * first open computes them. Shared by the bench's Node and Chromium runs.
 */
export function portOverRead(read: unknown): DataPort {
  return {
    source: 'local',
    dashboardDataAt: async () => read,
    keptDashboardView: async () => null,
    keepDashboardView: async () => true,
  } as unknown as DataPort;
}
