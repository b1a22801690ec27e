/**
 * `npm run bench:exchange`: the change feed (issue 14) over 50,000 training offers.
 * Generates an LHEO 2.3 file of 50,000 offers of one action each (test/trainings/generate-lheo.ts),
 * imports it into a fresh database without the feed's triggers, then into another with them (the
 * cost of recording the changes), numbers the 50,000 changes (the first read after the import), and
 * reads pages of the feed at random cursors (limit 100 and 1000: p50, p95) and of the full export.
 * PGlite by default (its folder created in a child process: initdb alone peaks near 900 MB); the
 * PostgreSQL server of DATABASE_URL when set (fresh databases, dropped at the end).
 * Options: --offers N (default 50000), --pages N (default 200 per limit).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../src/app/database.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import type { DbHandle } from '../src/platform/db/connection.ts';
import { importLheoFile } from '../src/trainings/import.ts';
import { currentCursor, exportPage, readChanges, sequenceChanges } from '../src/exchange/changes-feed.ts';
import { generateLheo } from '../test/trainings/generate-lheo.ts';

const arg = (name: string, fallback: number) =>
  process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
const offers = arg('--offers', 50_000);
const pages = arg('--pages', 200);
const CHILD = path.resolve('test/trainings/import-child.ts');
const TABLES = ['training_formation', 'training_action', 'training_lieu', 'training_session', 'agenda_event', 'recruitment_offer'];

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-exchange-'));
const server = process.env.DATABASE_URL;
const created: string[] = [];
const seconds = (since: number) => (performance.now() - since) / 1000;
const ms = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))].toFixed(1);
};

/** A fresh migrated database; without the feed's triggers when `triggers` is false (the baseline). */
async function fresh(name: string, triggers: boolean): Promise<DbHandle> {
  let handle: DbHandle;
  if (server) {
    const db = `bench_${crypto.randomBytes(5).toString('hex')}`;
    created.push(db);
    handle = await openDatabase({ databaseUrl: await createDatabase(server, db) });
  } else {
    const folder = path.join(dir, name);
    const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, 'init', folder], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(r.stderr);
    handle = await openDatabase({ pgliteDir: folder });
  }
  if (!triggers) {
    for (const t of TABLES)
      for (const op of ['ins', 'upd', 'del'])
        await sql`DROP TRIGGER IF EXISTS ${sql.id(`${t}_exchange_${op}`)} ON ${sql.id(t)}`.execute(handle.db);
  }
  return handle;
}

async function timedImport(handle: DbHandle, file: string): Promise<number> {
  const t = performance.now();
  await importLheoFile(handle.db, file, { source: 'bench' });
  return seconds(t);
}

try {
  const file = path.join(dir, 'bench.xml');
  let t = performance.now();
  const gen = await generateLheo(file, { formations: offers, actionsPerFormation: 1, prefix: 'BEX' });
  console.log(
    `fichier généré : ${offers} offres, ${gen.actions} actions, ${(gen.bytes / 1e6).toFixed(0)} Mo en ${seconds(t).toFixed(1)} s`,
  );

  const without = await fresh('sans', false);
  const importWithout = await timedImport(without, file);
  await without.close();
  console.log(`import sans déclencheurs : ${importWithout.toFixed(1)} s`);

  const handle = await fresh('avec', true);
  const importWith = await timedImport(handle, file);
  console.log(`import avec déclencheurs : ${importWith.toFixed(1)} s`);
  const reimport = await timedImport(handle, file);
  console.log(`ré-import (rien ne change) : ${reimport.toFixed(1)} s`);
  t = performance.now();
  const numbered = await sequenceChanges(handle.db);
  const numbering = seconds(t);
  const end = await currentCursor(handle.db);
  console.log(`numérotation de ${numbered} changements (première lecture après l’import) : ${numbering.toFixed(2)} s`);

  const results: string[] = [];
  for (const limit of [100, 1000]) {
    const times: number[] = [];
    let bytes = 0;
    for (let i = 0; i < pages; i++) {
      const since = Math.floor(Math.random() * Math.max(1, end - limit));
      const s = performance.now();
      const page = await readChanges(handle.db, { since, limit });
      bytes += JSON.stringify(page).length;
      times.push(performance.now() - s);
      if (page.items.length !== limit) throw new Error(`page de ${page.items.length} au lieu de ${limit}`);
    }
    results.push(
      `  flux, limit ${String(limit).padEnd(4)} : p50 ${ms(times, 0.5)} ms, p95 ${ms(times, 0.95)} ms (${pages} pages, ${Math.round(bytes / pages / 1024)} Ko par page)`,
    );
  }
  {
    const times: number[] = [];
    let cursor: string | undefined;
    for (let i = 0; i < Math.min(pages, 50); i++) {
      const s = performance.now();
      const page = await exportPage(handle.db, { limit: 1000, cursor });
      JSON.stringify(page);
      times.push(performance.now() - s);
      cursor = page.next ?? undefined;
      if (!cursor) break;
    }
    results.push(`  export, limit 1000 : p50 ${ms(times, 0.5)} ms, p95 ${ms(times, 0.95)} ms (${times.length} pages)`);
  }
  await handle.close();

  const base = server ? 'PostgreSQL' : 'PGlite';
  console.log(`\nbench:exchange (${base}, ${os.cpus().length} cœurs, charge ${os.loadavg()[0].toFixed(1)})`);
  console.log(
    `  import de ${offers} offres : ${importWithout.toFixed(1)} s sans déclencheurs, ${importWith.toFixed(1)} s avec ` +
      `(${(((importWith - importWithout) / importWithout) * 100).toFixed(0)} %) ; ré-import inchangé ${reimport.toFixed(1)} s`,
  );
  console.log(`  numérotation des ${numbered} changements : ${numbering.toFixed(2)} s ; flux de ${end} changements`);
  for (const line of results) console.log(line);
} finally {
  if (server) for (const db of created) await dropDatabase(server, db);
  fs.rmSync(dir, { recursive: true, force: true });
}
