import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { KEEP_HIDDEN_FRAMES, pageScheme, panelUi, RELEASE_AFTER_MS, type PanelChannel } from './panel-ui';

let win: HappyWindow;
afterEach(async () => {
  vi.useRealTimers();
  await win?.happyDOM.close();
});

function setup(width: number, rootStyle = '') {
  win = new HappyWindow({ url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view', width, height: 800 });
  const doc = win.document as unknown as Document;
  doc.documentElement.setAttribute('style', rootStyle);
  const host = doc.createElement('seamline-root');
  doc.body.append(host);
  const root = host.attachShadow({ mode: 'closed' });
  const widths: Array<[number, boolean]> = [];
  const view = panelUi.mountFrame({
    doc,
    root,
    src: 'chrome-extension://x/sidepanel.html#p',
    onWidth: (w, done) => widths.push([w, done]),
    onReleased: () => undefined,
  });
  return { doc, root, view, widths };
}

const margin = (doc: Document) => doc.documentElement.style.getPropertyValue('margin-right');

describe('the open panel', () => {
  it('moves the page aside by its width while shown, and gives the width back when hidden', () => {
    const { doc, view } = setup(1440);
    view.update(400, true);
    expect(margin(doc)).toBe('400px');
    view.update(520, true);
    expect(margin(doc)).toBe('520px');
    view.update(520, false);
    expect(margin(doc)).toBe('');
  });

  it('lies over the page when the window cannot leave the page its minimum width', () => {
    const { doc, view } = setup(1000);
    view.update(400, true);
    expect(margin(doc)).toBe('');
  });

  it('restores a margin the page set itself', () => {
    const { doc, view } = setup(1440, 'margin-right: 12px');
    view.update(400, true);
    expect(margin(doc)).toBe('400px');
    view.destroy();
    expect(margin(doc)).toBe('12px');
  });

  it('resizes by keyboard from the grip, a step at a time', () => {
    const { root, view, widths } = setup(1440);
    view.update(400, true);
    const grip = root.querySelector('[role="separator"]')!;
    grip.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'ArrowLeft' }) as unknown as Event);
    grip.dispatchEvent(new win.KeyboardEvent('keydown', { key: 'Enter' }) as unknown as Event);
    expect(widths).toEqual([[420, true]]);
  });

  it('frames the panel page with the clipboard allowed, and shows notices as text', () => {
    vi.useFakeTimers();
    const { doc, root, view } = setup(1440);
    expect(view.frame.getAttribute('allow')).toBe('clipboard-write *');
    panelUi.toast(doc, root, '<img src=x onerror=alert(1)>');
    const toast = root.querySelector('[role="status"]')!;
    expect(toast.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(root.querySelector('img')).toBeNull();
    vi.advanceTimersByTime(4000);
    expect(root.querySelector('[role="status"]')).toBeNull();
  });
});

