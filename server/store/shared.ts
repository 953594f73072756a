import type { z } from 'zod';
import type { Role } from '../../lib/core/http-contract';
import { AccountSummarySchema, type AccountSummary } from '../../lib/core/model';
import { isStorableText, type Account, type HandoffAnswer, type HandoffAnswers } from '../../lib/core/domain';
import { ApiError, validationError } from '../base/errors';

// Helpers every resource module of the store shares: the caller identity,
// page shape, opaque cursors and parsing at the storage boundary.

export interface Actor {
  tokenId: string;
  name: string;
  workspace: string;
  role: Role;
  /** ISO time the token stops working; null = never. */
  expiresAt: string | null;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
  total: number;
}

export type DataRow<T> = { data: T };

export const nowIso = () => new Date().toISOString();

export function encodeCursor(parts: Array<string | number>): string {
  return Buffer.from(JSON.stringify(parts), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): Array<string> | null {
  if (!cursor) return null;
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parts) && parts.length === arity && parts.every((p) => typeof p === 'string' && isStorableText(p))) return parts as string[];
  } catch {
    // fall through to the error below
  }
  throw new ApiError('validation', 'cursor: not a cursor this server issued', { field: 'cursor' });
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw validationError(what, r.error);
  return r.data;
}

export function likePattern(s: string): string {
  return `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
}

export function summary(a: Account): AccountSummary {
  return AccountSummarySchema.parse(a);
}

export function stale(current: unknown): ApiError {
  return new ApiError('version-mismatch', 'the record changed since you read it; compare with the current version and retry', { current });
}

/** Handoff answer rows (ordered by account, then item) as one checklist per account. */
export function handoffOf(rows: readonly { account_id: string; item_id: string; data: HandoffAnswer }[]): HandoffAnswers[] {
  const handoff = new Map<string, HandoffAnswers>();
  for (const row of rows) {
    const h = handoff.get(row.account_id) ?? { accountId: row.account_id, answers: {} };
    h.answers[row.item_id] = row.data;
    handoff.set(row.account_id, h);
  }
  return [...handoff.values()];
}
