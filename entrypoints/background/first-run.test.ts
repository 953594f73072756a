import { describe, expect, it, vi } from 'vitest';
import type { Runtime } from 'webextension-polyfill';
import { registerFirstRun, WELCOME_PATH } from './first-run';

function fakeApi() {
  const listeners: Array<(d: Runtime.OnInstalledDetailsType) => void> = [];
  const create = vi.fn(async () => ({}));
  registerFirstRun({
    runtime: { onInstalled: { addListener: (l) => listeners.push(l) }, getURL: (p) => `chrome-extension://abc${p}` },
    tabs: { create },
  });
  const fire = (reason: Runtime.OnInstalledReason) => listeners.forEach((l) => l({ reason, temporary: false }));
  return { create, fire };
}

describe('first run', () => {
  it('opens the first-run page when the extension is installed', () => {
    const { create, fire } = fakeApi();
    fire('install');
    expect(create).toHaveBeenCalledWith({ url: `chrome-extension://abc${WELCOME_PATH}` });
  });

  it.each(['update', 'browser_update'] as const)('stays quiet on %s', (reason) => {
    const { create, fire } = fakeApi();
    fire(reason);
    expect(create).not.toHaveBeenCalled();
  });

  it('survives a refused tab', async () => {
    const { create, fire } = fakeApi();
    create.mockRejectedValueOnce(new Error('no window'));
    expect(() => fire('install')).not.toThrow();
    await Promise.resolve();
  });
});
