import '../../lib/zod-jitless';
import '../../assets/tailwind.css';
import { frameCheckSentAhead, sendFrameCheckAhead } from '../../components/app/frame-check-ahead';
import { markAccountPaintedAfterNextFrame, paintFirst } from '../../components/panel/first-paint';
import { browser } from '../../lib/browser';
import { FirstPaintAnswerSchema } from '../../lib/core/messages/first-paint';

const framed = window.top !== window;
// Framed, the panel paints in the CRM page's own look, which the page put in its address.
const theme = new URLSearchParams(location.search).get('theme');
if (framed && (theme === 'dark' || theme === 'light')) document.documentElement.dataset.theme = theme;

// The framed panel's first request (which page framed it, and what its first
// paint shows) left from the page's first script (entrypoints/frame-check)
// while this code was still being fetched; it is sent here only if that
// script did not run.
const frameCheck = framed ? (frameCheckSentAhead() ?? sendFrameCheckAhead((message) => browser.runtime.sendMessage(message))) : null;

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
