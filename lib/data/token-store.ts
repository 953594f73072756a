import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { safeParseOf } from '../core/parse';
import { z } from 'zod';
import { DataError } from '../core/errors';
import { BackendScopeSchema, type BackendScope } from '../core/sync';

// The team-backend token lives in the service worker's own IndexedDB: no
// content script can open an extension origin's database in any browser,
// whereas storage.local stays readable by content scripts wherever its access
// level cannot be narrowed (Firefox).

export const CREDENTIALS_DB_NAME = 'seamline-credentials';

const TokenValueSchema = z.string().min(1).max(4096);

interface Schema extends DBSchema {
  kv: { key: string; value: unknown };
}

/** Where a token stored by an older build sits (storage.local), read once and then removed. */
export interface LegacyTokenItem {
  getValue(): Promise<string | null>;
  removeValue(): Promise<void>;
}

export interface TokenStore {
  getValue(): Promise<string | null>;
  setValue(token: string): Promise<void>;
  removeValue(): Promise<void>;
}

/**
 * What a token was found to belong to on one backend (canonical URL): its
 * workspace once the backend has said, and the queue scope its writes use.
 * Kept per URL and token fingerprint (never the token itself), so returning to
 * an earlier token finds its queue even while the backend cannot be asked.
 */
export const TokenBindingSchema = z.object({
  url: z.string().min(1),
  fingerprint: z.string().min(1),
  scope: BackendScopeSchema,
  // When the token stops working, as the backend reported it; null = never.
  expiresAt: z.string().nullable().optional(),
});
export type TokenBinding = z.infer<typeof TokenBindingSchema>;

/** A short, one-way fingerprint of a token: enough to tell tokens apart, useless to call the backend with. */
export async function tokenFingerprint(token: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  return [...new Uint8Array(digest)]
    .slice(0, 8)
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');
}

/** The token, what each token was found to belong to, and every queue scope this browser has used. */
export interface CredentialsStore extends TokenStore {
  binding(url: string, fingerprint: string): Promise<TokenBinding | null>;
  setBinding(binding: TokenBinding): Promise<void>;
  /** Every backend URL and workspace a queue was opened for: the ones not in use are listed as parked. */
  scopes(): Promise<BackendScope[]>;
  rememberScope(scope: BackendScope): Promise<void>;
  forgetScope(key: string): Promise<void>;
}

export interface TokenStoreOptions {
  dbName?: string;
  legacy?: LegacyTokenItem;
}

export function createTokenStore(opts: TokenStoreOptions = {}): CredentialsStore {
  const dbName = opts.dbName ?? CREDENTIALS_DB_NAME;
  let dbPromise: Promise<IDBPDatabase<Schema>> | null = null;
  let migrated: Promise<void> | null = null;

  const db = () => {
    dbPromise ??= openDB<Schema>(dbName, 1, {
      upgrade(d) {
        d.createObjectStore('kv');
      },
    }).catch((e: unknown) => {
      dbPromise = null;
      throw new DataError({ kind: 'storage', message: `the token store could not be opened: ${e instanceof Error ? e.message : String(e)}` });
    });
    return dbPromise;
  };

  // A token an older build left in storage.local moves here, and only once it
  // is safely written is the old copy removed; a token already here wins.
  const migrate = () => {
    migrated ??= (async () => {
      const legacy = opts.legacy;
      if (!legacy) return;
      const old = safeParseOf(TokenValueSchema, await legacy.getValue());
      const d = await db();
      if (old.success && (await d.get('kv', 'token')) === undefined) await d.put('kv', old.data, 'token');
      await legacy.removeValue();
    })().catch((e: unknown) => {
      migrated = null;
      throw e;
    });
    return migrated;
  };

  return {
    async getValue() {
      await migrate();
      const raw = await (await db()).get('kv', 'token');
      if (raw === undefined) return null;
      const parsed = safeParseOf(TokenValueSchema, raw);
      if (!parsed.success) throw new DataError({ kind: 'storage', message: 'the stored access token is unreadable; enter it again' });
      return parsed.data;
    },
    async setValue(token) {
      await migrate();
      await (await db()).put('kv', TokenValueSchema.parse(token), 'token');
    },
    async removeValue() {
      await migrate();
      await (await db()).delete('kv', 'token');
    },
    async binding(url, fingerprint) {
      const parsed = safeParseOf(TokenBindingSchema, await (await db()).get('kv', `binding ${url} ${fingerprint}`));
      // Unreadable is the same as unknown: the backend is asked again.
      return parsed.success ? parsed.data : null;
    },
    async setBinding(binding) {
      const b = TokenBindingSchema.parse(binding);
      await (await db()).put('kv', b, `binding ${b.url} ${b.fingerprint}`);
    },
    scopes: () => readScopes(),
    async rememberScope(scope) {
      const list = await readScopes();
      if (list.some((s) => s.key === scope.key)) return;
      await (await db()).put('kv', [...list, BackendScopeSchema.parse(scope)], 'scopes');
    },
    async forgetScope(key) {
      const list = await readScopes();
      await (
        await db()
      ).put(
        'kv',
        list.filter((s) => s.key !== key),
        'scopes',
      );
    },
  };

  async function readScopes(): Promise<BackendScope[]> {
    const raw = await (await db()).get('kv', 'scopes');
    if (raw === undefined) return [];
    const parsed = safeParseOf(z.array(BackendScopeSchema), raw);
    if (!parsed.success) throw new DataError({ kind: 'storage', message: 'the list of backend queues is unreadable' });
    return parsed.data;
  }
}
