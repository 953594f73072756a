import { z } from 'zod';
import { TextSchema } from './primitives';

export const BUILTIN_PLATFORMS = [
  'salesforce',
  'hubspot',
  'dynamics365',
  'gainsight',
  'pipedrive',
  'zendesk',
  'intercom',
  'vitally',
  'churnzero',
  'planhat',
] as const;

export const BuiltinPlatformSchema = z.enum(BUILTIN_PLATFORMS);

// In-house tools configured by the user get their own namespace so their ids
// can never collide with a built-in platform's record ids.
export const CUSTOM_PLATFORM_RE = /^custom:[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$/;
export const CustomPlatformSchema = z.templateLiteral(['custom:', z.string()]).refine((v) => CUSTOM_PLATFORM_RE.test(v), {
  message: 'custom platforms are "custom:" followed by a lowercase slug',
});

export const CrmPlatformSchema = z.union([BuiltinPlatformSchema, CustomPlatformSchema]);

export const RecordKindSchema = z.enum(['account', 'deal', 'contact', 'ticket', 'other']);

export const CrmRecordRefSchema = z.object({
  platform: CrmPlatformSchema,
  host: TextSchema.min(1).max(253).toLowerCase(),
  objectType: TextSchema.min(1).max(80),
  kind: RecordKindSchema,
  recordId: TextSchema.min(1).max(128),
  // The CRM organisation or account the record lives in, where the page
  // address names it and the host does not (HubSpot's portal id, Intercom's
  // app id); see recordIdentity in lib/core/sites/identity.ts.
  tenant: TextSchema.min(1).max(253).optional(),
  // Read from the page as text; a hint for linking, never identity.
  name: TextSchema.max(200).optional(),
  websiteDomain: TextSchema.max(253).optional(),
});

export type BuiltinPlatform = z.infer<typeof BuiltinPlatformSchema>;
export type CrmPlatform = z.infer<typeof CrmPlatformSchema>;
export type RecordKind = z.infer<typeof RecordKindSchema>;
export type CrmRecordRef = z.infer<typeof CrmRecordRefSchema>;
