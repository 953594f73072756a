import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { waitFor } from './browser';

/**
 * A virtual X display for the few tests that need what only a headed
 * Chromium does — the browser's own permission dialog, extension keyboard
 * shortcuts — driven by real key events from xdotool. Nothing appears on any
 * screen; the tests still need no person and stop by themselves.
 */
export async function startVirtualDisplay(): Promise<{ stop(): void }> {
  if (process.env.DISPLAY) return { stop() {} };
  const missing = ['Xvfb', 'xdotool'].filter((bin) => !['/usr/bin', '/usr/local/bin'].some((d) => existsSync(`${d}/${bin}`)));
  if (missing.length) throw new Error(`this test needs ${missing.join(' and ')} (Debian: apt-get install -y xvfb xdotool)`);
  let display = 90 + Math.floor(Math.random() * 100);
  while (existsSync(`/tmp/.X11-unix/X${display}`)) display++;
  const xvfb: ChildProcess = spawn('Xvfb', [`:${display}`, '-screen', '0', '1400x900x24', '-nolisten', 'tcp'], { stdio: 'ignore' });
  await waitFor(() => existsSync(`/tmp/.X11-unix/X${display}`), { timeout: 10_000, what: 'the virtual display' });
  process.env.DISPLAY = `:${display}`;
  return {
    stop() {
      xvfb.kill();
      delete process.env.DISPLAY;
    },
  };
}
