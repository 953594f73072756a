/**
 * Runs work one at a time per tab: what reads a tab's stored entry and writes
 * it back must not interleave with another such run for the same tab. A failed
 * run does not stop the next one; idle tabs leave nothing behind.
 */
export class PerTabQueue {
  private readonly queues = new Map<number, Promise<unknown>>();

  run<T>(tabId: number, f: () => Promise<T>): Promise<T> {
    const run = (this.queues.get(tabId) ?? Promise.resolve()).then(f, f);
    const settled = run.catch(() => undefined);
    this.queues.set(tabId, settled);
    void settled.then(() => {
      if (this.queues.get(tabId) === settled) this.queues.delete(tabId);
    });
    return run;
  }
}
