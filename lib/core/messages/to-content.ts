import { z } from 'zod';
import { CHANNEL } from './channel';

/**
 * Background → content script. The content script ships inside every CRM page
 * under a size budget, so it does not load zod: it imports only the types
 * below and checks messages with the hand-written `isToContentMessage`
 * (to-content-check.ts), which a test holds to these schemas.
 */
const tag = { channel: z.literal(CHANNEL) };

export const ToContentMessageSchema = z.discriminatedUnion('type', [
  z.object({ ...tag, type: z.literal('toggle-panel') }),
  z.object({ ...tag, type: z.literal('open-panel') }),
  z.object({ ...tag, type: z.literal('close-panel') }),
  z.object({ ...tag, type: z.literal('recheck') }),
  z.object({ ...tag, type: z.literal('resize-panel'), width: z.number().finite() }),
  z.object({ ...tag, type: z.literal('toast'), text: z.string() }),
  // The toolbar badge of the tab, repeated on the collapsed edge tab ('' text: no badge).
  z.object({ ...tag, type: z.literal('badge'), text: z.string(), color: z.string(), title: z.string() }),
]);

export type ToContentMessage = z.infer<typeof ToContentMessageSchema>;

/**
 * What the content script answers to `recheck`: the id of the page it runs in.
 * The background asks after the tab navigated; no answer means the tab left
 * every page Seamline runs on.
 */
export const RecheckReplySchema = z.object({ page: z.string() });
export type RecheckReply = z.infer<typeof RecheckReplySchema>;
