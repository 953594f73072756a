// UUIDs use only hex digits and "-", so a prefixed one always fits IdSchema;
// the prefix makes exported files and error messages readable.
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}
