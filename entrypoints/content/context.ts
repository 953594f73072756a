import { browser } from 'wxt/browser';

/**
 * The content script's context, in place of WXT's own (wxt.config.ts puts it
 * there for the content script's build): the content script uses only
 * `onInvalidated`, and WXT's class also carries timers, a location watcher and
 * a logger, about a seventh of the script every CRM page loads. What it keeps
 * is WXT's handover: a script started anew (the extension was updated or
 * reloaded) announces itself with the same event, and the one already in the
 * page stops. Each web API the script touches first is set up anew in its
 * world on every page load, at the page's expense, so the callbacks are a
 * plain list rather than an AbortController.
 */
export class ContentScriptContext {
  private readonly ended: (() => void)[] = [];

  constructor(name: string) {
    const type = `${browser.runtime.id}:content:wxt:content-script-started`;
    const id = crypto.randomUUID();
    const onStarted = (e: Event) => {
      const detail = (e as CustomEvent<{ contentScriptName?: string; messageId?: string } | null>).detail;
      // Emptied as it runs: each callback runs once.
      if (detail?.contentScriptName === name && detail.messageId !== id) for (const f of this.ended.splice(0)) f();
    };
    document.dispatchEvent(new CustomEvent(type, { detail: { contentScriptName: name, messageId: id } }));
    document.addEventListener(type, onStarted);
  }

  onInvalidated(f: () => void): void {
    this.ended.push(f);
  }
}
