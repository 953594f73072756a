// UUIDs use only hex digits and "-", so a prefixed one always fits IdSchema;
// the prefix makes exported files and error messages readable.
export function newId(prefix: string): string {
  return `${prefix}_${crypto.randomUUID()}`;
}

let sequence = 0;

/**
 * An id that sorts in the order ids were made: the store lists rows by key,
 * and the ARR history replays same-day changes in the order they are listed.
 */
export function newOrderedId(prefix: string, now: Date): string {
  sequence = (sequence + 1) % 36 ** 4;
  return `${prefix}_${now.getTime().toString(36).padStart(9, '0')}${sequence.toString(36).padStart(4, '0')}_${crypto.randomUUID()}`;
}
