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
  // No named helpers in here: the bench's runner would name them with a function the page does not have.
  const list = await new Promise<{ views: Listed[] } | undefined>((resolve, reject) => {
    const get = meta.get(kept);
    get.onsuccess = () => resolve(get.result);
    get.onerror = () => reject(get.error);
  });
  const listed = list?.views ?? [];
  const stored = await Promise.all(
    listed.map(
      ({ asOf: _asOf, ...entry }) =>
        new Promise<StoredKeptView>((resolve, reject) => {
          const get = meta.get([record, entry.key]);
          get.onsuccess = () => resolve({ ...entry, view: get.result as DashboardView });
          get.onerror = () => reject(get.error);
        }),
    ),
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
