import '../../lib/zod-jitless';
import '../../assets/tailwind.css';
import { markAccountPaintedAfterNextFrame, paintFirst } from '../../components/panel/first-paint';
import { browser } from '../../lib/browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import { FirstPaintAnswerSchema } from '../../lib/core/messages/first-paint';
import { FRAME_CHECK_AHEAD } from '../../lib/core/messages/frame-check-ahead';
import type { BackgroundRequest } from '../../lib/core/messages/to-background';

const framed = window.top !== window;
// Framed, the panel paints in the CRM page's own look, which the page put in its address.
const theme = new URLSearchParams(location.search).get('theme');
if (framed && (theme === 'dark' || theme === 'light')) document.documentElement.dataset.theme = theme;

// The framed panel's first request (which page framed it, and what its first
// paint shows) left from the page's first script (entrypoints/frame-check)
// while this code was still being fetched; it is sent here only if that
// script did not run.
const ahead = (window as unknown as Record<string, Promise<unknown> | undefined>)[FRAME_CHECK_AHEAD];
const frameCheck = framed
  ? (ahead ??
    browser.runtime.sendMessage({
      channel: CHANNEL,
      type: 'frame-check',
      page: location.hash.slice(1),
    } satisfies BackgroundRequest<'frame-check'>))
  : null;
// The panel handles a refused or missing answer; this only keeps it from being reported before then.
frameCheck?.catch(() => undefined);
if (frameCheck && !ahead) Object.defineProperty(window, FRAME_CHECK_AHEAD, { value: frameCheck });

// The account's heading and health score are painted from the answer at
// once; the panel's code is evaluated only after that, so its evaluation
// never holds the answer back. The panel parses the whole answer again when
// it starts (panel.tsx) and reports whatever in it is wrong.
const firstPaint = frameCheck?.then(
  (answer) => {
    const parsed = FirstPaintAnswerSchema.safeParse(answer);
    if (!parsed.success) return;
    paintFirst(document.getElementById('root')!, parsed.data.firstPaint);
    markAccountPaintedAfterNextFrame();
  },
  () => undefined,
);

void (firstPaint ?? Promise.resolve()).then(() => import('./panel')).then(({ startPanel }) => startPanel(frameCheck));
