import { spawn, type ChildProcess } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { CHROMIUM } from './browser';

/**
 * A minimal DevTools client for Chromium over `--remote-debugging-pipe`: the
 * browser reads commands on its fd 3 and writes replies and events on its fd
 * 4, each message one JSON text ended by a NUL byte. Sessions are flat: a
 * command for a target carries the `sessionId` that `Target.attachToTarget
 * { flatten: true }` gave.
 *
 * It attaches to nothing it is not asked to (it never turns on
 * `Target.setAutoAttach`), unlike Playwright, which attaches to every new
 * frame's process, pauses it until attached and restyles it: timings taken
 * through it are what a person's browser does.
 */

/** What `Target.getTargets` says of one target. */
export interface TargetInfo {
  targetId: string;
  type: string;
  title: string;
  url: string;
  attached: boolean;
  /** The target this one lives in (an `iframe` target's page). */
  parentId?: string;
  /** The frame holding an `iframe` target. */
  parentFrameId?: string;
}

interface RemoteObject {
  type: string;
  value?: unknown;
  description?: string;
}

/** The commands this client sends, with their parameters and results (a subset of the DevTools protocol). */
export interface Commands {
  'Browser.getVersion': { params: Record<string, never>; result: { product: string } };
  'Browser.close': { params: Record<string, never>; result: Record<string, never> };
  'Browser.getWindowForTarget': { params: { targetId: string }; result: { windowId: number; bounds: { width?: number; height?: number } } };
  'Browser.setWindowBounds': { params: { windowId: number; bounds: { width: number; height: number } }; result: Record<string, never> };
  'Target.getTargets': { params: Record<string, never>; result: { targetInfos: TargetInfo[] } };
  'Target.createTarget': { params: { url: string }; result: { targetId: string } };
  'Target.closeTarget': { params: { targetId: string }; result: { success: boolean } };
  'Target.attachToTarget': { params: { targetId: string; flatten: true }; result: { sessionId: string } };
  'Target.detachFromTarget': { params: { sessionId: string }; result: Record<string, never> };
  'Page.navigate': { params: { url: string }; result: { frameId: string; errorText?: string } };
  'Page.bringToFront': { params: Record<string, never>; result: Record<string, never> };
  'Runtime.evaluate': {
    params: { expression: string; awaitPromise?: boolean; returnByValue?: boolean };
    result: { result: RemoteObject; exceptionDetails?: { text: string; exception?: RemoteObject } };
  };
  'HeapProfiler.collectGarbage': { params: Record<string, never>; result: Record<string, never> };
  'Memory.getDOMCounters': { params: Record<string, never>; result: { documents: number; nodes: number; jsEventListeners: number } };
}

export type Method = keyof Commands;

/** Splits the browser's output into messages: NUL-ended UTF-8 JSON texts, which may arrive cut anywhere (inside a character too). */
export class NulFramer {
  private pending: Buffer[] = [];

  /** The messages the chunk completes, in order; what follows the last NUL is kept for the next chunk. */
  push(chunk: Buffer): string[] {
    const out: string[] = [];
    let start = 0;
    for (let end = chunk.indexOf(0, start); end >= 0; end = chunk.indexOf(0, start)) {
      this.pending.push(chunk.subarray(start, end));
      out.push(Buffer.concat(this.pending).toString('utf8'));
      this.pending = [];
      start = end + 1;
    }
    if (start < chunk.length) this.pending.push(chunk.subarray(start));
    return out;
  }
}

/** One command as it goes to the browser: its JSON text and the NUL that ends it. */
export const frame = (message: { id: number; method: string; params?: object; sessionId?: string }): Buffer =>
  Buffer.concat([Buffer.from(JSON.stringify(message), 'utf8'), Buffer.from([0])]);

