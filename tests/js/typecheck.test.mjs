// Types and code cannot drift: TypeScript checks the package's JavaScript
// (tsc --checkJs over pkg/src, whose JSDoc names the shipped .d.ts types),
// and checks every entry of pkg/package.json against the .d.ts it ships
// with: each declared function and class exists, takes what its types say,
// and returns what they say; nothing is exported undeclared.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = join(ROOT, 'node_modules', '.bin', 'tsc');
const CONFIG = join(ROOT, 'tests', 'js', 'typecheck', 'tsconfig.json');
const WORK = join(ROOT, 'tests', 'js', '.tmp', 'typecheck');

/** Runs tsc on a project; its diagnostics ('' when none). */
function tsc(project) {
  const { stdout, stderr } = spawnSync(TSC, ['-p', project, '--pretty', 'false'], { cwd: ROOT, encoding: 'utf8' });
  return `${stdout}${stderr}`.trim();
}

// One export compared with its declaration: `${name}: ok` when the
// implementation takes every argument the types allow and returns what they
// say (an \`any\` return says nothing either way). Overloads are compared by
// their last signature, and a return may be the declared type or a promise
// of it (overloads that answer synchronously or asynchronously by argument).
// That each export is there at all is checked on the loaded module (the
// entries destructure bind()'s result, whose type allows undefined).
const CHECK = `
type Fn = (...args: any) => any;
type Ctor = abstract new (...args: any) => any;
type IsAny<T> = 0 extends 1 & T ? true : false;
type Returns<I extends Fn, D extends Fn> =
  IsAny<ReturnType<I>> extends true ? true
    : [ReturnType<I>] extends [ReturnType<D>] ? true
      : [Awaited<ReturnType<I>>] extends [Awaited<ReturnType<D>>] ? true : false;
type Check<N extends string, D, I> = Compare<N, D, NonNullable<I>>;
type Compare<N extends string, D, I> =
  D extends Ctor
    ? I extends Ctor
      ? ConstructorParameters<D> extends ConstructorParameters<I> ? \`\${N}: ok\` : \`\${N}: the constructor does not take what the types allow\`
      : \`\${N}: not a class\`
    : D extends Fn
      ? I extends Fn
        ? Parameters<D> extends Parameters<I>
          ? Returns<I, D> extends true ? \`\${N}: ok\` : \`\${N}: returns what the types do not say\`
          : \`\${N}: does not take what the types allow\`
        : \`\${N}: not a function\`
      : \`\${N}: ok\`;
`;

/** Each export of pkg/package.json: its .d.ts and the files that implement it. */
function entries() {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'pkg', 'package.json'), 'utf8'));
  return Object.entries(exports)
    .filter(([, target]) => typeof target === 'object' && target.types)
    .map(([subpath, target]) => ({
      subpath,
      types: target.types,
      // The `deno` entries are written from the same export list as the
      // others, and TypeScript cannot parse their source-phase import.
      impls: [...new Set(Object.entries(target).filter(([cond]) => cond !== 'types' && cond !== 'deno').map(([, file]) => file))],
    }));
}

/**
 * The names an entry exports, from the implementation Node loads (the
 * others come from the same export list, or are the same file).
 */
async function withNames(entry) {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'pkg', 'package.json'), 'utf8'));
  const target = exports[entry.subpath];
  const module = await import(join(ROOT, 'pkg', target.node ?? target.default));
  for (const [name, value] of Object.entries(module)) assert.notEqual(value, undefined, `${entry.subpath}: ${name} is undefined`);
  return { ...entry, names: Object.keys(module).sort() };
}

test('pkg/src type-checks with --checkJs against the shipped .d.ts types', () => {
  const out = tsc(CONFIG);
  if (out) assert.fail(out);
});

test('every entry exports what its .d.ts declares, with the declared signatures', async () => {
  mkdirSync(WORK, { recursive: true });
  const from = (file) => relative(WORK, join(ROOT, 'pkg', file)).replaceAll('\\', '/');
  const lines = [CHECK];
  const list = entries();
  for (const [i, { subpath, types, impls, names }] of (await Promise.all(list.map(withNames))).entries()) {
    lines.push(`import type * as D${i} from '${from(types)}';`);
    impls.forEach((impl, j) => {
      const I = `I${i}_${j}`;
      lines.push(`import * as ${I} from '${from(impl)}';`, `// ${subpath}: ${impl}`);
      // An export the .d.ts lacks fails here as a missing property of D.
      for (const name of names) {
        lines.push(`export const ${I}_${name}: Check<'${name}', typeof D${i}.${name}, typeof ${I}.${name}> = '${name}: ok';`);
      }
      const missing = `Exclude<keyof typeof D${i}, ${names.map((n) => `'${n}'`).join(' | ') || 'never'}>`;
      lines.push(`export const ${I}_declared: [${missing}] extends [never] ? 'all exported' : ${missing} = 'all exported';`);
    });
  }
  writeFileSync(join(WORK, 'conformance.ts'), `${lines.join('\n')}\n`);
  // workerd's entries import the .wasm as a compiled module.
  writeFileSync(join(WORK, 'wasm.d.ts'), "declare module '*.wasm' { const module: WebAssembly.Module; export default module; }\n");
  writeFileSync(join(WORK, 'tsconfig.json'), JSON.stringify({
    extends: relative(WORK, CONFIG),
    // The JavaScript's own checks are the test above; here only the comparison.
    compilerOptions: { checkJs: false },
    include: [],
    files: ['conformance.ts', 'wasm.d.ts'],
  }));
  assert.ok(list.some((e) => e.subpath === '.') && list.some((e) => e.subpath === './full'));
  const out = tsc(WORK);
  if (out) assert.fail(out);
});
