// @vitest-environment node
import { readdirSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

// The house rules a path promises, checked on the real tree with the
// TypeScript compiler: lib/core is pure, each place imports only what may run
// where it runs, and no module or folder depends on itself through others.

const ROOT = join(__dirname, '..');
const SOURCE_DIRS = ['lib', 'components', 'entrypoints', 'server', 'test', 'scripts', 'e2e'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return name === 'node_modules' || name === 'fixtures' ? [] : walk(p);
    return /\.tsx?$/.test(name) && !name.endsWith('.d.ts') ? [p] : [];
  });
}

const rel = (f: string) => relative(ROOT, f).split(sep).join('/');
const isTest = (f: string) => /\.test\.tsx?$|\.e2e\.ts$/.test(f) || f.startsWith('test/') || f.startsWith('e2e/');

const COMPILER_OPTIONS: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
  types: ['chrome'],
  jsx: ts.JsxEmit.ReactJSX,
  skipLibCheck: true,
  noEmit: true,
  allowImportingTsExtensions: true,
};

interface Edge {
  from: string;
  /** A project file (relative path) or a package name. */
  to: string;
  typeOnly: boolean;
  /** An `import()`: the module is loaded when that line runs, not with the importer. */
  dynamic?: boolean;
}

function importsOf(sf: ts.SourceFile, host: ts.ModuleResolutionHost): Edge[] {
  const edges: Edge[] = [];
  const from = rel(sf.fileName);
  const add = (spec: string, typeOnly: boolean, dynamic = false) => {
    const resolved = ts.resolveModuleName(spec, sf.fileName, COMPILER_OPTIONS, host).resolvedModule;
    const file = resolved && !resolved.isExternalLibraryImport ? rel(resolved.resolvedFileName) : null;
    edges.push({ from, to: file && !file.startsWith('..') ? file : spec, typeOnly, dynamic });
  };
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!clause.namedBindings &&
            ts.isNamedImports(clause.namedBindings) &&
            clause.namedBindings.elements.every((e) => e.isTypeOnly)));
      add(node.moduleSpecifier.text, typeOnly);
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      add(node.moduleSpecifier.text, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && ts.isStringLiteral(node.arguments[0]!)) {
      add((node.arguments[0] as ts.StringLiteral).text, false, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return edges;
}

const BANNED_GLOBALS = new Set([
  'browser',
  'chrome',
  'document',
  'window',
  'location',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'fetch',
  'XMLHttpRequest',
  'WebSocket',
  'EventSource',
  'setTimeout',
  'setInterval',
  'clearTimeout',
  'clearInterval',
  'requestAnimationFrame',
]);

/** Identifiers that resolve to a banned browser/DOM/timer global (not a local of the same name). */
function globalUses(program: ts.Program, files: string[]): string[] {
  const checker = program.getTypeChecker();
  const found: string[] = [];
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) && BANNED_GLOBALS.has(node.text)) {
        const decls = checker.getSymbolAtLocation(node)?.declarations ?? [];
        const isGlobal =
          decls.length > 0 &&
          decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()) || d.getSourceFile().fileName.includes('node_modules'));
        const isPropertyName = (ts.isPropertyAccessExpression(node.parent) || ts.isQualifiedName(node.parent)) && node.parent.getChildAt(2) === node;
        if (isGlobal && !isPropertyName) found.push(`${rel(file)}:${sf.getLineAndCharacterOfPosition(node.getStart()).line + 1} ${node.text}`);
      }
      // `Date.now()` and `new Date()` read the clock: the core takes `now` as a parameter.
      if (ts.isPropertyAccessExpression(node) && node.getText(sf) === 'Date.now') found.push(`${rel(file)} Date.now`);
      if (ts.isNewExpression(node) && node.expression.getText(sf) === 'Date' && (node.arguments?.length ?? 0) === 0)
        found.push(`${rel(file)} new Date()`);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

