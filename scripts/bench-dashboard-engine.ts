// The background's dashboard computation, bundled by scripts/bench-dashboard.ts
// to run in a dedicated worker in Chromium: the engine the service worker runs
// on, with a fresh isolate per worker, as after the background was restarted.
// It gets the store's read as JSON text, parses it before the clock starts (as
// the store's read is over before the background computes), and answers with
// the times of a first open and of each filter change after it.
import '../lib/zod-jitless';
import { dashboardSettingsOf, type DashboardFilter } from '../lib/core/domain/dashboard';
import { DEFAULT_SETTINGS } from '../lib/core/domain/defaults';
import { DataService } from '../lib/data/service';
import { portOverRead, receivedView } from './bench-dashboard-port';

export interface EngineRun {
  read: string;
  now: string;
  filters: DashboardFilter[];
}

export interface EngineTimes {
  first: number;
  changes: number[];
  // The size of the first view as JSON, to check that it is the view the bench computed in Node.
  bytes: number;
}

const scope = globalThis as unknown as {
  addEventListener(type: 'message', listener: (event: { data: EngineRun }) => void): void;
  postMessage(message: EngineTimes): void;
};

scope.addEventListener('message', ({ data: run }) => {
  void (async () => {
    const now = new Date(run.now);
    const read: unknown = JSON.parse(run.read);
    const port = portOverRead(read);
    const settings = dashboardSettingsOf(DEFAULT_SETTINGS);
    const service = new DataService({ port, now: () => now, dashboardSettings: async () => settings });
    let t0 = performance.now();
    const view = receivedView(await service.getDashboard(run.filters[0]!));
    const first = performance.now() - t0;
    const changes: number[] = [];
    for (const filter of run.filters.slice(1)) {
      t0 = performance.now();
      receivedView(await service.getDashboard(filter));
      changes.push(performance.now() - t0);
    }
    scope.postMessage({ first, changes, bytes: JSON.stringify(view).length });
  })();
});
