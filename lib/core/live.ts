import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './domain/primitives';

// The team backend's live feed (GET /v1/events, Server-Sent Events): one event
// per committed change, naming what changed and never the record itself, so a
// client refetches through the routes that check what it may read.

export const LIVE_KINDS = ['account', 'commitment', 'flag', 'handoff', 'approval', 'snapshot', 'link', 'import', 'settings', 'milestone'] as const;
export const LiveKindSchema = z.enum(LIVE_KINDS);
export type LiveKind = z.infer<typeof LiveKindSchema>;

/** A workspace's change sequence: increasing in commit order, sent as the event's id. */
export const LiveSeqSchema = z.number().int().nonnegative();

export const LiveChangeSchema = z.object({
  type: z.literal('change'),
  seq: LiveSeqSchema,
  kind: LiveKindSchema,
  // Handoff answers: "<accountId>/<itemId>"; an import: null.
  entityId: z.string().max(200).nullable(),
  accountId: IdSchema.nullable(),
  at: IsoDateTimeSchema,
});

/**
 * The server cannot replay what the client missed (its Last-Event-ID is older
 * than what the server keeps, or from another database): refetch everything,
 * then follow on from `seq`.
 */
export const LiveResetSchema = z.object({
  type: z.literal('reset'),
  seq: LiveSeqSchema,
  reason: z.enum(['resume-unavailable']),
});

export const LiveEventSchema = z.discriminatedUnion('type', [LiveChangeSchema, LiveResetSchema]);
export type LiveChange = z.infer<typeof LiveChangeSchema>;
export type LiveReset = z.infer<typeof LiveResetSchema>;
export type LiveEvent = z.infer<typeof LiveEventSchema>;

/** The SSE event name each event travels under (its `event:` field). */
export const LIVE_EVENT_NAME = { change: 'change', reset: 'reset' } as const satisfies Record<LiveEvent['type'], string>;

/** How many of a workspace's most recent events the server keeps for resuming. */
export const LIVE_RETAINED_EVENTS = 10_000;
export const LIVE_HEARTBEAT_MS = 15_000;
/** A client that has heard nothing (not even a heartbeat) for this long treats the connection as dropped. */
export const LIVE_SILENCE_MS = 45_000;

export const LIVE_BACKOFF = { initialMs: 1_000, maxMs: 30_000 } as const;

/**
 * The wait before reconnect attempt `attempt` (0 = the first after a drop):
 * doubling from 1 s to 30 s, with "full jitter" over the upper half so a
 * restarted server is not met by every client at once. `random` is in [0, 1).
 */
export function liveBackoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(LIVE_BACKOFF.maxMs, LIVE_BACKOFF.initialMs * 2 ** Math.max(0, Math.min(attempt, 30)));
  return Math.round(ceiling / 2 + (ceiling / 2) * Math.min(Math.max(random, 0), 1));
}

/** The runtime port every open Seamline page holds: the background follows the feed only while one is open. */
export const LIVE_PAGE_PORT = 'seamline-page-open';
/** How often an open page pings over its port, which keeps the service worker (and so the feed) alive. */
export const LIVE_PAGE_PING_MS = 20_000;

/**
 * The background's word to a page over that port: whether anything runs for
 * open pages (the team backend's live feed) that needs the service worker
 * kept awake. When nothing does, the page stops pinging, so on local data the
 * worker may stop between requests like any idle worker.
 */
export const PageHoldMessageSchema = z.object({ type: z.literal('awake'), awake: z.boolean() });
export type PageHoldMessage = z.infer<typeof PageHoldMessageSchema>;
