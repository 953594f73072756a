// The content script's side of the contract. No zod here: this ships inside
// every CRM page under a size budget, so incoming messages are checked by hand.
export const CHANNEL = 'seamline';

export type ToContentMessage =
  | { channel: typeof CHANNEL; type: 'toggle-panel' }
  | { channel: typeof CHANNEL; type: 'open-panel' }
  | { channel: typeof CHANNEL; type: 'recheck' }
  | { channel: typeof CHANNEL; type: 'close-panel' }
  | { channel: typeof CHANNEL; type: 'resize-panel'; width: number }
  | { channel: typeof CHANNEL; type: 'toast'; text: string };

// Content script → background requests. The content script never reads
// extension storage itself: storage.local (which holds the backend token) is
// closed to content scripts where the browser allows it.
export type FromContentMessage =
  | { channel: typeof CHANNEL; type: 'record-report'; href: string; record: unknown }
  | { channel: typeof CHANNEL; type: 'content-config' }
  | { channel: typeof CHANNEL; type: 'panel-state'; platform: string }
  | { channel: typeof CHANNEL; type: 'panel-state-set'; platform: string; open: boolean; width: number };
