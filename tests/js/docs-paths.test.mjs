// ARCHITECTURE.md names the files a token passes through: each must exist,
// so the walk cannot drift from the tree unnoticed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('every file ARCHITECTURE.md names exists', () => {
  const text = readFileSync(`${ROOT}ARCHITECTURE.md`, 'utf8');
  const paths = [...text.matchAll(/`((?:src|pkg|examples)\/[\w./<>-]+)`/g)].map((m) => m[1]);
  assert.ok(paths.length >= 15, `only ${paths.length} paths found`);
  const missing = paths
    .map((p) => p.replace('<runtime>', 'node'))
    .filter((p) => !existsSync(`${ROOT}${p}`));
  assert.deepEqual(missing, []);
});
