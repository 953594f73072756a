// @vitest-environment node
import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiErrorBodySchema, ROUTES, paths, type RouteName } from '../lib/core/http-contract';
import { emptyExportBundle } from '../lib/core/model';
import { dashboardSettingsOf, DEFAULT_SETTINGS } from '../lib/core/domain';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import {
  PG_SKIP_MESSAGE,
  accountDraft,
  client,
  commitmentDraft,
  flagDraft,
  hasPostgres,
  makeToken,
  startServer,
  testDatabases,
} from '../test/server';

// Every route the served OpenAPI document lists, attacked from another
// workspace and with roles that may not act: malformed, oversized and
// unstorable input must never produce a 5xx, and nothing of the victim
// workspace may appear in any answer.

if (!hasPostgres) describe.skip(PG_SKIP_MESSAGE, () => it.skip('fuzz every route on PostgreSQL', () => {}));

const RUNS_PER_ROUTE = 40;
/** Percent-encodes like encodeURIComponent, but writes a lone surrogate as the (invalid) UTF-8 a careless client would send. */
/** A stream (the live feed) never ends: its opening is what the request got. */
async function bodyText(res: Response): Promise<string> {
  if (!res.headers.get('content-type')?.startsWith('text/event-stream') || !res.body) return res.text();
  const reader = res.body.getReader();
  const first = await reader.read();
  await reader.cancel();
  return new TextDecoder().decode(first.value ?? new Uint8Array());
}

function encodeAnything(s: string): string {
  return Array.from(s, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      const c = ch.charCodeAt(0);
      return [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)].map((b) => `%${b.toString(16).toUpperCase()}`).join('');
    }
  }).join('');
}

const mark = () => `zq${randomBytes(6).toString('hex')}`;

const HOSTILE_STRINGS = [
  '\u0000',
  'a\u0000b',
  '\uD800',
  'x\uDFFFy',
  '😀'.slice(0, 1),
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE accounts; --",
  '%_\\',
  '../../etc/passwd',
  ' ',
  '',
  '🚀 ünïcødé',
  '9'.repeat(400),
];
const hostileString = fc.oneof(
  fc.constantFrom(...HOSTILE_STRINGS),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.nat({ max: 300_000 }).map((n) => 'x'.repeat(n)),
);
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, -1, 0, 1.5, 2 ** 31, 2 ** 53, -(2 ** 53), 1e308, [], {}, ['\u0000'], { '\u0000': 1 }),
  // A length zod's own checks cannot compare.
  fc.constant({ length: { valueOf: 1, toString: 1 } }),
  fc.jsonValue({ maxDepth: 3 }),
);

// A plausible body per write route, so mutations reach the deeper checks instead of failing on shape alone.
function template(name: RouteName): Record<string, unknown> {
  const ref = { platform: 'hubspot', host: 'app.hubspot.com', objectType: 'company', kind: 'account', recordId: '77' };
  switch (name) {
    case 'createAccount':
      return accountDraft();
    case 'patchAccount':
      return { arr: 5, industry: 'Retail' };
    case 'linkRecord':
      return ref;
    case 'resolve':
      return { ...ref, name: 'Acme', websiteDomain: 'acme.example' };
    case 'addSnapshot':
      return { date: '2026-01-05', adoptionPct: 40 };
    case 'createCommitment':
      return commitmentDraft(null);
    case 'patchCommitment':
      return { status: 'delivered' };
    case 'createFlag':
      return flagDraft(null);
    case 'patchFlag':
      return { resolved: true, resolvedBy: 'Ana' };
    case 'putHandoffAnswer':
      return { done: true, by: 'Ana', note: 'ok' };
    case 'requestApproval':
      return { requestedBy: 'Ana', reason: 'logo', tradeOffs: 'sso' };
    case 'decideApproval':
      return { status: 'approved', decidedBy: 'Vic' };
    case 'createToken':
      return { name: 'Bot', role: 'member' };
    case 'dashboard':
      return { filter: { from: '2026-01-01', to: '2026-06-30' }, settings: dashboardSettingsOf(DEFAULT_SETTINGS) };
    case 'importAll': {
      const at = '2026-01-05T10:00:00.000Z';
      const account = { ...accountDraft(), id: 'imported-1', version: 1, createdAt: at, updatedAt: at };
      const commitment = { ...commitmentDraft('imported-1'), id: 'imported-c1', version: 1, createdAt: at, updatedAt: at };
      return { ...emptyExportBundle(at), accounts: [account], commitments: [commitment] };
    }
    default:
      return {};
  }
}

