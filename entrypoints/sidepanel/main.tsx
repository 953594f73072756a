import '../../assets/tailwind.css';
import {
  firstAccepted,
  frameCheckSentAhead,
  keptPaintReadAhead,
  readKeptPaintAhead,
  sendFrameCheckAhead,
} from '../../components/app/frame-check-ahead';
import { markAccountPaintedAfterNextFrame, paintFirst } from '../../components/panel/first-paint';
import { browser } from '../../lib/browser';
import { isFirstPaintAnswer } from '../../lib/core/messages/first-paint-check';

const framed = window.top !== window;
const PANEL_CODE_AT_LATEST_MS = 250;
// Framed, the panel paints in the CRM page's own look, which the page put in its address.
const theme = new URLSearchParams(location.search).get('theme');
if (framed && (theme === 'dark' || theme === 'light')) document.documentElement.dataset.theme = theme;

// The framed panel's first request (which page framed it, and what its first
// paint shows) left from the page's first script (entrypoints/frame-check)
// while this code was still being fetched; it is sent here only if that
// script did not run.
const frameCheck = framed ? (frameCheckSentAhead() ?? sendFrameCheckAhead((message) => browser.runtime.sendMessage(message))) : null;
// What the background kept of its last answer on this page: a frame made
// again (its tab shown after the frame was released) paints from it without
// waiting for a worker that stopped meanwhile to start.
const keptPaint = framed ? (keptPaintReadAhead() ?? readKeptPaintAhead((key) => browser.storage.session.get(key))) : null;

// The account's heading and health score are painted at once from the
// answer or the kept paint, whichever comes first; the panel's code is
// fetched and evaluated only once that paint is on screen, so neither holds
// the answer or the paint back. The panel parses the whole answer again when
// it starts (panel.tsx) and reports whatever in it is wrong.
const firstPaint =
  frameCheck &&
  keptPaint &&
  firstAccepted([frameCheck, keptPaint], isFirstPaintAnswer).then((answer) => {
    if (!answer) return;
    paintFirst(document.getElementById('root')!, answer.firstPaint);
    // A frame the browser does not render now (its panel collapsed meanwhile) gets no animation frame: its code loads anyway.
    return Promise.race([markAccountPaintedAfterNextFrame(), new Promise((r) => setTimeout(r, PANEL_CODE_AT_LATEST_MS))]);
  });

void (firstPaint ?? Promise.resolve()).then(() => import('./panel')).then(({ startPanel }) => startPanel(frameCheck));
