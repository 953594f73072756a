import { z } from 'zod';
import { ConnectionStateSchema, DataEntitySchema, DataSourceKindSchema } from '../sync';
import { CHANNEL } from './channel';

// Background → every open extension page. Pages parse each broadcast on
// receipt (components/app/runtime.ts) and refetch what it names.

export const ChangedBroadcastSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('changed'),
  source: DataSourceKindSchema,
  accountIds: z.array(z.string()),
  entities: z.array(DataEntitySchema),
});

export const TabRecordChangedSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('tab-record-changed'),
  tabId: z.number().int(),
});

/** The background's connection state changed (online/offline, counts, workspace): pages show it as is. */
export const ConnectionBroadcastSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('connection'),
  state: ConnectionStateSchema,
});

export const BroadcastSchema = z.discriminatedUnion('type', [ChangedBroadcastSchema, TabRecordChangedSchema, ConnectionBroadcastSchema]);

export type ChangedBroadcast = z.infer<typeof ChangedBroadcastSchema>;
export type TabRecordChanged = z.infer<typeof TabRecordChangedSchema>;
export type ConnectionBroadcast = z.infer<typeof ConnectionBroadcastSchema>;
export type Broadcast = z.infer<typeof BroadcastSchema>;
