// Shared by every `npm run bench` measurement: one row per figure, with its
// budget, printed as one table.
import type { ExportBundle } from '../lib/core/model';

export interface BenchRow {
  name: string;
  value: number;
  unit: string;
  /** A ceiling (or a floor, see below); null for figures printed for information only. */
  budget: number | null;
  /** The budget is a floor (e.g. throughput) rather than a ceiling. */
  floor?: boolean;
  pass: boolean;
}

export type Measurement = () => Promise<BenchRow[]>;

export function row(name: string, value: number, unit: string, budget: number | null): BenchRow {
  return { name, value, unit, budget, pass: budget === null || value <= budget };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i]!;
}

export function printTable(rows: readonly BenchRow[]): void {
  const fmt = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));
  const table = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.budget === null ? '' : `${r.floor ? '≥' : '≤'} ${fmt(r.budget)} ${r.unit}`,
    r.budget === null ? '' : r.pass ? 'ok' : 'OVER',
  ]);
  const header = ['measurement', 'value', 'budget', ''];
  const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join('  ')
      .trimEnd();
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const t of table) console.log(line(t));
}

// Everything in an export that belongs to one account.
const PER_ACCOUNT = ['accounts', 'snapshots', 'commitments', 'flags', 'handoff', 'approvals', 'arrChanges', 'milestones', 'stageChanges'] as const;
export const withoutRecords = (bundle: ExportBundle): ExportBundle => ({ ...bundle, ...Object.fromEntries(PER_ACCOUNT.map((k) => [k, []])) });

/**
 * An export cut into slices of `accountsPerSlice` accounts, each with every
 * record that belongs to them; records of no account go in the first slice.
 * Imported in order (the first with 'replace'), they give the whole export.
 */
export function slicesByAccount(bundle: ExportBundle, accountsPerSlice: number): ExportBundle[] {
  const chunkOf = new Map(bundle.accounts.map((a, i) => [a.id, Math.floor(i / accountsPerSlice)]));
  const chunks = Array.from({ length: Math.ceil(bundle.accounts.length / accountsPerSlice) }, () => withoutRecords(bundle));
  for (const key of PER_ACCOUNT) {
    for (const r of (bundle[key] ?? []) as { id?: string; accountId: string | null }[]) {
      const owner = key === 'accounts' ? r.id! : r.accountId;
      ((chunks[owner === null ? 0 : chunkOf.get(owner)!]![key] ??= []) as unknown[]).push(r);
    }
  }
  return chunks;
}
