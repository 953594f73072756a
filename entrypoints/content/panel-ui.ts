/**
 * The injected panel's heavier half: the frame of the extension's panel page,
 * its resize grip, the room it makes for itself, and the notices shown on the
 * page. Chrome loads it when first needed (the `panel-ui` script), so the
 * content script every CRM page loads stays small; Firefox's content script
 * carries it. The content script's panel host keeps the state and the edge tab.
 */

export interface PanelFrameOptions {
  doc: Document;
  /** The panel host's closed shadow root. */
  root: ShadowRoot;
  src: string;
  /** A width the person dragged or keyed to; `done` once the gesture ended. */
  onWidth(width: number, done: boolean): void;
  /** How long the panel stays hidden (tab not shown, or collapsed) before its frame is released. */
  releaseAfterMs?: number;
  /** The frame was released, and its tab is shown (the panel may be collapsed): a new frame is mounted when the panel shows. */
  onReleased(): void;
  /** How the panels in the site's other tabs hear that one was hidden or shown (default: a BroadcastChannel, where the page has one). */
  channel?: () => PanelChannel | undefined;
}

/** The part of a BroadcastChannel the panels use to tell each other which are hidden. */
export interface PanelChannel {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (e: MessageEvent) => void): void;
  close(): void;
}

export interface PanelFrameView {
  readonly frame: HTMLIFrameElement;
  /** Shows the panel at `width`, or hides it. */
  update(width: number, visible: boolean): void;
  /** Gives the keyboard to the panel's page, now or as soon as it has loaded. */
  focus(): void;
  /** Removes the panel and gives the page its own layout back. */
  destroy(): void;
}

export interface PanelUi {
  mountFrame(o: PanelFrameOptions): PanelFrameView;
  /** A short notice on the page (e.g. a capture was saved), gone after a few seconds. */
  toast(doc: Document, root: ShadowRoot, text: string): void;
}

/** Where the loaded script leaves the panel UI for the content script (the two share the extension's isolated world). */
export const PANEL_UI_GLOBAL = 'seamlinePanelUi';

/**
 * The page keeps at least this much width beside the panel when pushed
 * aside; in a narrower window the panel lies over the page instead.
 */
export const MIN_PAGE_WIDTH = 720;

/**
 * A panel hidden this long (its tab not shown, or the panel collapsed) gives
 * its frame up: ten CRM tabs must not each keep a whole React app alive. The
 * frame is made again when the panel is shown; it paints the account from
 * the background's first answer and gets its unsaved text back from there.
 */
export const RELEASE_AFTER_MS = 30_000;

/**
 * The most hidden panels that keep their frame among one CRM site's tabs: a
 * hidden panel gives its frame up at once when this many of the site's other
 * panels have been hidden after it (and not shown since), without waiting for
 * RELEASE_AFTER_MS. Going through ten record tabs in a row then never has more
 * than this many hidden frames alive beside the one shown (each is a React
 * app, and the renderer they share keeps much of what its busiest moment
 * needed), while going back to the tab just left still finds its panel as it
 * was left. One, not two: the second kept frame cost the ten-tab bench about
 * 3 MB of the extension's 60 MB budget, and a panel made again paints in
 * about 60 ms, drafts included.
 */
export const KEEP_HIDDEN_FRAMES = 1;

// A BroadcastChannel reaches the content scripts of the site's other tabs
// (same origin). The page's own scripts can post to it too: the most a page
// can do with that is to have its hidden panels made again when shown.
const PANEL_CHANNEL = 'seamline-panels';
interface PanelNews {
  panel: string;
  /** The panel was hidden with its frame kept; false: shown again, or its frame is gone. */
  hidden: boolean;
}
const isPanelNews = (m: unknown): m is PanelNews =>
  typeof m === 'object' && m !== null && typeof (m as PanelNews).panel === 'string' && typeof (m as PanelNews).hidden === 'boolean';
const siteChannel = (doc: Document) => (): PanelChannel | undefined => {
  const Channel = (doc.defaultView as (Window & typeof globalThis) | null)?.BroadcastChannel;
  try {
    return Channel ? new Channel(PANEL_CHANNEL) : undefined;
  } catch {
    // Not offered here: hidden panels are released by time only.
    return undefined;
  }
};

