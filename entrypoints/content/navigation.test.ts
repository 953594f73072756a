import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pageReporter, watchLocation, type PageReport } from './navigation';

const start = 'https://acme.lightning.force.com/lightning/r/Account/001Dn00000NwLgXIAV/view';
let win: HappyWindow;
afterEach(async () => {
  vi.useRealTimers();
  await win?.happyDOM.close();
});

function setup(withNavigation: boolean) {
  win = new HappyWindow({ url: start });
  const w = win as unknown as Window & { navigation?: EventTarget };
  if (withNavigation) w.navigation = new win.EventTarget() as unknown as EventTarget;
  else delete w.navigation;
  return w;
}

describe('watchLocation', () => {
  it('reports hash changes and back/forward, once per distinct href', () => {
    const w = setup(true);
    const seen: string[] = [];
    const watch = watchLocation(w, (h) => seen.push(h));
    w.history.pushState(null, '', '/lightning/r/Account/001Dn00000GbXmFIAV/view');
    w.dispatchEvent(new win.PopStateEvent('popstate') as unknown as Event);
    w.dispatchEvent(new win.PopStateEvent('popstate') as unknown as Event);
    w.location.hash = '#x';
    w.dispatchEvent(new win.HashChangeEvent('hashchange') as unknown as Event);
    expect(seen).toEqual([
      'https://acme.lightning.force.com/lightning/r/Account/001Dn00000GbXmFIAV/view',
      'https://acme.lightning.force.com/lightning/r/Account/001Dn00000GbXmFIAV/view#x',
    ]);
    watch();
  });

  it('listens to the Navigation API when present', () => {
    const w = setup(true);
    const onChange = vi.fn();
    watchLocation(w, onChange);
    w.history.pushState(null, '', '/lightning/o/Account/list');
    w.navigation!.dispatchEvent(new win.Event('navigatesuccess') as unknown as Event);
    expect(onChange).toHaveBeenCalledExactlyOnceWith('https://acme.lightning.force.com/lightning/o/Account/list');
  });

  it('polls only when the Navigation API is absent, and stop() ends it', () => {
    vi.useFakeTimers();
    for (const withNav of [true, false]) {
      const w = setup(withNav);
      vi.spyOn(w, 'setInterval');
      const watch = watchLocation(w, () => {});
      expect(w.setInterval).toHaveBeenCalledTimes(withNav ? 0 : 1);
      watch();
    }
  });

  it('the poll catches a silent pushState', async () => {
    const w = setup(false);
    const onChange = vi.fn();
    const watch = watchLocation(w, onChange, 10);
    w.history.pushState(null, '', '/lightning/r/Account/001Dn00000InTcHIAV/view');
    await new Promise((r) => setTimeout(r, 40));
    expect(onChange).toHaveBeenCalledExactlyOnceWith('https://acme.lightning.force.com/lightning/r/Account/001Dn00000InTcHIAV/view');
    watch();
    w.history.pushState(null, '', '/x');
    await new Promise((r) => setTimeout(r, 40));
    expect(onChange).toHaveBeenCalledTimes(1);
  });
});

describe('pageReporter', () => {
  const sf = {
    platform: 'salesforce',
    host: 'acme.lightning.force.com',
    objectType: 'Account',
    kind: 'account',
    recordId: '001Dn00000NwLgXIAV',
  } as const;
  const ids = () => {
    let n = 0;
    return () => `page-${++n}-0000-0000-0000-000000000000`;
  };

  it('numbers each new report of the page under its id, and sends a repeat only once', () => {
    const sent: PageReport[] = [];
    const r = pageReporter((x) => sent.push(x), ids());
    r.report(start, sf);
    r.report(start, sf);
    r.report('https://acme.lightning.force.com/lightning/page/home', null);
    expect(sent.map((x) => [x.page, x.seq, x.record?.recordId ?? null])).toEqual([
      [r.page, 1, sf.recordId],
      [r.page, 2, null],
    ]);
  });

  it('reports as a new page after coming back from the back/forward cache, even what it reported before', () => {
    const sent: PageReport[] = [];
    const r = pageReporter((x) => sent.push(x), ids());
    r.report(start, sf);
    const before = r.page;
    r.renew();
    r.report(start, sf);
    expect(r.page).not.toBe(before);
    expect(sent.map((x) => [x.page, x.seq])).toEqual([
      [before, 1],
      [r.page, 1],
    ]);
  });

  it('mints ids no page can guess', () => {
    const a = pageReporter(() => undefined);
    const b = pageReporter(() => undefined);
    expect(a.page).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.page).not.toBe(b.page);
  });
});
