import type { DataPort, ImportSummary } from '../core/model';
import { generateDemoPortfolio, type DemoOptions } from './generate';

export const DEFAULT_DEMO_SEED = 20240611;
export const DEFAULT_DEMO_ACCOUNTS = 60;

/**
 * Loads the demo portfolio only into a store without accounts. It merges
 * rather than replaces, so even a write landing between the check and the
 * load is kept.
 */
export async function seedDemoIfEmpty(
  port: DataPort,
  options: Partial<DemoOptions> = {},
): Promise<{ seeded: false } | { seeded: true; summary: ImportSummary }> {
  const page = await port.listAccounts({ limit: 1 });
  if (page.total > 0) return { seeded: false };
  const bundle = generateDemoPortfolio({
    seed: options.seed ?? DEFAULT_DEMO_SEED,
    accounts: options.accounts ?? DEFAULT_DEMO_ACCOUNTS,
    now: options.now ?? new Date(),
  });
  return { seeded: true, summary: await port.importAll(bundle, 'merge') };
}
