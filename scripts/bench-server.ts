import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { paths } from '../lib/core/http-contract';
import { emptyExportBundle, type ExportBundle } from '../lib/core/model';
import { openPglite } from '../server/base/db';
import { client, makeToken, startServer } from '../test/server';
import { percentile } from './bench-lib';

export interface BenchResult {
  name: string;
  value: number;
  unit: string;
  /** For throughput a floor, for latency and errors a ceiling. */
  budget: number;
  pass: boolean;
}

const ACCOUNTS = 200;
const CLIENTS = 50;
const DURATION_MS = 5_000;

export function seedBundle(): ExportBundle {
  const at = '2026-01-10T09:00:00.000Z';
  const bundle = emptyExportBundle(at);
  for (let i = 0; i < ACCOUNTS; i++) {
    const id = `bench-${i}`;
    bundle.accounts.push({
      id,
      name: `Bench Account ${i}`,
      websiteDomain: `bench${i}.example`,
      segment: i % 3 === 0 ? 'enterprise' : 'mid-market',
      currency: 'USD',
      arr: 20_000 + i * 500,
      integrations: ['salesforce'],
      lifecycleStage: 'onboarding',
      crmRefs: [{ platform: 'salesforce', host: 'bench.my.salesforce.com', objectType: 'Account', kind: 'account', recordId: `001${i}` }],
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    for (let m = 0; m < 3; m++) {
      bundle.snapshots.push({ id: randomUUID(), accountId: id, date: `2026-0${m + 1}-01`, adoptionPct: 40 + m * 5, nps: 10, openTickets: 2 });
    }
    for (let c = 0; c < 4; c++) {
      bundle.commitments.push({
        id: randomUUID(),
        accountId: id,
        text: `Commitment ${c} for account ${i}`,
        kind: 'integration',
        status: 'open',
        roadmapStatus: 'on-roadmap',
        dueDate: '2026-06-01',
        createdBy: 'Bench AE',
        version: 1,
        createdAt: at,
        updatedAt: at,
      });
    }
    bundle.flags.push({
      id: randomUUID(),
      accountId: id,
      category: 'timeline',
      severity: 'medium',
      createdBy: 'Bench AE',
      resolved: false,
      version: 1,
      createdAt: at,
      updatedAt: at,
    });
    bundle.handoff.push({
      accountId: id,
      answers: Object.fromEntries(
        ['kickoff', 'sow', 'crm-access', 'success-plan'].map((item) => [item, { done: true, by: 'Bench CSM', at, version: 1 }]),
      ),
    });
  }
  return bundle;
}

/** 50 clients reading account contexts from the server on PGlite for about 5 s. */
export async function benchServer(): Promise<BenchResult[]> {
  const db = await openPglite();
  // The per-token rate limit would otherwise be what this measures.
  const server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY, maxImportBytes: 50 * 1024 * 1024 });
  try {
    const admin = client(server.url, await makeToken(db, 'bench', 'admin'));
    const seeded = await admin.post(paths.import('replace'), seedBundle());
    if (seeded.status !== 200) throw new Error(`seeding failed with ${seeded.status}`);
    const reader = client(server.url, await makeToken(db, 'bench', 'read-only'));

    const latencies: number[] = [];
    let errors = 0;
    const deadline = performance.now() + DURATION_MS;
    const start = performance.now();
    await Promise.all(
      Array.from({ length: CLIENTS }, async (_, worker) => {
        let n = worker;
        while (performance.now() < deadline) {
          const t0 = performance.now();
          try {
            const r = await reader.get(paths.accountContext(`bench-${(n * 7919) % ACCOUNTS}`));
            if (r.status !== 200 || r.body?.account?.id === undefined) errors++;
          } catch {
            errors++;
          }
          latencies.push(performance.now() - t0);
          n++;
        }
      }),
    );
    const elapsed = (performance.now() - start) / 1000;
    latencies.sort((x, y) => x - y);
    const throughput = Math.round((latencies.length / elapsed) * 10) / 10;
    const p95 = Math.round(percentile(latencies, 95) * 10) / 10;
    return [
      { name: 'server: account context reads (50 clients, PGlite)', value: throughput, unit: 'req/s', budget: 100, pass: throughput >= 100 },
      { name: 'server: account context p95 latency (50 clients, PGlite)', value: p95, unit: 'ms', budget: 1000, pass: p95 <= 1000 },
      { name: 'server: account context errors', value: errors, unit: 'count', budget: 0, pass: errors === 0 },
    ];
  } finally {
    await server.close();
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  benchServer().then(
    (results) => {
      for (const r of results) console.log(`${r.pass ? 'PASS' : 'FAIL'} ${r.name}: ${r.value} ${r.unit} (budget ${r.budget})`);
      process.exit(results.every((r) => r.pass) ? 0 : 1);
    },
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