/** Strongly connected groups of more than one node (or a node depending on itself): every cycle. */
function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const out: string[][] = [];
  const strong = (v: string) => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        strong(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const group: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        group.push(w);
      } while (w !== v);
      if (group.length > 1 || graph.get(v)?.has(v)) out.push(group.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) strong(v);
  return out;
}

function graphOf(edges: Edge[], key: (file: string) => string, keep: (e: Edge) => boolean): Map<string, Set<string>> {
  const g = new Map<string, Set<string>>();
  for (const e of edges) {
    if (!keep(e)) continue;
    const a = key(e.from);
    const b = key(e.to);
    if (!g.has(a)) g.set(a, new Set());
    if (a !== b || e.from === e.to) g.get(a)!.add(b);
  }
  return g;
}

/** The folder a file belongs to for layering: two levels deep (lib/core/domain, components/panel, entrypoints/background). */
function folderOf(file: string): string {
  const parts = file.split('/');
  if (parts[0] === 'lib' && parts[1] === 'core')
    return parts
      .slice(0, 3)
      .join('/')
      .replace(/\.tsx?$/, '');
  return parts.length > 2 ? parts.slice(0, 2).join('/') : parts[0]!;
}

const files = SOURCE_DIRS.flatMap((d) => walk(join(ROOT, d)));
const program = ts.createProgram(files, COMPILER_OPTIONS);
const host: ts.ModuleResolutionHost = ts.sys;
const edges = files.flatMap((f) => importsOf(program.getSourceFile(f)!, host));
const shipped = (e: Edge) => !isTest(e.from) && !isTest(e.to) && !e.to.startsWith('e2e/') && !e.typeOnly;
const project = (e: Edge) => SOURCE_DIRS.some((d) => e.to.startsWith(`${d}/`));

