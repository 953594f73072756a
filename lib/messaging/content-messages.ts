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
