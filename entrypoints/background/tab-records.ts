import { z } from 'zod';
import { safeParseOf } from '../../lib/core/parse';
import type { Browser } from 'webextension-polyfill';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { ResolveResult } from '../../lib/core/model';
import { PageIdSchema, ReportSeqSchema, TabRecordSchema, type TabRecord } from '../../lib/core/messages/to-background';
import { PerTabQueue } from './per-tab';

type Session = Pick<Browser['storage']['session'], 'get' | 'set' | 'remove'>;

const key = (tabId: number) => `tab:${tabId}`;
const goneKey = (tabId: number) => `gone:${tabId}`;

// What is kept beside the public record: which page reported it, and how far
// its reports have come. Never handed to pages.
const StoredTabRecordSchema = TabRecordSchema.extend({ page: PageIdSchema.optional(), seq: ReportSeqSchema.optional() });
type StoredTabRecord = z.infer<typeof StoredTabRecordSchema>;
const GoneSchema = z.array(z.string());

/** The page a report belongs to: the content script's page id and its report number there. */
export interface ReportOrigin {
  page: string;
  seq: number;
}

// A tab's few most recent pages are enough: a late report only ever comes from the page just left.
const GONE_KEPT = 8;

/**
 * The record each tab shows, kept in session storage because the service
 * worker is stopped when idle and must answer the panel after it wakes.
 *
 * Everything that writes a tab's entry runs one at a time per tab, and a
 * report is stored only if it is the newest of a page the tab still shows:
 * a report still being resolved when the tab navigates, or one that arrives
 * after it, never brings the old record back.
 */
export class TabRecords {
  private readonly queue = new PerTabQueue();

  /**
   * `resolveEager` runs on every page report and must not touch the network
   * (it answers from the local store, or null when a backend is the source);
   * `resolve` runs when a person opens the panel or popup.
   */
  constructor(
    private readonly session: Session,
    private readonly resolveEager: (ref: CrmRecordRef) => Promise<ResolveResult | null>,
    private readonly resolve: (ref: CrmRecordRef) => Promise<ResolveResult | null>,
    private readonly now: () => number = Date.now,
  ) {}

  private serial<T>(tabId: number, f: () => Promise<T>): Promise<T> {
    return this.queue.run(tabId, f);
  }

  private async stored(tabId: number): Promise<StoredTabRecord | null> {
    const raw = (await this.session.get(key(tabId)))[key(tabId)];
    if (raw === undefined) return null;
    const parsed = safeParseOf(StoredTabRecordSchema, raw);
    return parsed.success ? parsed.data : null;
  }

  private async gone(tabId: number): Promise<string[]> {
    const parsed = safeParseOf(GoneSchema, (await this.session.get(goneKey(tabId)))[goneKey(tabId)]);
    return parsed.success ? parsed.data : [];
  }

  private async markGone(tabId: number, gone: string[], page: string): Promise<void> {
    if (!gone.includes(page)) await this.session.set({ [goneKey(tabId)]: [...gone, page].slice(-GONE_KEPT) });
  }

  async get(tabId: number): Promise<TabRecord | null> {
    const s = await this.stored(tabId);
    return s ? TabRecordSchema.parse(s) : null;
  }

  /**
   * Stores what the content script reported; returns whether anything
   * changed. A report of a page the tab has left, or older than one already
   * stored for the same page, is dropped (`stale`).
   */
  report(tabId: number, href: string, record: CrmRecordRef | null, from?: ReportOrigin): Promise<{ changed: boolean; stale: boolean }> {
    return this.serial(tabId, async () => {
      const before = await this.stored(tabId);
      if (from) {
        const gone = await this.gone(tabId);
        if (gone.includes(from.page)) return { changed: false, stale: true };
        if (before?.page === from.page && before.seq !== undefined && from.seq <= before.seq) return { changed: false, stale: true };
        // A tab shows one page at a time: another page reporting means the
        // tab left the previous one, whose late reports must not come back.
        if (before?.page && before.page !== from.page) await this.markGone(tabId, gone, before.page);
      }
      const reportedAt = this.now();
      const sameRecord = JSON.stringify(before?.record ?? null) === JSON.stringify(record);
      const resolution = record ? (sameRecord && before?.resolution ? before.resolution : await this.resolveEager(record)) : null;
      const value: StoredTabRecord = { tabId, href, record, resolution, reportedAt, ...(from ? { page: from.page, seq: from.seq } : {}) };
      await this.session.set({ [key(tabId)]: value });
      return { changed: !sameRecord || JSON.stringify(before?.resolution) !== JSON.stringify(resolution), stale: false };
    });
  }

  /** Re-resolves a tab's record after data changed (a link was made, an account created). */
  async refresh(tabId: number): Promise<TabRecord | null> {
    const before = await this.stored(tabId);
    if (!before?.record) return before ? TabRecordSchema.parse(before) : null;
    // Resolving may call the backend: it runs outside the tab's queue, and its
    // answer is kept only if no report or navigation replaced the record meanwhile.
    const resolution = await this.resolve(before.record);
    return this.serial(tabId, async () => {
      const now = await this.stored(tabId);
      if (!now || now.page !== before.page || now.seq !== before.seq || now.reportedAt !== before.reportedAt) {
        return now ? TabRecordSchema.parse(now) : null;
      }
      const value: StoredTabRecord = { ...now, resolution };
      await this.session.set({ [key(tabId)]: value });
      return TabRecordSchema.parse(value);
    });
  }

  /** The page whose content script last reported for the tab, if any. */
  pageOf(tabId: number): Promise<string | null> {
    // Behind the tab's queue: a report still being stored counts.
    return this.serial(tabId, async () => (await this.stored(tabId))?.page ?? null);
  }

  /**
   * The tab no longer shows `page` (it navigated away): its record goes, and
   * any report of that page still to come is dropped. Nothing happens if
   * another page has reported since. Returns whether the record went.
   */
  leave(tabId: number, page: string): Promise<boolean> {
    return this.serial(tabId, async () => {
      await this.markGone(tabId, await this.gone(tabId), page);
      const now = await this.stored(tabId);
      if (now?.page !== page) return false;
      await this.session.remove(key(tabId));
      return true;
    });
  }

  async tabIds(): Promise<number[]> {
    const all = await this.session.get(null);
    return Object.keys(all)
      .filter((k) => k.startsWith('tab:'))
      .map((k) => Number(k.slice(4)));
  }

  /** The tab was closed. */
  forget(tabId: number): Promise<void> {
    return this.serial(tabId, () => this.session.remove([key(tabId), goneKey(tabId)]));
  }
}
