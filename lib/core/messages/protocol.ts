import { z } from 'zod';
import { CrmPlatformSchema, CrmRecordRefSchema } from '../domain/crm-record';
import { ResolveResultSchema } from '../model';

/**
 * The one message contract between the content script, the background and
 * the extension pages. Every message is validated on receipt and checked
 * against its sender (see `senderRole`). Data calls travel separately, as the
 * typed RPC in data-rpc.ts, over the same channel tag.
 */
import { CHANNEL } from './content';

export { CHANNEL, type ToContentMessage } from './content';

// ---- content script → background (sender must be a tab of ours) ----------
export const RecordReportSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('record-report'),
  href: z.string().max(4096),
  record: CrmRecordRefSchema.nullable(),
});

// ---- extension page → background (sender must be an extension page) -------
// The panel frame omits tabId: the background answers for the tab the frame
// lives in (sender.tab), so a page can neither forge nor read another tab's
// record. The popup and native side panel have no tab and name the active one.
export const TabRecordRequestSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('tab-record'),
  tabId: z.number().int().nonnegative().optional(),
});

export const TabRecordSchema = z.object({
  tabId: z.number().int(),
  href: z.string(),
  record: CrmRecordRefSchema.nullable(),
  resolution: ResolveResultSchema.nullable(),
  // When the content script's report arrived (epoch ms): how fast the
  // background follows a page's navigation is measured against it.
  reportedAt: z.number(),
});

export const PanelCommandSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('panel-command'),
  command: z.enum(['close', 'resize']),
  width: z.number().int().min(240).max(960).optional(),
});

// ---- background → extension pages (broadcast) ------------------------------
export const ChangedBroadcastSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('changed'),
  source: z.enum(['local', 'backend']),
  accountIds: z.array(z.string()),
  entities: z.array(z.string()),
});

export const TabRecordChangedSchema = z.object({
  channel: z.literal(CHANNEL),
  type: z.literal('tab-record-changed'),
  tabId: z.number().int(),
});

export const BroadcastSchema = z.discriminatedUnion('type', [ChangedBroadcastSchema, TabRecordChangedSchema]);

export const PanelStateSchema = z.object({ open: z.boolean(), width: z.number().int().min(240).max(960) });

export const PanelStateRequestSchema = z.object({ channel: z.literal(CHANNEL), type: z.literal('panel-state'), platform: CrmPlatformSchema });
export const PanelStateSetSchema = PanelStateSchema.extend({
  channel: z.literal(CHANNEL),
  type: z.literal('panel-state-set'),
  platform: CrmPlatformSchema,
});

export type RecordReport = z.infer<typeof RecordReportSchema>;
export type TabRecordRequest = z.infer<typeof TabRecordRequestSchema>;
export type TabRecord = z.infer<typeof TabRecordSchema>;
export type PanelCommand = z.infer<typeof PanelCommandSchema>;
export type ChangedBroadcast = z.infer<typeof ChangedBroadcastSchema>;
export type Broadcast = z.infer<typeof BroadcastSchema>;
export type PanelState = z.infer<typeof PanelStateSchema>;

export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/**
 * Who sent a message. Only our own extension's senders count; an extension
 * page is recognised by its URL on our origin, a content script by having a
 * tab while its URL is the web page's.
 */
export function senderRole(sender: SenderLike, extensionId: string, extensionOrigin: string): 'extension-page' | 'content-script' | 'unknown' {
  if (sender.id !== extensionId) return 'unknown';
  if (sender.url?.startsWith(extensionOrigin)) return 'extension-page';
  if (sender.tab?.id !== undefined && sender.tab.id >= 0) return 'content-script';
  return 'unknown';
}
