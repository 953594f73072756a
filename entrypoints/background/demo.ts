import type { DataService } from '../../lib/data/service';
import type { Handler } from './router';

/**
 * "Load demo portfolio" (options page, `npm run demo`). The page builds the
 * portfolio, so the generator never ships in the service worker; it is loaded
 * only into a store without accounts, and merged rather than replacing, so a
 * write landing between the check and the load is kept.
 */
export function seedDemoHandler(service: DataService): Handler<'seed-demo'> {
  return async ({ bundle }) => {
    const before = await service.listAccounts({ limit: 1 });
    if (before.total > 0) return { ok: true, loaded: false, accounts: before.total };
    await service.importAll(bundle, 'merge');
    const { total } = await service.listAccounts({ limit: 1 });
    return { ok: true, loaded: true, accounts: total };
  };
}