// Type-checking the whole tree takes seconds on a busy 2-core machine.
describe('the pure core (lib/core)', { timeout: 120_000 }, () => {
  const core = files.filter((f) => rel(f).startsWith('lib/core/') && !isTest(rel(f)));

  it('uses no browser, DOM, storage, network or timer globals and does not read the clock', () => {
    expect(core.length).toBeGreaterThan(40);
    expect(globalUses(program, core)).toEqual([]);
  });

  it('imports only itself and plain libraries', () => {
    // zod/mini is zod's tree-shakable build of the same schemas.
    const allowedPackages = new Set(['zod', 'zod/mini', 'date-fns', 'papaparse']);
    const bad = edges.filter(
      (e) => e.from.startsWith('lib/core/') && !isTest(e.from) && (project(e) ? !e.to.startsWith('lib/core/') : !allowedPackages.has(e.to)),
    );
    expect(bad.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('the checks notice a global, the clock and a forbidden import', () => {
    const bad = ts.createSourceFile(
      join(ROOT, 'lib/core/__probe__.ts'),
      "import { openDB } from 'idb';\nexport const a = () => [document.title, setTimeout(() => 0), Date.now(), new Date(), openDB];\n",
      ts.ScriptTarget.ES2022,
      true,
    );
    const probeHost = ts.createCompilerHost(COMPILER_OPTIONS);
    const getSourceFile = probeHost.getSourceFile.bind(probeHost);
    probeHost.getSourceFile = (name, ...rest) => (name === bad.fileName ? bad : getSourceFile(name, ...rest));
    const probe = ts.createProgram([bad.fileName], COMPILER_OPTIONS, probeHost);
    expect(globalUses(probe, [bad.fileName])).toEqual(
      expect.arrayContaining([
        expect.stringContaining('document'),
        expect.stringContaining('setTimeout'),
        'lib/core/__probe__.ts Date.now',
        'lib/core/__probe__.ts new Date()',
      ]),
    );
    expect(importsOf(bad, host).map((e) => e.to)).toEqual(['idb']);
  });
});

describe('where code runs', { timeout: 120_000 }, () => {
  // The modules evaluated with these: their static imports, followed; a later import() is not.
  const evaluatedWith = (entries: string[]): Set<string> => {
    const loaded = new Set<string>();
    const queue = [...entries];
    while (queue.length) {
      const f = queue.pop()!;
      if (loaded.has(f)) continue;
      loaded.add(f);
      for (const e of edges) if (e.from === f && !e.typeOnly && !e.dynamic) queue.push(e.to);
    }
    return loaded;
  };

  const runtimeFrom = (prefix: string) => edges.filter((e) => e.from.startsWith(prefix) && !isTest(e.from) && !e.typeOnly);

  it('the content script loads no zod, no React and no polyfill: only the sites, the channel, its hand checks and its own folder', () => {
    const reachable = new Set<string>();
    const queue = ['entrypoints/content/index.ts'];
    while (queue.length) {
      const f = queue.pop()!;
      if (reachable.has(f)) continue;
      reachable.add(f);
      for (const e of edges) if (e.from === f && !e.typeOnly) queue.push(e.to);
    }
    const outside = [...reachable].filter(
      (f) =>
        !f.startsWith('entrypoints/content/') &&
        !f.startsWith('lib/core/sites/') &&
        !['lib/core/messages/channel.ts', 'lib/core/messages/to-content-check.ts', '#imports', 'wxt/browser'].includes(f),
    );
    expect(outside).toEqual([]);
  });

  it('the panel page evaluates before its first paint neither the domain barrel, the team backend’s routes nor the dashboard’s data methods and figures', () => {
    // What main.tsx loads with it, and panel.tsx, which it imports at once.
    const loaded = evaluatedWith(['entrypoints/sidepanel/main.tsx', 'entrypoints/sidepanel/panel.tsx']);
    expect(loaded.has('components/panel/PanelApp.tsx')).toBe(true);
    const heavy = [
      'lib/core/domain/index.ts',
      'lib/core/http-contract.ts',
      'lib/core/messages/data-methods.ts',
      'lib/core/messages/dashboard-methods.ts',
    ];
    // The dashboard's figures are the dashboard page's and the background's; only
    // the ARR change record's schema (with its currency code), part of the
    // export bundle the contract names, comes from there.
    const record = ['lib/core/domain/dashboard/arr-history.ts', 'lib/core/domain/dashboard/common.ts'];
    const dashboard = [...loaded].filter((f) => f.startsWith('lib/core/domain/dashboard/') && !record.includes(f));
    expect([...heavy.filter((f) => loaded.has(f)), ...dashboard]).toEqual([]);
  });

  it('the dashboard page evaluates before its first figures only what checks and shows them: not the contract’s other messages, the record methods, the settings nor the engine', () => {
    // main.tsx, the schemas it loads beside its first request, and page.tsx, which it imports at once.
    const loaded = evaluatedWith(['entrypoints/dashboard/main.tsx', 'lib/core/messages/dashboard-methods.ts', 'entrypoints/dashboard/page.tsx']);
    expect(loaded.has('components/dashboard/DashboardApp.tsx')).toBe(true);
    expect(loaded.has('lib/core/domain/dashboard/summary.ts')).toBe(true);
    const notBeforeFigures = [
      'lib/core/messages/to-background.ts',
      'lib/core/messages/record-methods.ts',
      'lib/core/messages/data-methods.ts',
      'lib/core/model.ts',
      'lib/core/team.ts',
      'lib/core/domain/settings.ts',
      'lib/core/domain/index.ts',
      'lib/core/domain/dashboard/index.ts',
      'lib/core/domain/dashboard/dashboard.ts',
      'lib/core/http-contract.ts',
    ];
    expect(notBeforeFigures.filter((f) => loaded.has(f))).toEqual([]);
  });

  it('has one browser: the polyfill through lib/browser.ts, wxt/browser only in the content script and the panel page’s first script', () => {
    const polyfill = edges.filter((e) => e.to === 'webextension-polyfill' && !e.typeOnly && e.from !== 'lib/browser.ts');
    // Both run before anything else of theirs, where the polyfill's weight would be paid first.
    const bare = ['entrypoints/content/', 'entrypoints/frame-check/'];
    const wxtBrowser = edges.filter((e) => e.to === 'wxt/browser' && !bare.some((dir) => e.from.startsWith(dir)));
    expect([...polyfill, ...wxtBrowser].map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });

  it('keeps each runtime to what it may use', () => {
    const rules: Array<[string, (to: string) => boolean, string]> = [
      ['lib/data/', (to) => to.startsWith('components/') || to.startsWith('entrypoints/') || to.startsWith('lib/demo/'), 'the data layer'],
      ['lib/demo/', (to) => to.startsWith('components/') || to.startsWith('entrypoints/') || to.startsWith('lib/data/'), 'the demo'],
      ['components/', (to) => to.startsWith('entrypoints/') || to.startsWith('server/'), 'page components'],
      ['entrypoints/background/', (to) => to.startsWith('components/') || to.startsWith('lib/demo/') || to === 'react', 'the service worker'],
      [
        'server/',
        (to) => (to.startsWith('lib/') && !to.startsWith('lib/core/')) || to.startsWith('components/') || to.startsWith('entrypoints/'),
        'the server',
      ],
    ];
    const bad = rules.flatMap(([prefix, forbidden, what]) =>
      runtimeFrom(prefix)
        .filter((e) => forbidden(e.to))
        .map((e) => `${what}: ${e.from} → ${e.to}`),
    );
    expect(bad).toEqual([]);
  });

  it('sets zod to parse without eval before any schema of an extension page or the service worker is built', () => {
    // Their content security policy forbids eval: zod's probe for it is reported
    // as a violation, and the setting is read as each schema is built.
    const firstSchemaModule = (entry: string) => {
      const order: string[] = [];
      const seen = new Set<string>();
      const later: string[] = [];
      // Modules evaluate after their static imports, in source order; an import() after all of them.
      const evaluate = (f: string) => {
        if (seen.has(f)) return;
        seen.add(f);
        for (const e of edges) {
          if (e.from !== f || e.typeOnly) continue;
          if (e.dynamic) later.push(e.to);
          else evaluate(e.to);
        }
        order.push(f);
      };
      evaluate(entry);
      while (later.length) evaluate(later.shift()!);
      const defines = (f: string) => edges.some((e) => e.from === f && !e.typeOnly && /^zod(\/|$)/.test(e.to));
      return order.find(defines);
    };
    const entries = files.map(rel).filter((f) => /^entrypoints\/[^/]+\/(main\.tsx|index\.ts)$/.test(f));
    expect(entries).toContain('entrypoints/dashboard/main.tsx');
    const wrong = entries.flatMap((entry) => {
      const first = firstSchemaModule(entry);
      return first === undefined || first === 'lib/zod-jitless.ts' ? [] : [`${entry}: ${first}`];
    });
    expect(wrong).toEqual([]);
  });

  it('ships no test helper in a product bundle', () => {
    const bad = edges.filter((e) => !isTest(e.from) && (e.to.startsWith('test/') || e.to.startsWith('e2e/')) && !e.from.startsWith('scripts/'));
    expect(bad.map((e) => `${e.from} → ${e.to}`)).toEqual([]);
  });
});

describe('import cycles', { timeout: 120_000 }, () => {
  it('no module imports itself through others', () => {
    expect(
      cycles(
        graphOf(
          edges,
          (f) => f,
          (e) => !isTest(e.from) && project(e),
        ),
      ),
    ).toEqual([]);
  });

  it('no folder depends on itself through another folder', () => {
    expect(cycles(graphOf(edges, folderOf, (e) => shipped(e) && project(e)))).toEqual([]);
  });

  it('the cycle finder reports a cycle', () => {
    const g = graphOf(
      [
        { from: 'a.ts', to: 'b.ts', typeOnly: false },
        { from: 'b.ts', to: 'c.ts', typeOnly: false },
        { from: 'c.ts', to: 'a.ts', typeOnly: false },
        { from: 'c.ts', to: 'd.ts', typeOnly: false },
      ],
      (f) => f,
      () => true,
    );
    expect(cycles(g)).toEqual([['a.ts', 'b.ts', 'c.ts']]);
  });
});
