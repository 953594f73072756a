import { z } from 'zod';
import { safeParseOf } from '../../lib/core/parse';
import type { Browser } from 'webextension-polyfill';
import { DraftsSchema, PageIdSchema, type Drafts } from '../../lib/core/messages/to-background';
import { PerTabQueue } from './per-tab';

type Session = Pick<Browser['storage']['session'], 'get' | 'set' | 'remove'>;

const key = (tabId: number) => `draft:${tabId}`;
const StoredSchema = z.object({ page: PageIdSchema, fields: DraftsSchema });
type Stored = z.infer<typeof StoredSchema>;

/**
 * What a person typed in a tab's panel frame and has not saved, per tab and
 * page. The frame may be released while its tab is hidden and made again
 * when it is shown; it is third-party inside the CRM page, so its text is
 * kept here: in memory for the answer the new frame needs at once, and in
 * session storage because the service worker is stopped when idle. A page
 * reloaded or left (a new page id) starts without drafts.
 */
export class DraftStore {
  private readonly memory = new Map<number, Stored | null>();
  private readonly queue = new PerTabQueue();

  constructor(private readonly session: Session) {}

  private serial<T>(tabId: number, f: () => Promise<T>): Promise<T> {
    return this.queue.run(tabId, f);
  }

  private async load(tabId: number): Promise<Stored | null> {
    if (this.memory.has(tabId)) return this.memory.get(tabId) ?? null;
    const parsed = safeParseOf(StoredSchema, (await this.session.get(key(tabId)))[key(tabId)]);
    const stored = parsed.success ? parsed.data : null;
    this.memory.set(tabId, stored);
    return stored;
  }

  /** The drafts of the tab's frame on `page`; none for any other page. */
  get(tabId: number, page: string): Promise<Drafts> {
    return this.serial(tabId, async () => {
      const stored = await this.load(tabId);
      return stored?.page === page ? { ...stored.fields } : {};
    });
  }

  /** Keeps (or with null, drops) one field's text. */
  set(tabId: number, page: string, field: string, value: string | null): Promise<void> {
    return this.serial(tabId, async () => {
      const before = await this.load(tabId);
      const fields = before?.page === page ? { ...before.fields } : {};
      if (value === null) delete fields[field];
      else fields[field] = value;
      const next: Stored = { page, fields };
      this.memory.set(tabId, next);
      if (Object.keys(fields).length) await this.session.set({ [key(tabId)]: next });
      else await this.session.remove(key(tabId));
    });
  }

  /** The tab was closed. */
  forget(tabId: number): Promise<void> {
    return this.serial(tabId, async () => {
      this.memory.delete(tabId);
      await this.session.remove(key(tabId));
    });
  }
}
