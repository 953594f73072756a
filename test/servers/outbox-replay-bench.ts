import 'fake-indexeddb/auto';
import { HttpBackend } from '../../lib/data/http';
import { Outbox } from '../../lib/data/outbox';
import { RECORDING_BACKEND_TOKEN, startRecordingBackend } from './recording-backend';

// Figures for `npm run bench`: how long queuing N offline writes takes, and
// how long replaying them over real HTTP takes once the backend is back.

export interface OutboxReplayFigures {
  writes: number;
  enqueueMs: number;
  replayMs: number;
  replayPerWriteMs: number;
  appliedOnce: boolean;
}

export async function measureOutboxReplay(writes = 1000): Promise<OutboxReplayFigures> {
  const server = await startRecordingBackend();
  const http = new HttpBackend({ baseUrl: server.url, token: RECORDING_BACKEND_TOKEN, retries: 0, timeoutMs: 10_000 });
  const outbox = new Outbox({ target: http, dbName: `outbox-bench-${Date.now()}`, autoRetry: false });
  try {
    await server.down();
    const t0 = performance.now();
    for (let i = 0; i < writes; i++) {
      await outbox.enqueue('createCommitment', [
        { accountId: 'acc-1', text: `promise ${i}`, kind: 'other', status: 'open', roadmapStatus: 'unknown', createdBy: 'Bench' },
      ]);
    }
    const enqueueMs = performance.now() - t0;
    await server.up();
    const t1 = performance.now();
    const result = await outbox.flush();
    const replayMs = performance.now() - t1;
    const keys = new Set(server.applied.map((a) => a.key));
    return {
      writes,
      enqueueMs,
      replayMs,
      replayPerWriteMs: replayMs / writes,
      appliedOnce: result.sent === writes && server.applied.length === writes && keys.size === writes,
    };
  } finally {
    outbox.dispose();
    await server.close();
  }
}

if (process.argv[1]?.endsWith('outbox-replay-bench.ts')) {
  void measureOutboxReplay(Number(process.argv[2] ?? 1000)).then((f) => console.log(JSON.stringify(f)));
}
