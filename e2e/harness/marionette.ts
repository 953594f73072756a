import { connect, type Socket } from 'node:net';

/**
 * A minimal client for Marionette, Firefox's built-in WebDriver server (the
 * one geckodriver speaks to). Unlike WebDriver BiDi it can open the
 * extension's own moz-extension:// pages and step into the panel's frame, so
 * the Firefox tests can set up data the way the options page does and read
 * what the panel shows. Wire format: `<byte length>:<JSON>`; commands are
 * `[0, id, name, params]`, replies `[1, id, error, result]`.
 */
export class Marionette {
  private buffer = Buffer.alloc(0);
  private nextId = 0;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; name: string }>();
  private greeting?: (v: unknown) => void;
  private closed: Error | null = null;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      for (;;) {
        const colon = this.buffer.indexOf(0x3a);
        if (colon < 0) return;
        const length = Number(this.buffer.subarray(0, colon).toString('ascii'));
        if (this.buffer.length < colon + 1 + length) return;
        const packet = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8')) as unknown;
        this.buffer = this.buffer.subarray(colon + 1 + length);
        this.receive(packet);
      }
    });
    const fail = (e: Error) => {
      this.closed = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('Marionette connection closed')));
  }

  static async connect(port: number): Promise<Marionette> {
    const socket = connect(port, '127.0.0.1');
    const client = new Marionette(socket);
    await new Promise((resolve, reject) => {
      client.greeting = resolve;
      socket.once('error', reject);
    });
    return client;
  }

  private receive(packet: unknown) {
    if (!Array.isArray(packet)) {
      this.greeting?.(packet);
      return;
    }
    const [, id, error, result] = packet as [number, number, { error: string; message: string } | null, unknown];
    const waiting = this.pending.get(id);
    if (!waiting) return;
    this.pending.delete(id);
    if (error) waiting.reject(new Error(`${waiting.name}: ${error.error}: ${error.message}`));
    else waiting.resolve(result);
  }

  send<T = unknown>(name: string, params: Record<string, unknown> = {}): Promise<T> {
    if (this.closed) return Promise.reject(this.closed);
    const id = ++this.nextId;
    const body = Buffer.from(JSON.stringify([0, id, name, params]), 'utf8');
    this.socket.write(Buffer.concat([Buffer.from(`${body.length}:`, 'ascii'), body]));
    return new Promise<T>((resolve, reject) => this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, name }));
  }

  /** Runs `script` (a function body; `arguments` holds `args`) in the current context and returns its value. */
  async execute<T>(script: string, args: unknown[] = []): Promise<T> {
    const r = await this.send<{ value: T }>('WebDriver:ExecuteScript', { script, args });
    return r.value;
  }

  /** Like execute, for code that settles a promise: `script` is an async function body. */
  async executeAsync<T>(script: string, args: unknown[] = []): Promise<T> {
    const wrapped = `const done = arguments[arguments.length - 1];
      (async (...args) => { ${script} })(...Array.prototype.slice.call(arguments, 0, -1)).then(
        (value) => done({ ok: true, value }),
        (e) => done({ ok: false, error: String(e && e.message || e) }),
      );`;
    const r = await this.send<{ value: { ok: boolean; value?: T; error?: string } }>('WebDriver:ExecuteAsyncScript', { script: wrapped, args });
    if (!r.value?.ok) throw new Error(`script failed: ${r.value?.error ?? 'no result'}`);
    return r.value.value as T;
  }

  close() {
    this.socket.destroy();
  }
}
