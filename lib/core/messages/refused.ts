import { z } from 'zod';

/**
 * What the router answers instead of a reply: the sender may not ask this, or
 * the request did not parse. Callers turn it into an error naming the field.
 * Apart from the contract's table (to-background.ts), so a page that makes
 * data calls only does not build every message's schemas to read a refusal.
 */
export const RefusedReplySchema = z.object({
  refused: z.literal(true),
  reason: z.enum(['forbidden', 'invalid']),
  message: z.string(),
  field: z.string().optional(),
});
export type RefusedReply = z.infer<typeof RefusedReplySchema>;
