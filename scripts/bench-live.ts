// Live updates across the team: two browser profiles on one reference server,
// the panel open in profile B. Each edit is a commitment written through
// profile A's extension; the figure is the time from A sending it to its text
// painted in B's open panel (no reload, no focus).
import { panelFrame } from '../e2e/harness/extension';
import { startLiveTeam } from '../e2e/harness/live-team';
import { percentile, row, type BenchRow } from './bench-lib';

const EDITS = 20;
const BUDGET_P95_MS = 2_000;

export async function measureLiveUpdates(): Promise<BenchRow[]> {
  const team = await startLiveTeam();
  const times: number[] = [];
  try {
    const [ae, csm] = team.profiles;
    const panel = await team.panelOnRecord(csm);
    const frame = await panelFrame(panel);
    await frame
      .getByText(/Commitments/i)
      .first()
      .waitFor({ timeout: 30_000 });
    // One page of A's stays open to send from, so opening it is not counted.
    const sender = await ae.context.newPage();
    await sender.goto(`chrome-extension://${ae.extensionId}/popup.html`);
    for (let i = 0; i < EDITS; i++) {
      const text = `Live bench edit ${i}: ${Math.random().toString(36).slice(2, 8)}`;
      const draft = {
        accountId: team.accountId,
        text,
        kind: 'integration',
        status: 'open',
        roadmapStatus: 'on-roadmap',
        createdBy: 'Ana AE',
      };
      const t0 = performance.now();
      const reply = (await sender.evaluate(
        (args) => chrome.runtime.sendMessage({ channel: 'seamline', type: 'data', method: 'createCommitment', args }),
        [draft],
      )) as { ok?: boolean };
      if (!reply?.ok) throw new Error(`the write in profile A failed: ${JSON.stringify(reply)}`);
      await frame.waitForFunction((t) => document.body.innerText.includes(t), text, { timeout: 30_000, polling: 20 });
      times.push(performance.now() - t0);
    }
  } finally {
    await team.close();
  }
  times.sort((a, b) => a - b);
  return [
    row(`live update: write in profile A → painted in B's open panel (${EDITS} edits), median`, percentile(times, 50), 'ms', null),
    row('live update: write in A → painted in B, p95', percentile(times, 95), 'ms', BUDGET_P95_MS),
  ];
}

// Run on its own: `npx tsx scripts/bench-live.ts`.
if (import.meta.url === `file://${process.argv[1]}`) {
  void measureLiveUpdates().then(
    async (rows) => (await import('./bench-lib')).printTable(rows),
    (e: unknown) => {
      console.error(e);
      process.exitCode = 1;
    },
  );
}
