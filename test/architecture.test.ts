// @vitest-environment node
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '..');
const BANNED = new Set(['browser', 'chrome', 'document', 'window', 'location', 'navigator', 'localStorage', 'sessionStorage']);

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return walk(p);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [p] : [];
  });
}

/**
 * Finds identifiers in lib/ that resolve to a browser or DOM global (as
 * opposed to a parameter or local of the same name). Only lib/platform/ may
 * touch them: everything else takes URLs, documents and APIs as parameters.
 */
function globalUses(files: string[]): Map<string, string[]> {
  const program = ts.createProgram(files, {
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2022.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
    types: ['chrome'],
    jsx: ts.JsxEmit.ReactJSX,
    skipLibCheck: true,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found = new Map<string, string[]>();
  for (const file of files) {
    const sf = program.getSourceFile(file);
    if (!sf) continue;
    const here: string[] = [];
    found.set(relative(ROOT, file), here);
    const visit = (node: ts.Node) => {
      if (ts.isIdentifier(node) && BANNED.has(node.text)) {
        const decls = checker.getSymbolAtLocation(node)?.declarations ?? [];
        const isGlobal =
          decls.length > 0 &&
          decls.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()) || d.getSourceFile().fileName.includes('node_modules'));
        const isPropertyName = ts.isPropertyAccessExpression(node.parent) && node.parent.name === node;
        if (isGlobal && !isPropertyName) {
          const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
          here.push(`${relative(ROOT, file)}:${line + 1} ${node.text}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return found;
}

describe('the pure core', () => {
  const uses = globalUses(walk(join(ROOT, 'lib')));
  const inPlatform = (f: string) => f.startsWith('lib/platform/');

  it('uses no browser or DOM globals outside lib/platform/', () => {
    const core = [...uses].filter(([f]) => !inPlatform(f));
    expect(core.length).toBeGreaterThan(20);
    expect(core.flatMap(([, u]) => u)).toEqual([]);
  });

  it('the check itself notices a global', () => {
    // Guards the guard: lib/platform legitimately uses globals, so it must report some.
    expect([...uses].filter(([f]) => inPlatform(f)).flatMap(([, u]) => u).length).toBeGreaterThan(0);
  });
});
