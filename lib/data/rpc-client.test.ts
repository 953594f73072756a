import { describe, expect, it, vi } from 'vitest';
import type { DataRequest } from '../core/messages/data-calls';
import { LOCAL_CONNECTION } from '../core/sync';
import { createDataClient } from './rpc-client';

// Which method schemas a page has built, seen through the modules that hold them.
const built = vi.hoisted(() => new Set<string>());
vi.mock('../core/messages/record-methods', async (importOriginal) => {
  built.add('record');
  return importOriginal();
});
vi.mock('../core/messages/dashboard-methods', async (importOriginal) => {
  built.add('dashboard');
  return importOriginal();
});

const status = {
  source: 'local',
  pendingWrites: 0,
  conflicts: [],
  lastError: null,
  connection: LOCAL_CONNECTION,
};

describe('the pages’ data client', () => {
  it('asks the status with no method schemas built, and builds each kind’s when one of them is first called', async () => {
    const sent: DataRequest[] = [];
    const client = createDataClient(async (message) => {
      sent.push(message);
      if (message.method === 'status') return { ok: true, value: status, source: 'local' };
      if (message.method === 'getAccountContext') return { ok: true, value: null, source: 'local' };
      return { ok: false, error: { kind: 'server', message: 'not here' } };
    });

    await expect(client.status()).resolves.toEqual(status);
    expect([...built]).toEqual([]);

    await expect(client.getAccountContext('a1')).resolves.toBeNull();
    expect([...built]).toEqual(['record']);

    await expect(client.getDashboardAgenda({ from: '2026-01-01', to: '2026-03-31' })).rejects.toThrow('not here');
    expect([...built]).toEqual(['record', 'dashboard']);
    expect(sent.map((m) => m.method)).toEqual(['status', 'getAccountContext', 'getDashboardAgenda']);
  });

  it('checks the status reply like any other', async () => {
    const client = createDataClient(async () => ({ ok: true, value: { ...status, pendingWrites: -1 }, source: 'local' }));
    await expect(client.status()).rejects.toMatchObject({ kind: 'schema' });
  });
});