interface Incoming {
  id?: number;
  method?: string;
  params?: unknown;
  sessionId?: string;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface PipeBrowser {
  /** Sends a command (to the browser, or to an attached target's `sessionId`) and gives its result; rejects after `timeout` ms. */
  send<M extends Method>(
    method: M,
    params: Commands[M]['params'],
    options?: { sessionId?: string; timeout?: number },
  ): Promise<Commands[M]['result']>;
  /**
   * Evaluates an expression in an attached target and gives its value
   * (promises awaited); an exception thrown there rejects with its text.
   */
  evaluate<T>(sessionId: string, expression: string, timeout?: number): Promise<T>;
  targets(): Promise<TargetInfo[]>;
  /** Attaches to a target for the length of `during`, and detaches whatever happens. */
  withSession<T>(targetId: string, during: (sessionId: string) => Promise<T>): Promise<T>;
  /** Closes the browser (Browser.close, then SIGKILL if it has not gone within a few seconds). */
  close(): Promise<void>;
}

const COMMAND_TIMEOUT_MS = 30_000;
const CLOSE_TIMEOUT_MS = 5_000;

export interface PipeLaunchOptions {
  /** Chromium's switches (`--user-data-dir` and the rest); `--remote-debugging-pipe` is added. */
  args: string[];
  /** How long the browser has to answer its first command. */
  timeout?: number;
}

/** Starts Chromium speaking DevTools over its fds 3 and 4. The browser is closed again if it does not come up. */
export async function launchPipeBrowser(opts: PipeLaunchOptions): Promise<PipeBrowser> {
  const child = spawn(CHROMIUM, [...opts.args, '--remote-debugging-pipe'], { stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe'] });
  const browser = pipeBrowser(child);
  try {
    await browser.send('Browser.getVersion', {}, { timeout: opts.timeout ?? 20_000 });
    return browser;
  } catch (e) {
    await browser.close();
    throw e;
  }
}

function pipeBrowser(child: ChildProcess): PipeBrowser {
  const toBrowser = child.stdio[3] as Writable;
  const fromBrowser = child.stdio[4] as Readable;
  // Chromium writes its log to stderr: it must be read or the browser blocks
  // on a full pipe; the end of it explains a browser that went away.
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString('utf8')).slice(-4_000);
  });
  // A browser that could not be started reports an error and never exits.
  const exited = new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    child.once('error', () => resolve());
  });
  // The browser stays with this process: it is killed if Node exits first.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  let nextId = 0;
  let gone: Error | null = null;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  const framer = new NulFramer();
  fromBrowser.on('data', (chunk: Buffer) => {
    for (const text of framer.push(chunk)) {
      let message: Incoming;
      try {
        message = JSON.parse(text) as Incoming;
      } catch {
        fail(new Error(`the browser sent a message that is not JSON: ${text.slice(0, 200)}`));
        return;
      }
      // Events are not used: every wait polls for a state.
      if (message.id === undefined) continue;
      const waiting = pending.get(message.id);
      if (!waiting) continue;
      pending.delete(message.id);
      if (message.error) waiting.reject(new Error(message.error.message));
      else waiting.resolve(message.result);
    }
  });
  const fail = (e: Error) => {
    gone ??= e;
    for (const p of pending.values()) p.reject(gone);
    pending.clear();
  };
  child.once('exit', (code, signal) => fail(new Error(`the browser exited (${signal ?? code})${log ? `:\n${log.slice(-1_000)}` : ''}`)));
  child.once('error', fail);
  toBrowser.on('error', fail);
  fromBrowser.on('error', fail);

  const send: PipeBrowser['send'] = (method, params, options = {}) => {
    if (gone) return Promise.reject(gone);
    const id = ++nextId;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${method} got no answer within ${options.timeout ?? COMMAND_TIMEOUT_MS} ms`));
      }, options.timeout ?? COMMAND_TIMEOUT_MS);
      pending.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as Commands[typeof method]['result']);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(new Error(`${method}: ${e.message}`));
        },
      });
      toBrowser.write(frame({ id, method, params, ...(options.sessionId ? { sessionId: options.sessionId } : {}) }));
    });
  };

  const browser: PipeBrowser = {
    send,
    async evaluate<T>(sessionId: string, expression: string, timeout?: number) {
      const { result, exceptionDetails } = await send(
        'Runtime.evaluate',
        { expression, awaitPromise: true, returnByValue: true },
        { sessionId, timeout },
      );
      if (exceptionDetails) throw new Error(`evaluation failed: ${exceptionDetails.exception?.description ?? exceptionDetails.text}`);
      return result.value as T;
    },
    async targets() {
      return (await send('Target.getTargets', {})).targetInfos;
    },
    async withSession(targetId, during) {
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      try {
        return await during(sessionId);
      } finally {
        // A target that went meanwhile (a released frame) has no session left to end.
        await send('Target.detachFromTarget', { sessionId }).catch(() => undefined);
      }
    },
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        await send('Browser.close', {}, { timeout: CLOSE_TIMEOUT_MS }).catch(() => undefined);
        let timer: ReturnType<typeof setTimeout> | undefined;
        const closed = await Promise.race([
          exited.then(() => true),
          new Promise<false>((r) => (timer = setTimeout(() => r(false), CLOSE_TIMEOUT_MS))),
        ]);
        clearTimeout(timer);
        if (!closed) {
          child.kill('SIGKILL');
          await exited;
        }
      }
      process.off('exit', killOnExit);
    },
  };
  return browser;
}
