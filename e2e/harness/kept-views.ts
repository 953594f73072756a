import type { Page } from 'playwright-core';
import type { DashboardView } from '../../lib/core/domain/dashboard';
import { DB_NAME } from '../../lib/data/local';
import { KEPT_VIEWS } from '../../lib/data/local/store';

/** One view of the dashboard the local store keeps (LocalStore.keepDashboardView), as stored. */
export type StoredKeptView = { key: string; revision: number; olderBuild?: true; opensOn?: true; view: DashboardView };

// Run in an extension page (it is handed to page.evaluate whole): the views kept, and with `replace`, that list
// stored in their place in the same transaction.
async function keptViewsInPage({ db: name, kept, replace }: { db: string; kept: string; replace?: StoredKeptView[] }): Promise<StoredKeptView[]> {
  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const open = indexedDB.open(name);
    open.onsuccess = () => resolve(open.result);
    open.onerror = () => reject(open.error);
  });
  const tx = db.transaction('meta', replace ? 'readwrite' : 'readonly');
  const meta = tx.objectStore('meta');
  const stored = await new Promise<{ views: StoredKeptView[] } | undefined>((resolve, reject) => {
    const read = meta.get(kept);
    read.onsuccess = () => resolve(read.result);
    read.onerror = () => reject(read.error);
  });
  if (replace) meta.put({ views: replace }, kept);
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = () => reject(tx.error);
  });
  db.close();
  return stored?.views ?? [];
}

/** The dashboard views the local store keeps, read from `page` (an extension page). */
export function keptViews(page: Page): Promise<StoredKeptView[]> {
  return page.evaluate(keptViewsInPage, { db: DB_NAME, kept: KEPT_VIEWS });
}

/** Stores `views` as the dashboard views the local store keeps, from `page` (an extension page). */
export async function replaceKeptViews(page: Page, views: StoredKeptView[]): Promise<void> {
  await page.evaluate(keptViewsInPage, { db: DB_NAME, kept: KEPT_VIEWS, replace: views });
}
