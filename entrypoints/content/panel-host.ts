/**
 * The injected panel's host element: a closed shadow root holding an edge tab
 * and, once first opened, an iframe of the extension's panel page. Everything
 * here is vanilla DOM so the content script stays small; styles use px so the
 * host page's root font size cannot resize the tab, and the host element is a
 * fixed overlay so the page's layout never shifts.
 */
import type { CrmPlatform } from '../../lib/core/domain/crm-record';

export interface PanelHost {
  show(platform: CrmPlatform): void;
  hide(): void;
  toggle(): void;
  setOpen(open: boolean): void;
  setWidth(width: number): void;
  toast(text: string): void;
  readonly frame: HTMLIFrameElement | null;
  destroy(): void;
}

export interface PanelHostOptions {
  doc: Document;
  /** Read when the frame is first created. */
  frameUrl(): string;
  loadState(platform: CrmPlatform): Promise<{ open: boolean; width: number } | undefined>;
  saveState(platform: CrmPlatform, state: { open: boolean; width: number }): void;
}

export const MIN_WIDTH = 300;
export const MAX_WIDTH = 720;
const DEFAULT_WIDTH = 400;

const CSS = `
:host{all:initial}
.tab{all:unset;box-sizing:border-box;position:fixed;right:0;top:40%;width:28px;height:96px;border-radius:8px 0 0 8px;background:#1e3a8a;color:#fff;font:600 13px/1 system-ui,sans-serif;writing-mode:vertical-rl;text-align:center;cursor:pointer;box-shadow:0 2px 8px rgba(0,0,0,.3);pointer-events:auto}
.tab:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.panel{position:fixed;top:0;right:0;height:100vh;display:flex;background:#fff;box-shadow:-4px 0 16px rgba(0,0,0,.25);pointer-events:auto}
.panel[hidden]{display:none}
.grip{width:6px;cursor:ew-resize;background:#cbd5e1;flex:none}
.grip:focus-visible{outline:3px solid #f59e0b}
iframe{border:0;flex:1;height:100%;color-scheme:normal}
.toast{position:fixed;right:40px;bottom:24px;max-width:320px;padding:10px 14px;border-radius:8px;background:#111827;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.3);pointer-events:none;white-space:pre-wrap}
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
  tab.setAttribute('aria-expanded', 'false');
  tab.setAttribute('aria-label', 'Open the Seamline panel');
  const panel = doc.createElement('div');
  panel.className = 'panel';
  panel.hidden = true;
  const grip = doc.createElement('div');
  grip.className = 'grip';
  grip.setAttribute('role', 'separator');
  grip.setAttribute('aria-orientation', 'vertical');
  grip.setAttribute('aria-label', 'Resize the Seamline panel (arrow keys)');
  grip.tabIndex = 0;
  panel.append(grip);
  root.append(style, tab, panel);

  let platform: CrmPlatform | '' = '';
  let open = false;
  let width = DEFAULT_WIDTH;
  let frame: HTMLIFrameElement | null = null;
  let attached = false;
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
    panel.hidden = !shown || !open;
    tab.hidden = !shown || open;
    panel.style.width = `${width}px`;
    tab.setAttribute('aria-expanded', String(open));
    // The frame is created on first open only: a collapsed panel costs the page nothing.
    if (open && !frame) {
      frame = doc.createElement('iframe');
      frame.title = 'Seamline panel';
      // The frame is cross-origin to the CRM page, and a cross-origin frame
      // may only write the clipboard ("Copy handoff brief") when its parent
      // allows it. Not for the default 'src' origin: runtime.getURL gives
      // Chrome's per-session address, and the page loaded there does not count
      // as that address's origin.
      frame.allow = 'clipboard-write *';
      frame.src = o.frameUrl();
      panel.append(frame);
    }
  }

  function setOpen(next: boolean) {
    open = next;
    render();
    persist();
    if (open) frame?.focus();
    else tab.focus({ preventScroll: true });
  }

  tab.addEventListener('click', () => setOpen(true));

  grip.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    grip.setPointerCapture(e.pointerId);
    // The iframe would swallow pointer events mid-drag.
    if (frame) frame.style.pointerEvents = 'none';
    const move = (ev: PointerEvent) => {
      width = clamp((doc.defaultView?.innerWidth ?? 0) - ev.clientX);
      render();
    };
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      if (frame) frame.style.pointerEvents = '';
      persist();
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  });
  grip.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowLeft' ? 20 : e.key === 'ArrowRight' ? -20 : 0;
    if (!step) return;
    e.preventDefault();
    width = clamp(width + step);
    render();
    persist();
  });

  return {
    get frame() {
      return frame;
    },
    async show(p) {
      attach();
      shown = true;
      if (p !== platform) {
        platform = p;
        const saved = await o.loadState(p);
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
      const t = doc.createElement('div');
      t.className = 'toast';
      t.setAttribute('role', 'status');
      t.textContent = text;
      root.append(t);
      attach();
      setTimeout(() => t.remove(), 4000);
    },
    destroy() {
      el.remove();
    },
  };
}
