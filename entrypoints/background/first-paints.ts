import type { Browser } from 'webextension-polyfill';
import { keptFirstPaintKey } from '../../lib/core/messages/first-paint-check';
import type { FirstPaint } from '../../lib/core/messages/first-paint';

type Session = Pick<Browser['storage']['session'], 'get' | 'set' | 'remove'>;

/**
 * The first paint (account name and health score) the background last
 * answered each page's panel frame with, kept in session storage for a frame
 * made again on that page: on local data the service worker stops when idle,
 * and a frame made again when its tab is shown reads this itself and paints
 * at once instead of waiting for the worker to start. The worker's own answer
 * follows and the panel renders from it. A kept paint is dropped as soon as
 * it may be wrong: the page reports another record, any data or the settings
 * change (the health weights score it), the tab closes.
 */
export class FirstPaints {
  constructor(private readonly session: Session) {}

  keep(page: string, firstPaint: FirstPaint | null): Promise<void> {
    if (!firstPaint) return this.drop(page);
    // Stored as the answer it came in, so the frame checks it with the answer's own check.
    return this.session.set({ [keptFirstPaintKey(page)]: { crmPage: true, firstPaint } });
  }

  drop(page: string): Promise<void> {
    return this.session.remove(keptFirstPaintKey(page));
  }

  async dropAll(): Promise<void> {
    const prefix = keptFirstPaintKey('');
    const kept = Object.keys(await this.session.get(null)).filter((k) => k.startsWith(prefix));
    if (kept.length) await this.session.remove(kept);
  }
}
