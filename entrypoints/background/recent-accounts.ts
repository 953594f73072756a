import { z } from 'zod';
import { safeParseOf } from '../../lib/core/parse';
import { IdSchema } from '../../lib/core/domain/primitives';
import type { Handlers } from './router';

export const RECENT_ACCOUNTS_MAX = 8;

// Kept per data source: an account opened on local data means nothing to the
// team backend, and the other way round.
const RecentAccountsSchema = z.array(z.object({ source: z.enum(['local', 'backend']), id: IdSchema, name: z.string().max(300) }));
type RecentAccounts = z.infer<typeof RecentAccountsSchema>;

const KEY = 'recentAccounts';

export interface RecentAccountsApi {
  storage: { local: { get(key: string): Promise<Record<string, unknown>>; set(items: Record<string, unknown>): Promise<void> } };
}

/**
 * The accounts a person opened last, newest first, so a panel on a page that
 * is not a record offers them instead of a dead end. Recorded when a panel or
 * the popup shows an account, never from a page load.
 */
export function recentAccountsHandlers(
  api: RecentAccountsApi,
  source: () => 'local' | 'backend',
): Pick<Handlers, 'recent-accounts' | 'account-opened'> {
  async function read(): Promise<RecentAccounts> {
    const parsed = safeParseOf(RecentAccountsSchema, (await api.storage.local.get(KEY))[KEY] ?? []);
    // A list that no longer parses is a convenience lost, not data: start again.
    return parsed.success ? parsed.data : [];
  }
  return {
    'recent-accounts': async () => {
      const now = source();
      const mine = (await read()).filter((a) => a.source === now);
      return { accounts: mine.slice(0, RECENT_ACCOUNTS_MAX).map(({ id, name }) => ({ id, name })) };
    },
    'account-opened': async ({ accountId, name }) => {
      const entry = { source: source(), id: accountId, name };
      const list = [entry, ...(await read()).filter((a) => !(a.source === entry.source && a.id === entry.id))];
      let ofSource = 0;
      const kept = list.filter((a) => a.source !== entry.source || ++ofSource <= RECENT_ACCOUNTS_MAX);
      await api.storage.local.set({ [KEY]: kept });
      return { ok: true };
    },
  };
}
