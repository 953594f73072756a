import { z } from 'zod';

// Calendar dates stay as ISO strings end to end: they survive JSON, IndexedDB,
// CSV and the REST contract unchanged, and compare lexically.
export const IsoDateSchema = z.iso.date();
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export const IdSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, 'ids use letters, digits, _ and - only');
export const PersonSchema = z.string().trim().min(1).max(120);
export const ShortTextSchema = z.string().trim().max(200);
export const LongTextSchema = z.string().max(5000);
export const UrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

// Every mutable record carries a version so concurrent edits are detected
// (local store and team backend alike) instead of silently overwritten.
export const VersionedSchema = z.object({
  version: z.number().int().min(1),
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});

export type IsoDate = z.infer<typeof IsoDateSchema>;
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;
export type Id = z.infer<typeof IdSchema>;
