import type { Page } from 'playwright-core';
import type { DashboardView } from '../../lib/core/domain/dashboard';
import { DB_NAME } from '../../lib/data/local';
import { KEPT_VIEWS, keptViewKey } from '../../lib/data/local/schema';

/** One view of the dashboard the local store keeps (LocalStore.keepDashboardView), its entry in the list with its figures. */
export type StoredKeptView = { key: string; revision: number; olderBuild?: true; opensOn?: true; view: DashboardView };
type Listed = Omit<StoredKeptView, 'view'> & { asOf: string };

// Run in an extension page (it is handed to page.evaluate whole): the views kept, and with `replace`, those stored
// in their place in the same transaction. `record` is the meta key of a view's figures without its filter's key.
async function keptViewsInPage({
  db: name,
  kept,
  record,
  replace,
}: {
  db: string;
  kept: string;
  record: string;
  replace?: StoredKeptView[];
}): Promise<StoredKeptView[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction('meta', replace ? 'readwrite' : 'readonly');
  const meta = tx.objectStore('meta');
  const read = <T>(key: IDBValidKey) =>
    new Promise<T>((resolve, reject) => {
      const get = meta.get(key);
      get.onsuccess = () => resolve(get.result as T);
      get.onerror = () => reject(get.error);
    });
  const listed = (await read<{ views: Listed[] } | undefined>(kept))?.views ?? [];
  const stored = await Promise.all(
    listed.map(async ({ asOf: _asOf, ...entry }) => ({ ...entry, view: await read<DashboardView>([record, entry.key]) })),
  );
  if (replace) {
    for (const v of listed) meta.delete([record, v.key]);
    for (const { view, ...entry } of replace) meta.put(view, [record, entry.key]);
    meta.put({ views: replace.map(({ view, ...entry }) => ({ ...entry, asOf: view.asOf })) }, kept);
  }
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return stored;
}

const [RECORD] = keptViewKey('');

/** The dashboard views the local store keeps, read from `page` (an extension page). */
export function keptViews(page: Page): Promise<StoredKeptView[]> {
  return page.evaluate(keptViewsInPage, { db: DB_NAME, kept: KEPT_VIEWS, record: RECORD });
}

/** Stores `views` as the dashboard views the local store keeps, from `page` (an extension page). */
export async function replaceKeptViews(page: Page, views: StoredKeptView[]): Promise<void> {
  await page.evaluate(keptViewsInPage, { db: DB_NAME, kept: KEPT_VIEWS, record: RECORD, replace: views });
}
