import { z } from 'zod';
import { DataEntitySchema, DataSourceKindSchema } from '../sync';
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

export const BroadcastSchema = z.discriminatedUnion('type', [ChangedBroadcastSchema, TabRecordChangedSchema]);

export type ChangedBroadcast = z.infer<typeof ChangedBroadcastSchema>;
export type TabRecordChanged = z.infer<typeof TabRecordChangedSchema>;
export type Broadcast = z.infer<typeof BroadcastSchema>;
