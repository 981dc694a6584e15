// Installs the package the way a user gets it: `npm pack` of pkg/, then
// `npm install` of the tarball into a fresh project.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = fileURLToPath(new URL('../../../pkg/', import.meta.url));

/** @returns {string} the consumer project's directory */
export function installPacked() {
  const dir = mkdtempSync(join(tmpdir(), 'ferrojwt-consumer-'));
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dir], { cwd: PKG, encoding: 'utf8' }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', '--silent', join(dir, packed[0].filename)], { cwd: dir });
  return dir;
}
