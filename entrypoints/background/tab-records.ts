import type { Browser } from 'webextension-polyfill';
import type { CrmRecordRef } from '../../lib/core/domain/crm-record';
import type { ResolveResult } from '../../lib/core/model';
import { TabRecordSchema, type TabRecord } from '../../lib/core/messages/to-background';

type Session = Pick<Browser['storage']['session'], 'get' | 'set' | 'remove'>;

const key = (tabId: number) => `tab:${tabId}`;

/**
 * The record each tab shows, kept in session storage because the service
 * worker is stopped when idle and must answer the panel after it wakes.
 */
export class TabRecords {
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

  async get(tabId: number): Promise<TabRecord | null> {
    const raw = (await this.session.get(key(tabId)))[key(tabId)];
    if (raw === undefined) return null;
    const parsed = TabRecordSchema.safeParse(raw);
    return parsed.success ? parsed.data : null;
  }

  /** Stores what the content script reported; returns whether anything changed. */
  async report(tabId: number, href: string, record: CrmRecordRef | null): Promise<{ changed: boolean; value: TabRecord }> {
    const reportedAt = this.now();
    const before = await this.get(tabId);
    const sameRecord = JSON.stringify(before?.record ?? null) === JSON.stringify(record);
    const resolution = record ? (sameRecord && before?.resolution ? before.resolution : await this.resolveEager(record)) : null;
    const value: TabRecord = { tabId, href, record, resolution, reportedAt };
    await this.session.set({ [key(tabId)]: value });
    return { changed: !sameRecord || JSON.stringify(before?.resolution) !== JSON.stringify(resolution), value };
  }

  /** Re-resolves a tab's record after data changed (a link was made, an account created). */
  async refresh(tabId: number): Promise<TabRecord | null> {
    const before = await this.get(tabId);
    if (!before?.record) return before;
    const value: TabRecord = { ...before, resolution: await this.resolve(before.record) };
    await this.session.set({ [key(tabId)]: value });
    return value;
  }

  async tabIds(): Promise<number[]> {
    const all = await this.session.get(null);
    return Object.keys(all)
      .filter((k) => k.startsWith('tab:'))
      .map((k) => Number(k.slice(4)));
  }

  forget(tabId: number): Promise<void> {
    return this.session.remove(key(tabId));
  }
}