function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** [list, field] for every field of the first record of each list in a body. */
function nestedFields(body: Record<string, unknown>): Array<[string, string]> {
  return Object.entries(body).flatMap(([list, v]) =>
    Array.isArray(v) && v[0] && typeof v[0] === 'object' ? Object.keys(v[0] as object).map((field): [string, string] => [list, field]) : [],
  );
}

describe.each(testDatabases())('fuzzing every route of /openapi.json on $name', (database) => {
  let db: Db;
  let dispose: () => Promise<void>;
  let server: RunningServer;
  const secrets: string[] = [];
  const victim: Record<string, string> = {};
  let victimToken: string;

  beforeAll(async () => {
    ({ db, dispose } = await database.open());
    server = await startServer(db, { rateLimitPerMinute: Number.POSITIVE_INFINITY, authFailuresPerMinute: Number.POSITIVE_INFINITY });
    victimToken = await makeToken(db, 'victim', 'admin');
    const v = client(server.url, victimToken);
    const s = Array.from({ length: 6 }, mark);
    secrets.push(...s);
    const account = (await v.post(paths.accounts(), accountDraft({ name: `Victim ${s[0]}`, industry: s[1] }))).body;
    const linked = await v.post(paths.accountLinks(account.id), {
      platform: 'hubspot',
      host: 'app.hubspot.com',
      objectType: 'company',
      kind: 'account',
      recordId: '77',
    });
    expect(linked.status).toBe(200);
    const commitment = (await v.post(paths.commitments(), commitmentDraft(account.id, { text: `Promise ${s[2]}` }))).body;
    const flag = (await v.post(paths.flags(), flagDraft(account.id, { note: `Flag ${s[3]}` }))).body;
    expect((await v.put(paths.handoffItem(account.id, 'kickoff'), { done: true, by: 'Ana', note: s[4] })).status).toBe(200);
    expect((await v.post(paths.approval(account.id), { requestedBy: 'Ana', reason: `Reason ${s[5]}`, tradeOffs: 'x' })).status).toBe(201);
    const tokens = (await v.get(paths.tokens())).body.items as Array<{ id: string }>;
    Object.assign(victim, { account: account.id, commitment: commitment.id, flag: flag.id, token: tokens[0]!.id });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    await dispose?.();
  });

  it('answers every malformed, oversized, unstorable, cross-workspace and wrong-role request without a 5xx or a leak', async () => {
    const doc = (await client(server.url, null).get('/openapi.json')).body as {
      paths: Record<string, Record<string, { operationId: string; responses: Record<string, unknown> }>>;
    };
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        path,
        method: method.toUpperCase(),
        name: op.operationId as RouteName,
        documented: new Set(Object.keys(op.responses)),
      })),
    );
    expect(operations.map((o) => o.name).sort()).toEqual(Object.keys(ROUTES).sort());

    const attacker = {
      admin: await makeToken(db, 'attacker', 'admin'),
      member: await makeToken(db, 'attacker', 'member'),
      'read-only': await makeToken(db, 'attacker', 'read-only'),
    };
    const before = (await client(server.url, victimToken).get(paths.accountContext(victim.account!))).body;
    // The attacker's own records, so hostile bodies also reach the checks behind a valid path.
    const own = client(server.url, attacker.member);
    const ownAccount = (await own.post(paths.accounts(), accountDraft())).body.id as string;
    const ownCommitment = (await own.post(paths.commitments(), commitmentDraft(ownAccount))).body.id as string;
    const ownFlag = (await own.post(paths.flags(), flagDraft(ownAccount))).body.id as string;
    const ownPaths = [ownAccount, ownCommitment, ownFlag];
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let requests = 0;

    for (const op of operations) {
      const def = ROUTES[op.name];
      const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
      const pathValue = fc.oneof(
        fc.constantFrom(...ownPaths),
        fc.constantFrom(...Object.values(victim), 'kickoff', 'missing', '%00', '%ED%A0%80', '%E0%A4%A', '..%2F..', '%F0%9F%9A%80', 'a'.repeat(3000)),
        fc
          .string({ unit: 'grapheme', minLength: 1, maxLength: 20 })
          // "." and ".." segments are resolved by the client before sending: they name another route.
          .filter((v) => !/^\.+$/.test(v))
          .map(encodeAnything),
      );
      const queryValue = fc.oneof(
        hostileString.map((x) => encodeAnything(x.slice(0, 3000))),
        fc.constantFrom('%00', '%ZZ', '%ED%A0%80', '-1', '1e9', '5', 'merge', 'replace', 'commitment'),
      );
      const body = fc.oneof(
        {
          weight: 3,
          arbitrary: fc
            .tuple(fc.constantFrom(...Object.keys(template(op.name)), 'accounts', 'extra'), hostileValue)
            .map(([k, v]) => JSON.stringify({ ...template(op.name), [k]: v })),
        },
        // One field of a record nested in the body (import bundles), everything else valid.
        ...nestedFields(template(op.name)).map(([list, field]) => ({
          weight: 1,
          arbitrary: hostileValue.map((v) => {
            const body = structuredClone(template(op.name)) as Record<string, Array<Record<string, unknown>>>;
            body[list]![0]![field] = v;
            return JSON.stringify(body);
          }),
        })),
        { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
        { weight: 1, arbitrary: fc.constantFrom('{', '{"a":', 'null', '"\\ud800"', '{"text":"\\u0000"}', '[]', 'x'.repeat(1_100_000)) },
      );
      const who = fc.constantFrom<keyof typeof attacker | 'none' | 'garbage'>('admin', 'admin', 'member', 'member', 'read-only', 'none', 'garbage');
      const request = fc.record({
        who,
        params: fc.tuple(...params.map(() => pathValue)),
        query: fc.oneof(
          fc.constant<Array<[string, string]>>([]),
          fc
            .array(fc.tuple(fc.constantFrom('limit', 'cursor', 'search', 'entity', 'id', 'mode'), queryValue), { maxLength: 3 })
            .map((q): Array<[string, string]> => q),
        ),
        body,
        ifMatch: fc.oneof(fc.constant(undefined), fc.constantFrom('"1"', '"1"', '"2"', 'W/"1"', '*', '"0"', '"99999999999999999999"', '\u00ff')),
        key: fc.oneof(
          { weight: 3, arbitrary: fc.constant(undefined) },
          { weight: 1, arbitrary: fc.constantFrom('short', 'fuzz key with spaces', 'k'.repeat(300)) },
          { weight: 2, arbitrary: fc.uuid().map((u) => `fuzz-${u}`) },
        ),
      });

      await fc.assert(
        fc.asyncProperty(request, async (r) => {
          let path = op.path;
          params.forEach((p, i) => (path = path.replace(`{${p}}`, r.params[i]!)));
          const qs = r.query.map(([k, v]) => `${k}=${v}`).join('&');
          const headers: Record<string, string> = {};
          if (r.who === 'garbage') headers.authorization = 'Bearer sl_not-a-token';
          else if (r.who !== 'none') headers.authorization = `Bearer ${attacker[r.who]}`;
          if (r.ifMatch !== undefined) headers['if-match'] = r.ifMatch;
          if (r.key !== undefined) headers['idempotency-key'] = r.key;
          const hasBody = op.method !== 'GET' && op.method !== 'DELETE';
          if (hasBody) headers['content-type'] = 'application/json';
          const url = `${server.url}${path}${qs ? `?${qs}` : ''}`;
          requests++;
          const res = await fetch(url, { method: op.method, headers, body: hasBody ? r.body : undefined });
          const text = await bodyText(res);
          const label = `${op.method} ${path}${qs ? `?${qs}` : ''} as ${r.who} → ${res.status}`;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          if (res.status >= 500) failures.push(`${label}: ${text.slice(0, 200)}`);
          // What clients generated from the document are told to expect is what they get.
          if (!op.documented.has(String(res.status))) failures.push(`${label}: status not in the document for ${op.name}`);
          if (res.status >= 400 && !ApiErrorBodySchema.safeParse(jsonOrText(text)).success)
            failures.push(`${label}: error body not in the one error shape`);
          const leaked = secrets.find((s) => text.includes(s));
          if (leaked) failures.push(`${label} leaked victim data`);
          if (r.who === 'read-only' && def.auth !== 'read' && def.auth !== 'none' && res.status !== 403)
            failures.push(`${label}: read-only was not refused`);
          if (r.who === 'member' && def.auth === 'admin' && res.status !== 403) failures.push(`${label}: member was not refused`);
          if ((r.who === 'none' || r.who === 'garbage') && def.auth !== 'none' && res.status !== 401)
            failures.push(`${label}: not refused without a valid token`);
        }),
        { numRuns: RUNS_PER_ROUTE, endOnFailure: true },
      );
    }

    expect(failures).toEqual([]);
    // The attack reached past authentication and validation often enough to mean something.
    expect((statuses.get(200) ?? 0) + (statuses.get(201) ?? 0)).toBeGreaterThan(operations.length * 2);
    expect(requests).toBe(operations.length * RUNS_PER_ROUTE);
    // The victim workspace is exactly as it was.
    expect((await client(server.url, victimToken).get(paths.accountContext(victim.account!))).body).toEqual(before);
  }, 120_000);
});
