import type { z } from 'zod';
import { safeParseOf } from '../../lib/core/parse';
import type { Role } from '../../lib/core/http-contract';
import { AccountSummarySchema, type AccountSummary } from '../../lib/core/model';
import { isStorableText, type Account, type HandoffAnswer, type HandoffAnswers } from '../../lib/core/domain';
import type { Queryable } from '../base/db';
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

/** How a table takes records in bulk (`putRows`). */
export interface BulkRows<T> {
  // The table and its columns.
  into: string;
  // Each column's value, from `e` (one record as jsonb) and `$1` (the workspace).
  select: string;
  // The statement's ON CONFLICT clause.
  conflict: string;
  // What the conflict is on: of records with the same key, the last is written.
  key: (record: T) => string;
}

// Records per statement: a large import's parameter stays a few megabytes.
const BULK_ROWS = 2_000;

/**
 * Writes `records` with one statement per `BULK_ROWS` of them, in their order:
 * an import brings tens of thousands, and a statement each was most of its
 * time. Of records with the same key the last is written, at the first one's
 * place (one statement may not update a row twice), as writing them in turn
 * would leave the table.
 */
export async function putRows<T>(q: Queryable, workspace: string, records: readonly T[], table: BulkRows<T>): Promise<void> {
  const byKey = new Map<string, T>();
  for (const r of records) byKey.set(table.key(r), r);
  const rows = [...byKey.values()];
  for (let i = 0; i < rows.length; i += BULK_ROWS) {
    await q.query(
      `INSERT INTO ${table.into} SELECT ${table.select} FROM jsonb_array_elements($2::jsonb) WITH ORDINALITY AS r(e, n) ORDER BY n ${table.conflict}`,
      [workspace, JSON.stringify(rows.slice(i, i + BULK_ROWS))],
    );
  }
}

export function parseOrThrow<T extends z.ZodType>(schema: T, value: unknown, what: string): z.infer<T> {
  const r = safeParseOf(schema, value);
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
