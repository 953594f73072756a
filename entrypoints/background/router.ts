import type { Runtime } from 'webextension-polyfill';
import { safeParseOf } from '../../lib/core/parse';
import { firstIssue } from '../../lib/core/errors';
import { CHANNEL } from '../../lib/core/messages/channel';
import {
  BACKGROUND_REQUESTS,
  type BackgroundReply,
  type BackgroundRequest,
  type BackgroundRequestType,
  type RefusedReply,
} from '../../lib/core/messages/to-background';
import { senderRole, type SenderRole } from '../../lib/core/messages/sender';

/** What a handler knows of who asked: the checked role and, for content scripts and the panel frame, their tab. */
export interface RequestContext {
  role: SenderRole;
  tabId?: number;
  frameId?: number;
  sender: Runtime.MessageSender;
}

export type Handler<K extends BackgroundRequestType> = (request: BackgroundRequest<K>, context: RequestContext) => Promise<BackgroundReply<K>>;

/** One handler per request in the contract; a missing one does not compile. */
export type Handlers = { [K in BackgroundRequestType]: Handler<K> };

export interface RouterOptions {
  extensionId: string;
  /** The extension's own origin (runtime.getURL('/')): how our pages are told from web pages. */
  extensionOrigin: string;
  handlers: Handlers;
}

const isRequestType = (t: unknown): t is BackgroundRequestType => typeof t === 'string' && Object.hasOwn(BACKGROUND_REQUESTS, t);

/**
 * The background's single entry for runtime messages. Anything without our
 * channel tag or from another extension is ignored (undefined: no answer);
 * a request from a sender role the contract does not allow, or one that does
 * not parse, is refused with a reason; everything else goes to its handler.
 */
export function createRouter({ extensionId, extensionOrigin, handlers }: RouterOptions) {
  return function route(raw: unknown, sender: Runtime.MessageSender): Promise<unknown> | undefined {
    if (typeof raw !== 'object' || raw === null || (raw as { channel?: unknown }).channel !== CHANNEL) return undefined;
    const type = (raw as { type?: unknown }).type;
    const role = senderRole(sender, extensionId, extensionOrigin);
    if (role === 'unknown' || !isRequestType(type)) return undefined;
    const spec = BACKGROUND_REQUESTS[type];
    if (!(spec.from as readonly SenderRole[]).includes(role)) {
      // Content scripts get no answer at all to page requests: they must not
      // even learn which ones exist.
      if (role === 'content-script') return undefined;
      return Promise.resolve({ refused: true, reason: 'forbidden', message: `${type} is not answered for a ${role}` } satisfies RefusedReply);
    }
    const parsed = safeParseOf(spec.request, raw);
    if (!parsed.success) {
      const { field, message } = firstIssue(parsed.error, 'request');
      return Promise.resolve({
        refused: true,
        reason: 'invalid',
        field,
        message: `Invalid ${type} request: ${field}: ${message}`,
      } satisfies RefusedReply);
    }
    const tabId = sender.tab?.id !== undefined && sender.tab.id >= 0 ? sender.tab.id : undefined;
    const handler = handlers[type] as Handler<typeof type>;
    return handler(parsed.data as BackgroundRequest<typeof type>, { role, tabId, frameId: sender.frameId, sender });
  };
}