const CSS = `
.panel{position:fixed;top:0;right:0;height:100vh;display:flex;background:#fff;box-shadow:-4px 0 16px rgba(0,0,0,.25);pointer-events:auto}
.panel[hidden]{display:none}
.grip{width:6px;cursor:ew-resize;background:#cbd5e1;flex:none}
.grip:focus-visible{outline:3px solid #f59e0b}
iframe{border:0;flex:1;height:100%;color-scheme:normal}
.toast{position:fixed;right:40px;bottom:24px;max-width:320px;padding:10px 14px;border-radius:8px;background:#111827;color:#fff;font:14px/1.4 system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.3);pointer-events:none;white-space:pre-wrap}
`;

// One style element per shadow root, however often the UI is used there.
const styled = new WeakSet<ShadowRoot>();
function style(doc: Document, root: ShadowRoot) {
  if (styled.has(root)) return;
  styled.add(root);
  const el = doc.createElement('style');
  el.textContent = CSS;
  root.append(el);
}

/**
 * The CRM page's own look, light or dark, from the background it paints
 * (CRMs switch themes with their own styles, seldom with color-scheme), so
 * the panel follows the page rather than only the system. A page that paints
 * no background leaves the choice to the system.
 */
export function pageScheme(doc: Document): 'light' | 'dark' | 'normal' {
  const view = doc.defaultView;
  if (!view) return 'normal';
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    const rgba = /rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?/.exec(view.getComputedStyle(el).backgroundColor);
    if (!rgba || Number(rgba[4] ?? 1) === 0) continue;
    const [r, g, b] = [rgba[1], rgba[2], rgba[3]].map((c) => Number(c) / 255);
    // Relative luminance, roughly: a background darker than mid-grey is a dark theme.
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * b! < 0.4 ? 'dark' : 'light';
  }
  return 'normal';
}

