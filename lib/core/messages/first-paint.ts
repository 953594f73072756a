// zod's tree-shakable build: this is the one schema the framed panel's first
// script needs, and it must not bring the whole library into that script.
import * as z from 'zod/mini';
import { HEALTH_BANDS, HEALTH_UNKNOWN_REASONS } from '../domain/health-bands';

/**
 * What the framed panel paints before the rest of its code has loaded: the
 * linked account's name and its health score, worked out by the background
 * (the one reader of settings, so with the person's health weights) from the
 * context it read for the frame's first answer (`firstPaintOf`).
 */
export const FirstPaintSchema = z.object({
  accountName: z.string().check(z.minLength(1), z.maxLength(200)),
  health: z.discriminatedUnion('status', [
    z.object({
      status: z.literal('known'),
      score: z.number().check(z.int(), z.gte(0), z.lte(100)),
      band: z.enum(HEALTH_BANDS),
      asOf: z.iso.date(),
    }),
    z.object({ status: z.literal('unknown'), reason: z.enum(HEALTH_UNKNOWN_REASONS) }),
  ]),
});

/**
 * The part of the frame's first answer (`FrameCheckReplySchema`) the first
 * paint reads. The whole answer is parsed again, with the full contract, when
 * the panel starts.
 */
export const FirstPaintAnswerSchema = z.object({ crmPage: z.literal(true), firstPaint: FirstPaintSchema });

export type FirstPaint = z.infer<typeof FirstPaintSchema>;
export type FirstPaintAnswer = z.infer<typeof FirstPaintAnswerSchema>;
