/**
 * `npm run bench:lheo`: generates an LHEO 2.3 file of 50,000 actions (25,000 offers of 2 actions,
 * 2 sessions each), imports it into a fresh database in a child process, then imports it again
 * (nothing to change), and prints time, actions per second and peak RSS (target < 400 MB).
 * PGlite by default (its folder created beforehand in another process: initdb alone peaks near
 * 900 MB, see bench/import.ts); PostgreSQL when DATABASE_URL names a server (fresh database).
 * Options: --actions N (default 50000).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { generateLheo } from '../test/trainings/generate-lheo.ts';

const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1];
const actions = process.argv.includes('--actions') ? Number(arg('--actions')) : 50_000;
const CHILD = path.resolve('test/trainings/import-child.ts');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-lheo-'));
const server = process.env.DATABASE_URL;
const dbName = `bench_${crypto.randomBytes(5).toString('hex')}`;
const env = { ...process.env };
try {
  const file = path.join(dir, 'offres-50k.xml');
  const t = performance.now();
  const gen = await generateLheo(file, { formations: Math.ceil(actions / 2), actionsPerFormation: 2 });
  console.log(
    `fichier généré : ${gen.actions} actions, ${(gen.bytes / 1e6).toFixed(0)} Mo en ${((performance.now() - t) / 1000).toFixed(1)} s`,
  );
  if (server) env.DATABASE_URL = await createDatabase(server, dbName);
  run(['init', path.join(dir, 'db')]);
  const first = JSON.parse(run(['import', file, path.join(dir, 'db')]));
  const second = JSON.parse(run(['import', file, path.join(dir, 'db')]));
  const base = server ? 'PostgreSQL' : 'PGlite';
  console.log(`\nbench:lheo (${base}, ${os.cpus().length} cœurs, charge ${os.loadavg()[0].toFixed(1)})`);
  for (const [label, r] of [
    ['import      ', first],
    ['ré-import   ', second],
  ] as const) {
    console.log(
      `  ${label}: ${r.seconds.toFixed(1)} s, ${Math.round(r.actions / r.seconds)} actions/s, ` +
        `RSS max ${r.peakRssMb.toFixed(0)} MB (dont ${r.rssAfterOpenMb.toFixed(0)} MB base ouverte ; cible < 400 MB)` +
        ` — ${r.offers} offres lues, ${r.inserted} ajoutées, ${r.rejected} rejetées`,
    );
  }
} finally {
  if (server) await dropDatabase(server, dbName);
  fs.rmSync(dir, { recursive: true, force: true });
}

function run(args: string[]): string {
  // The same heap cap as `passerelles … import` (bin/passerelles.js).
  const r = spawnSync(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', CHILD, ...args], {
    encoding: 'utf8',
    env,
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    console.error(r.stderr);
    process.exit(1);
  }
  return r.stdout.trim().split('\n').pop() ?? '';
}
