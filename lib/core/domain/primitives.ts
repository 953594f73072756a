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

// NUL and unpaired UTF-16 surrogates live happily in a JavaScript string but
// nowhere else: PostgreSQL text refuses NUL, and UTF-8 (the wire, exports,
// jsonb) has no encoding for half a surrogate pair. Refusing them where text
// enters, with the field named, keeps one bad character from failing a write
// later where nobody can fix it.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
export const UNSTORABLE_TEXT_MESSAGE = 'contains a NUL character or a broken character (unpaired surrogate) that cannot be stored';

// Nearly all text has no surrogate at all: one scan for any rules it out
// before the pairing check, whose lookbehind costs several times more per character.
const SURROGATE = /[\uD800-\uDFFF]/;

export function isStorableText(text: string): boolean {
  if (text.includes('\u0000')) return false;
  return !SURROGATE.test(text) || !LONE_SURROGATE.test(text);
}

/** Any free text: a string that can be stored and sent anywhere. Every free-text field builds on this. */
export const TextSchema = z.string().refine(isStorableText, { message: UNSTORABLE_TEXT_MESSAGE });

export const PersonSchema = TextSchema.trim().min(1).max(120);
export const ShortTextSchema = TextSchema.trim().max(200);
export const LongTextSchema = TextSchema.max(5000);
export const UrlSchema = z.url({ protocol: /^https?$/ }).max(2048);

// Versions count edits; the team backend keeps them in 32-bit integer
// columns, so a larger one (only ever seen in a forged import) is refused here.
export const MAX_VERSION = 2_147_483_647;
export const VersionSchema = z.number().int().min(1).max(MAX_VERSION);

// Every mutable record carries a version so concurrent edits are detected
// (local store and team backend alike) instead of silently overwritten.
export const VersionedSchema = z.object({
  version: VersionSchema,
  createdAt: IsoDateTimeSchema,
  updatedAt: IsoDateTimeSchema,
});

export type IsoDate = z.infer<typeof IsoDateSchema>;
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;
export type Id = z.infer<typeof IdSchema>;
