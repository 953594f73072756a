// @vitest-environment node
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createConfig, lintFromString } from '@redocly/openapi-core';
import openapiTS, { astToString } from 'openapi-typescript';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '../lib/core/http-contract';
import type { RunningServer } from './app';
import type { Db } from './base/db';
import { openPglite } from './base/db';
import { startServer } from '../test/server';

// The document the server serves is what teams build clients from: it must
// pass Redocly's recommended rules, and a client generated from it must agree
// with the contract the extension and the server are built on.

let db: Db;
let server: RunningServer;
let doc: string;

beforeAll(async () => {
  db = await openPglite();
  server = await startServer(db);
  doc = await (await fetch(`${server.url}/openapi.json`)).text();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('the OpenAPI document', () => {
  it("passes Redocly's recommended lint with no error and no warning", async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lintFromString({ source: doc, absoluteRef: 'openapi.json', config });
    expect(problems.map((p) => `${p.severity} ${p.ruleId}: ${p.message} at ${p.location[0]?.pointer ?? ''}`)).toEqual([]);
  });

  it('gives a generated client whose requests and responses are exactly the contract', async () => {
    const generated = astToString(await openapiTS(doc));
    const dir = join(process.cwd(), 'node_modules', '.cache', 'seamline-openapi');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'openapi.d.ts'), generated);
    // Both directions for every route: what the generator says a response
    // (and a request body) is must be what the contract's schema infers.
    const checks = Object.entries(ROUTES).map(([name, def]) => {
      const op = `operations['${name}']`;
      const lines = [
        // A stream's document describes each event's data under its media type.
        `type ${name}Doc = ${op}['responses'][${def.status}]['content']['${'stream' in def ? def.stream : 'application/json'}'];`,
        `type ${name}Contract = z.output<(typeof ROUTES)['${name}']['response']>;`,
        `const ${name}A: ${name}Doc = {} as ${name}Contract;`,
        `const ${name}B: ${name}Contract = {} as ${name}Doc;`,
      ];
      if ('body' in def) {
        lines.push(
          `type ${name}BodyDoc = NonNullable<${op}['requestBody']>['content']['application/json'];`,
          `type ${name}BodyContract = z.input<(typeof ROUTES)['${name}']['body']>;`,
          `const ${name}C: ${name}BodyDoc = {} as ${name}BodyContract;`,
          `const ${name}D: ${name}BodyContract = {} as ${name}BodyDoc;`,
        );
      }
      lines.push(`void [${name}A, ${name}B${'body' in def ? `, ${name}C, ${name}D` : ''}];`);
      return lines.join('\n');
    });
    const usage = join(dir, 'usage.ts');
    writeFileSync(
      usage,
      [
        `import type { z as zod } from 'zod';`,
        `import type { operations } from './openapi';`,
        `import type { ROUTES } from '${join(process.cwd(), 'lib/core/http-contract')}';`,
        // JSON Schema says "a string matching this pattern" where the contract
        // has a template literal (custom CRM platforms, \`custom:<id>\`); the
        // generator can only say "string". Such unions are compared as string.
        `type Patterned<T> = T extends string ? ({} extends Record<T, 1> ? true : never) : never;`,
        `type Plain<T> = T extends readonly (infer U)[] ? Plain<U>[] : T extends object ? { [K in keyof T]: Plain<T[K]> } : [Patterned<T>] extends [never] ? T : Exclude<T, string> | string;`,
        `declare namespace z { type output<S extends zod.ZodType> = Plain<zod.output<S>>; type input<S extends zod.ZodType> = Plain<zod.input<S>>; }`,
        ...checks,
      ].join('\n'),
    );
    const program = ts.createProgram([usage], {
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      exactOptionalPropertyTypes: false,
    });
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n').split('\n')[0]);
    expect(errors).toEqual([]);
    // The check is real: the generated client knows every route.
    for (const name of Object.keys(ROUTES)) expect(generated).toContain(`${name}: {`);
  }, 120_000);

  it('lists 428 for the routes that need If-Match, at once or once the record exists, and only for those', () => {
    const paths = (JSON.parse(doc) as { paths: Record<string, Record<string, { responses: Record<string, unknown> }>> }).paths;
    const withIfMatch = Object.values(ROUTES).filter((r) => r.ifMatch !== 'none');
    expect(new Set(withIfMatch.map((r) => r.ifMatch))).toEqual(new Set(['required', 'once-exists', 'optional']));
    for (const r of withIfMatch) {
      const needed = r.ifMatch !== 'optional';
      expect(Object.keys(paths[r.path]![r.method]!.responses).includes('428'), `${r.method} ${r.path}`).toBe(needed);
    }
  });
});
