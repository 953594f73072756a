import '../../assets/tailwind.css';
import { browser } from '../../lib/browser';
import { CHANNEL } from '../../lib/core/messages/channel';
import type { BackgroundRequest } from '../../lib/core/messages/to-background';

// The framed panel's first request (which page framed it, and what its first
// paint shows) leaves before the rest of the panel's code is fetched and
// evaluated, so the background answers meanwhile; the panel parses the
// answer when it starts (panel.tsx).
const frameCheck =
  window.top === window
    ? null
    : browser.runtime.sendMessage({
        channel: CHANNEL,
        type: 'frame-check',
        page: location.hash.slice(1),
      } satisfies BackgroundRequest<'frame-check'>);
// The panel handles a refused or missing answer; this only keeps it from being reported before then.
frameCheck?.catch(() => undefined);

void import('./panel').then(({ startPanel }) => startPanel(frameCheck));
