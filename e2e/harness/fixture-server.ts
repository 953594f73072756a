import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FIXTURE_RECORDS, FIXTURE_UNRELATED_URL } from '../../lib/demo/fixture-records';
import { FIXTURE_SCRIPT_FILE, FIXTURE_SCRIPT_PATH } from '../fixtures/generate';
import { makeCertificate } from './certs';

const FIXTURES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');

export interface FixtureServer {
  port: number;
  /** Every host name the server answers for; the browser maps exactly these to it. */
  hosts: string[];
  /** Serve `file` (a name under e2e/fixtures) for every path on `host`, e.g. a custom CRM domain. */
  addHost(host: string, file: string): void;
  close(): Promise<void>;
}

/**
 * Serves each platform's single-page fixture for any path on that platform's
 * host, as the real CRMs serve their app shell for every route.
 */
export async function startFixtureServer(
  extraHosts: Record<string, string> = {},
  opts: {
    port?: number;
    /** A Content-Security-Policy for every page, as strict CRMs send (Seamline's content script must work under it). */
    csp?: string;
  } = {},
): Promise<FixtureServer> {
  const files = new Map<string, string>();
  for (const r of FIXTURE_RECORDS) files.set(r.host, `${r.platform}.html`);
  files.set(new URL(FIXTURE_UNRELATED_URL).hostname, 'unrelated.html');
  for (const [host, file] of Object.entries(extraHosts)) files.set(host, file);

  const { key, cert } = makeCertificate([...files.keys(), 'custom-crm.example.net', 'crm.acme-corp.example']);
  const server: Server = createServer({ key, cert }, async (req, res) => {
    const host = (req.headers.host ?? '').replace(/:\d+$/, '');
    const file = files.get(host);
    if (!file || (req.url ?? '').startsWith('/favicon')) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    try {
      const script = (req.url ?? '').split('?')[0] === FIXTURE_SCRIPT_PATH;
      const body = await readFile(script ? FIXTURE_SCRIPT_FILE : join(FIXTURES_DIR, file));
      const type = script ? 'text/javascript' : 'text/html; charset=utf-8';
      res
        .writeHead(200, { 'content-type': type, 'cache-control': 'no-store', ...(opts.csp ? { 'content-security-policy': opts.csp } : {}) })
        .end(body);
    } catch {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`missing fixture ${file}`);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    get hosts() {
      return [...files.keys()];
    },
    addHost(host, file) {
      files.set(host, file);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
