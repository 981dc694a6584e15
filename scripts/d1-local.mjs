// The worker's local D1 database from Node: its migrations applied as
// `wrangler d1 migrations apply --local` applies them (same d1_migrations
// table, same files), and the database opened through Miniflare at the
// persistence directory `wrangler dev` and `make demo` use.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';
import { unstable_readConfig as readConfig } from 'wrangler';

/** The D1 binding the worker reads its users from. */
export const BINDING = 'DB';

/** Where Miniflare keeps D1 under a wrangler state directory (wrangler's own layout). */
export const persistRootOf = (stateDir) => join(stateDir, 'v3');

/**
 * The D1 database bound as `binding`, as the wrangler config declares it: the
 * id local runs key its file by (wrangler's choice: preview id, else id), the
 * compatibility date, and the migrations directory (relative to the config)
 * and table.
 * @param {string} configPath
 */
export function migrationsOf(configPath, binding = BINDING) {
  const config = readConfig({ config: configPath });
  const db = config.d1_databases.find((d) => d.binding === binding);
  if (!db) throw new Error(`${configPath} declares no D1 database bound as ${binding}`);
  const table = db.migrations_table ?? 'd1_migrations';
  if (!/^[A-Za-z_]\w*$/.test(table)) throw new Error(`migrations_table ${JSON.stringify(table)} is not a plain SQL name`);
  return {
    id: db.preview_database_id ?? db.database_id,
    compatibilityDate: config.compatibility_date,
    dir: resolve(dirname(configPath), db.migrations_dir ?? 'migrations'),
    table,
  };
}

/**
 * Applies the migrations not applied yet, in wrangler's order (by the number
 * before the first "_"), each with its d1_migrations row in one transaction,
 * so a failed migration leaves nothing half done. Returns the names applied.
 * @param {{ prepare(sql: string): any, batch(statements: any[]): Promise<unknown> }} db
 * @param {string} configPath
 */
export async function applyMigrations(db, configPath, binding = BINDING) {
  const { dir, table } = migrationsOf(configPath, binding);
  await db.prepare(`CREATE TABLE IF NOT EXISTS ${table}(
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT UNIQUE,
    applied_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP NOT NULL
  )`).run();
  const appliedNames = async () => new Set((await db.prepare(`SELECT name FROM ${table}`).all()).results.map((r) => r.name));
  const done = await appliedNames();
  const files = readdirSync(dir).filter((f) => f.endsWith('.sql')).sort((a, b) => parseInt(a, 10) - parseInt(b, 10) || a.localeCompare(b));
  const applied = [];
  for (const name of files) {
    if (done.has(name)) continue;
    const statements = splitSql(readFileSync(join(dir, name), 'utf8')).map((sql) => db.prepare(sql));
    statements.push(db.prepare(`INSERT INTO ${table} (name) VALUES (?)`).bind(name));
    try {
      await db.batch(statements);
    } catch (e) {
      // Another process (`make users` beside `make demo`) may have applied it first.
      if ((await appliedNames()).has(name)) continue;
      throw new Error(`migration ${name} failed: ${e.cause?.message ?? e.message}`, { cause: e });
    }
    applied.push(name);
  }
  return applied;
}

/**
 * Splits a migration into statements at each `;` outside strings, quoted
 * names, comments and trigger bodies (`CREATE TRIGGER ... BEGIN ...; END;`),
 * since D1 prepares one statement at a time. Comment-only pieces are dropped.
 * @param {string} sql
 * @returns {string[]}
 */
export function splitSql(sql) {
  const statements = [];
  let start = 0;
  let hasCode = false;
  let words = []; // the statement's first words, to know a trigger
  let depth = 0; // BEGIN/CASE ... END nesting inside a trigger
  const end = (i) => {
    if (hasCode) statements.push(sql.slice(start, i).trim());
    start = i + 1;
    hasCode = false;
    words = [];
    depth = 0;
  };
  for (let i = 0; i < sql.length;) {
    const c = sql[i];
    if (c === '-' && sql[i + 1] === '-') {
      const eol = sql.indexOf('\n', i);
      i = eol < 0 ? sql.length : eol + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const close = sql.indexOf('*/', i + 2);
      i = close < 0 ? sql.length : close + 2;
    } else if (c === "'" || c === '"' || c === '`' || c === '[') {
      const q = c === '[' ? ']' : c;
      let j = i + 1;
      while (j < sql.length && !(sql[j] === q && sql[j + 1] !== q)) j += sql[j] === q ? 2 : 1;
      i = j + 1;
      hasCode = true;
    } else if (/[A-Za-z_]/.test(c)) {
      const word = /^[A-Za-z_]\w*/.exec(sql.slice(i, i + 64))[0].toUpperCase();
      if (words.length < 3) words.push(word);
      const trigger = words[0] === 'CREATE' && (words[1] === 'TRIGGER' || (/^TEMP(ORARY)?$/.test(words[1] ?? '') && words[2] === 'TRIGGER'));
      if (trigger && (word === 'BEGIN' || word === 'CASE')) depth++;
      else if (trigger && word === 'END') depth--;
      i += word.length;
      hasCode = true;
    } else if (c === ';' && depth <= 0) {
      end(i);
      i++;
    } else {
      if (!/\s/.test(c)) hasCode = true;
      i++;
    }
  }
  end(sql.length);
  return statements;
}

/**
 * Opens the worker's local D1 database under `stateDir` (the directory
 * `wrangler dev` would use), migrated. Runs beside a serving `make demo`:
 * both open the same SQLite file.
 * @param {string} configPath the worker's wrangler config
 * @param {string} stateDir e.g. examples/worker/.wrangler/state
 */
export async function openLocalDatabase(configPath, stateDir, binding = BINDING) {
  const { id, compatibilityDate } = migrationsOf(configPath, binding);
  const mf = new Miniflare({
    modules: true,
    script: 'export default {}',
    compatibilityDate,
    d1Databases: { [binding]: { id } },
    d1Persist: join(persistRootOf(stateDir), 'd1'),
  });
  const db = await mf.getD1Database(binding);
  const applied = await applyMigrations(db, configPath, binding);
  return { db, applied, dispose: () => mf.dispose() };
}
