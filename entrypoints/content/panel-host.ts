/**
 * The injected panel's host element: a closed shadow root holding an edge tab
 * and, once first opened, the open panel (panel-ui.ts, loaded then). Everything
 * here is vanilla DOM so the content script stays small; styles use px so the
 * host page's root font size cannot resize the tab, and the host element is a
 * fixed overlay; only the open panel moves the page's content aside.
 */
import type { CrmPlatform } from '../../lib/core/domain/crm-record';
import type { PanelFrameView, PanelUi } from './panel-ui';

export interface PanelHost {
  show(platform: CrmPlatform): void;
  hide(): void;
  toggle(): void;
  setOpen(open: boolean): void;
  setWidth(width: number): void;
  toast(text: string): void;
  /** What the toolbar badge shows for this tab, on the collapsed edge tab too ('' for nothing). */
  badge(text: string, color: string, title: string): void;
  destroy(): void;
}

export interface PanelHostOptions {
  doc: Document;
  /** Read when the frame is first created. */
  frameUrl(): string;
  /** The open panel's and the notices' code, fetched when first needed. */
  loadUi(): Promise<PanelUi>;
  /** The panel's open state and width as last left on this platform, read with the page's configuration. */
  savedState(platform: CrmPlatform): { open: boolean; width: number } | undefined;
  /** How long the panel stays hidden (tab not shown, or collapsed) before its frame is released (default: panel-ui's RELEASE_AFTER_MS). */
  releaseAfterMs?: number;
  saveState(platform: CrmPlatform, state: { open: boolean; width: number }): void;
}

export const MIN_WIDTH = 300;
export const MAX_WIDTH = 720;
const DEFAULT_WIDTH = 400;
const LABEL = 'Open the Seamline panel';

const CSS = `
:host{all:initial}
.tab{all:unset;box-sizing:border-box;position:fixed;right:0;top:40%;width:28px;min-height:96px;padding:10px 0;border-radius:8px 0 0 8px;background:#1e3a8a;color:#fff;font:600 13px/1 system-ui,sans-serif;writing-mode:vertical-rl;text-align:center;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3);pointer-events:auto}
.tab:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.n{display:block;margin:6px auto 0;padding:3px;border-radius:9px;font-size:11px;writing-mode:horizontal-tb}
.n:empty{display:none}
`;

export function createPanelHost(o: PanelHostOptions): PanelHost {
  const { doc } = o;
  const el = doc.createElement('seamline-root');
  // Inline !important beats any page stylesheet aimed at the host element.
  el.setAttribute(
    'style',
    'all:initial!important;display:block!important;position:fixed!important;top:0!important;right:0!important;width:0!important;height:0!important;z-index:2147483646!important;pointer-events:none!important',
  );
  const root = el.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = CSS;
  const tab = doc.createElement('button');
  tab.className = 'tab';
  tab.textContent = 'Seamline';
  // Shown (with its aria-expanded) once the page is known to be a record page.
  tab.hidden = true;
  tab.setAttribute('aria-label', LABEL);
  // The toolbar badge's count and colour, so the collapsed tab says how much needs attention.
  const count = doc.createElement('span');
  count.className = 'n';
  tab.append(count);
  root.append(style, tab);

  let platform: CrmPlatform | '' = '';
  let open = false;
  let width = DEFAULT_WIDTH;
  let view: PanelFrameView | null = null;
  let loading: Promise<unknown> | null = null;
  let attached = false;
  // A frame opened by the person takes the keyboard; one made again for a tab shown again does not.
  let focusOnMount = false;
  // Hidden on pages that are not records; the element stays so toasts can show.
  let shown = false;

  const attach = () => {
    if (attached) return;
    (doc.body ?? doc.documentElement).append(el);
    attached = true;
  };

  const persist = () => platform && o.saveState(platform, { open, width });
  const clamp = (w: number) => Math.round(Math.min(MAX_WIDTH, Math.max(MIN_WIDTH, w)));

  function render() {
    const visible = shown && open;
    tab.hidden = !shown || open;
    tab.setAttribute('aria-expanded', String(open));
    view?.update(width, visible);
    // The open panel is loaded on first open only (and again after a hidden
    // panel released its frame): a collapsed panel costs the page nothing.
    if (visible && !loading) {
      loading = o
        .loadUi()
        .then((ui) => {
          view = ui.mountFrame({
            doc,
            root,
            src: o.frameUrl(),
            onWidth(w, done) {
              width = clamp(w);
              render();
              if (done) persist();
            },
            releaseAfterMs: o.releaseAfterMs,
            onReleased() {
              view = null;
              loading = null;
              render();
            },
          });
          render();
          // Only setOpen sets it, and a close meanwhile clears it.
          if (focusOnMount) view.focus();
          focusOnMount = false;
        })
        .catch(() => {
          // Not loaded (the extension was updated or reloaded meanwhile): the next open tries again.
          loading = null;
        });
    }
  }

  function setOpen(next: boolean) {
    open = next;
    focusOnMount = open;
    render();
    persist();
    if (open) view?.focus();
    else tab.focus({ preventScroll: true });
  }

  tab.addEventListener('click', () => setOpen(true));

  return {
    show(p) {
      // The page looked again and found the same record: nothing changes.
      if (shown && p === platform) return;
      attach();
      shown = true;
      if (p !== platform) {
        platform = p;
        const saved = o.savedState(p);
        if (saved) {
          open = saved.open;
          width = clamp(saved.width);
        }
      }
      render();
    },
    hide() {
      shown = false;
      render();
    },
    toggle() {
      setOpen(!open);
    },
    setOpen,
    setWidth(w) {
      width = clamp(w);
      render();
      persist();
    },
    toast(text) {
      attach();
      o.loadUi().then(
        (ui) => ui.toast(doc, root, text),
        () => undefined,
      );
    },
    badge(text, color, title) {
      count.textContent = text;
      count.style.background = color;
      tab.title = title;
      tab.setAttribute('aria-label', text ? `${LABEL}: ${title}` : LABEL);
    },
    destroy() {
      view?.destroy();
      el.remove();
    },
  };
}