function mountFrame({
  doc,
  root,
  src,
  onWidth,
  releaseAfterMs = RELEASE_AFTER_MS,
  onReleased,
  channel = siteChannel(doc),
}: PanelFrameOptions): PanelFrameView {
  style(doc, root);
  const panel = doc.createElement('div');
  panel.className = 'panel';
  const grip = doc.createElement('div');
  grip.className = 'grip';
  grip.setAttribute('role', 'separator');
  grip.setAttribute('aria-orientation', 'vertical');
  grip.setAttribute('aria-label', 'Resize the Seamline panel (arrow keys)');
  grip.tabIndex = 0;
  const frame = doc.createElement('iframe');
  frame.title = 'Seamline panel';
  // The frame is cross-origin to the CRM page, and a cross-origin frame may
  // only write the clipboard ("Copy handoff brief") when its parent allows it.
  // Not for the default 'src' origin: runtime.getURL gives Chrome's
  // per-session address, and the page loaded there does not count as that
  // address's origin.
  frame.allow = 'clipboard-write *';
  // The panel paints in the page's look: it reads the scheme from its address
  // (it cannot look at a cross-origin parent), and the frame element's
  // color-scheme keeps the browser's own parts (scrollbars, canvas) alike.
  const scheme = pageScheme(doc);
  frame.style.colorScheme = scheme;
  frame.src = scheme === 'normal' ? src : src.replace(/(#|$)/, `?theme=${scheme}$1`);
  panel.append(grip, frame);
  root.append(panel);

  let width = 0;
  grip.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    grip.setPointerCapture(e.pointerId);
    // The iframe would swallow pointer events mid-drag.
    frame.style.pointerEvents = 'none';
    const move = (ev: PointerEvent) => onWidth((doc.defaultView?.innerWidth ?? 0) - ev.clientX, false);
    const up = () => {
      grip.removeEventListener('pointermove', move);
      grip.removeEventListener('pointerup', up);
      frame.style.pointerEvents = '';
      onWidth(width, true);
    };
    grip.addEventListener('pointermove', move);
    grip.addEventListener('pointerup', up);
  });
  grip.addEventListener('keydown', (e) => {
    const step = e.key === 'ArrowLeft' ? 20 : e.key === 'ArrowRight' ? -20 : 0;
    if (!step) return;
    e.preventDefault();
    onWidth(width + step, true);
  });

  // The page's content moves aside so the panel covers none of the CRM's own
  // buttons: the root element gets a right margin as wide as the panel, which
  // every in-flow layout follows. Elements the page fixes to the viewport do
  // not move; where the window is too narrow to give the panel its width, the
  // panel lies over the page instead.
  const html = doc.documentElement;
  const before = html.style.getPropertyValue('margin-right');
  const beforePriority = html.style.getPropertyPriority('margin-right');
  const push = (px: number) => {
    if (px) html.style.setProperty('margin-right', `${px}px`, 'important');
    else if (before) html.style.setProperty('margin-right', before, beforePriority);
    else html.style.removeProperty('margin-right');
  };

  // Playwright's browser reports every tab as shown, so the test build (only)
  // lets the page mark itself as not shown; the bench's memory figures need it.
  const hidden = () =>
    doc.visibilityState === 'hidden' || (import.meta.env.WXT_TEST_HOOKS === 'true' && doc.documentElement.hasAttribute('data-seamline-test-hidden'));
  let release: ReturnType<typeof setTimeout> | undefined;
  let released = false;
  // The site's other panels hidden after this one and still hidden with their
  // frame; null while this one is shown (or not yet known to be hidden).
  let hiddenAfter: Set<string> | null = null;
  const id = crypto.randomUUID();
  const others = channel();
  others?.addEventListener('message', (e) => {
    if (!isPanelNews(e.data) || hiddenAfter === null) return;
    if (!e.data.hidden) hiddenAfter.delete(e.data.panel);
    else if (hiddenAfter.add(e.data.panel).size >= KEEP_HIDDEN_FRAMES) releaseNow();
  });
  const tell = (hidden: boolean) => others?.postMessage({ panel: id, hidden } satisfies PanelNews);
  const update = (w: number, visible: boolean) => {
    if (released) return;
    width = w;
    panel.hidden = !visible;
    panel.style.width = `${w}px`;
    push(visible && (doc.defaultView?.innerWidth ?? 0) - w >= MIN_PAGE_WIDTH ? w : 0);
    if (!visible || hidden()) {
      release ??= setTimeout(releaseNow, releaseAfterMs);
      if (hiddenAfter === null) tell(true);
      hiddenAfter ??= new Set();
    } else {
      clearTimeout(release);
      release = undefined;
      if (hiddenAfter !== null) tell(false);
      hiddenAfter = null;
    }
  };
  const onResize = () => update(width, !panel.hidden);
  doc.defaultView?.addEventListener('resize', onResize);
  doc.addEventListener('visibilitychange', onResize);

  function destroy() {
    clearTimeout(release);
    if (hiddenAfter !== null) tell(false);
    others?.close();
    doc.defaultView?.removeEventListener('resize', onResize);
    doc.removeEventListener('visibilitychange', onResize);
    push(0);
    panel.remove();
  }
  function releaseNow() {
    if (released) return;
    destroy();
    released = true;
    // Released while its tab is not shown: the host hears of it when the tab
    // is shown again, and mounts a new frame then if the panel is open.
    if (hidden()) doc.addEventListener('visibilitychange', onReleased, { once: true });
    else onReleased();
  }

  // Focusing the frame element before its page has loaded leaves the
  // keyboard nowhere: the panel's shortcuts would need a click first. So the
  // focus is given again once the page is there, unless it went elsewhere.
  let wantFocus = false;
  frame.addEventListener('load', () => {
    // The frame element may hold the focus already while its page does not:
    // the page's window is what must be focused.
    if (wantFocus && !panel.hidden && (doc.activeElement === doc.body || doc.activeElement === root.host)) frame.contentWindow?.focus();
    wantFocus = false;
  });

  return {
    frame,
    update,
    focus() {
      wantFocus = true;
      frame.focus();
    },
    destroy,
  };
}

function toast(doc: Document, root: ShadowRoot, text: string) {
  style(doc, root);
  const t = doc.createElement('div');
  t.className = 'toast';
  t.setAttribute('role', 'status');
  t.textContent = text;
  root.append(t);
  setTimeout(() => t.remove(), 4000);
}

export const panelUi: PanelUi = { mountFrame, toast };