describe('the panel follows the page’s look', () => {
  // Browsers compute every colour to rgb()/rgba(), which is all pageScheme reads.
  const page = (bodyStyle: string, rootStyle = '') => {
    win = new HappyWindow({ url: 'https://app.hubspot.com/contacts/1/company/2', width: 1440, height: 800 });
    const doc = win.document as unknown as Document;
    doc.documentElement.setAttribute('style', rootStyle);
    doc.body.setAttribute('style', bodyStyle);
    return doc;
  };

  it.each([
    ['a dark page', 'background-color: rgb(22, 24, 29)', '', 'dark'],
    ['a light page', 'background-color: rgb(243, 243, 243)', '', 'light'],
    ['a page whose root element paints the background', '', 'background-color: rgb(11, 15, 25)', 'dark'],
    ['a page that paints no background', '', '', 'normal'],
    ['a transparent body over a light root', 'background-color: rgba(0, 0, 0, 0)', 'background-color: rgb(255, 255, 255)', 'light'],
  ])('%s', (_name, bodyStyle, rootStyle, scheme) => {
    expect(pageScheme(page(bodyStyle, rootStyle))).toBe(scheme);
  });

  it('tells the panel the page’s scheme in its address, before the page id', () => {
    win = new HappyWindow({ url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view', width: 1440, height: 800 });
    const doc = win.document as unknown as Document;
    const mount = (bg: string) => {
      doc.body.style.backgroundColor = bg;
      const root = doc.body.appendChild(doc.createElement('div')).attachShadow({ mode: 'closed' });
      return panelUi.mountFrame({
        doc,
        root,
        src: 'chrome-extension://x/sidepanel.html#page-1',
        onWidth: () => undefined,
        onReleased: () => undefined,
      }).frame;
    };
    const dark = mount('rgb(10, 10, 10)');
    expect([dark.getAttribute('src'), dark.style.colorScheme]).toEqual(['chrome-extension://x/sidepanel.html?theme=dark#page-1', 'dark']);
    const light = mount('rgb(250, 250, 250)');
    expect(light.getAttribute('src')).toBe('chrome-extension://x/sidepanel.html?theme=light#page-1');
    const none = mount('rgba(0, 0, 0, 0)');
    expect(none.getAttribute('src')).toBe('chrome-extension://x/sidepanel.html#page-1');
  });
});

describe('hidden panels across the site’s tabs', () => {
  /** An in-memory stand-in for the BroadcastChannel the site's tabs share: every channel but the sender hears a message. */
  function hub() {
    const open = new Set<{ listeners: ((e: MessageEvent) => void)[] }>();
    return (): PanelChannel => {
      const me = { listeners: [] as ((e: MessageEvent) => void)[] };
      open.add(me);
      return {
        postMessage(data) {
          for (const other of open) if (other !== me) for (const l of other.listeners) l({ data } as MessageEvent);
        },
        addEventListener(_type, listener) {
          me.listeners.push(listener);
        },
        close() {
          open.delete(me);
        },
      };
    };
  }

  /** One CRM tab with its panel open; `hide` and `show` switch to and from it. */
  function tab(channel: () => PanelChannel | undefined) {
    const tabWin = new HappyWindow({ url: 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view', width: 1440, height: 800 });
    const doc = tabWin.document as unknown as Document;
    const root = doc.body.appendChild(doc.createElement('seamline-root')).attachShadow({ mode: 'closed' });
    let released = 0;
    const view = panelUi.mountFrame({
      doc,
      root,
      src: 'chrome-extension://x/sidepanel.html#p',
      onWidth: () => undefined,
      onReleased: () => released++,
      channel,
    });
    view.update(400, true);
    return {
      hide: () => view.update(400, false),
      show: () => view.update(400, true),
      hasFrame: () => root.querySelector('iframe') !== null,
      released: () => released,
      close: () => tabWin.happyDOM.close(),
    };
  }

  it(`keeps the ${KEEP_HIDDEN_FRAMES} most recently hidden frames of the site’s tabs and releases older ones at once`, async () => {
    vi.useFakeTimers();
    const channel = hub();
    const tabs = [tab(channel)];
    for (let i = 1; i < 5; i++) {
      tabs.at(-1)!.hide();
      tabs.push(tab(channel));
    }
    // Five panels shown in turn, each hiding the one before: the last one shown and the one hidden just before it keep their frames.
    expect(tabs.map((t) => t.hasFrame())).toEqual([false, false, false, true, true]);
    expect(tabs.map((t) => t.released())).toEqual([1, 1, 1, 0, 0]);
    // Going back to the tab before, as a browser switches tabs (the one chosen
    // is shown before the one left is hidden): both keep their frames.
    tabs[3]!.show();
    tabs[4]!.hide();
    expect(tabs.map((t) => t.hasFrame())).toEqual([false, false, false, true, true]);
    // Showing the kept panel again and hiding it counts once: the one hidden before it goes.
    for (let i = 0; i < 3; i++) {
      tabs[3]!.hide();
      tabs[3]!.show();
    }
    expect(tabs.map((t) => t.hasFrame())).toEqual([false, false, false, true, false]);
    expect(tabs.map((t) => t.released())).toEqual([1, 1, 1, 0, 1]);
    // The delay still releases what stays hidden.
    tabs[3]!.hide();
    vi.advanceTimersByTime(RELEASE_AFTER_MS);
    expect(tabs.map((t) => t.hasFrame())).toEqual([false, false, false, false, false]);
    for (const t of tabs) await t.close();
  });

  it(`releases once ${KEEP_HIDDEN_FRAMES} other panel(s) were hidden after it, each counted once, and ignores messages of another shape`, async () => {
    vi.useFakeTimers();
    const channel = hub();
    const hiddenOne = tab(channel);
    hiddenOne.hide();
    const stranger = channel();
    for (const m of ['something else', { type: 'shown' }, { panel: 1, hidden: true }, { panel: 'x', hidden: 'yes' }, null]) stranger.postMessage(m);
    // Told again and again that the same panels are hidden, each is still one panel.
    for (let n = 1; n < KEEP_HIDDEN_FRAMES; n++) for (let i = 0; i < 5; i++) stranger.postMessage({ panel: `p${n}`, hidden: true });
    expect(hiddenOne.hasFrame()).toBe(true);
    stranger.postMessage({ panel: 'one-too-many', hidden: true });
    expect(hiddenOne.hasFrame()).toBe(false);
    await hiddenOne.close();
  });

  it('is released by the delay alone where the page offers no channel', async () => {
    vi.useFakeTimers();
    const t = tab(() => undefined);
    t.hide();
    vi.advanceTimersByTime(RELEASE_AFTER_MS - 1);
    expect(t.hasFrame()).toBe(true);
    vi.advanceTimersByTime(1);
    expect(t.hasFrame()).toBe(false);
    await t.close();
  });
});
