/**
 * `npm run bench:import`: full import of the bundle (PASSERELLES_DATA_DIR) into a fresh database,
 * each run in its own process so that peak RSS is that of one import. Also times a second import
 * of the same files (nothing to change). Targets: ≤ 90 s and ≤ 800 MB.
 * On PostgreSQL (DATABASE_URL), each run uses a fresh database on that server.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { openDatabase } from '../src/app/database.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { importBundle } from '../src/app/data.ts';
import { percentile } from './stats.ts';

const dataDir = process.env.PASSERELLES_DATA_DIR;
if (!dataDir) {
  console.error('bench:import : définissez PASSERELLES_DATA_DIR (lot de données)');
  process.exit(1);
}

if (process.argv.includes('--once')) {
  await once(dataDir);
} else {
  const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 3;
  const results: { first: number; second: number; rssMb: number }[] = [];
  for (let i = 0; i < runs; i++) {
    const child = spawnSync(process.execPath, ['--import', 'tsx', path.resolve('bench/import.ts'), '--once'], {
      encoding: 'utf8',
      env: process.env,
      maxBuffer: 1 << 24,
    });
    if (child.status !== 0) {
      console.error(child.stderr);
      process.exit(1);
    }
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!);
    results.push(r);
    console.log(`run ${i + 1}: import ${r.first.toFixed(1)} s, ré-import ${r.second.toFixed(1)} s, RSS max ${r.rssMb.toFixed(0)} MB`);
  }
  const base = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';
  const col = (k: 'first' | 'second' | 'rssMb') => results.map((r) => r[k]);
  console.log(`\nbench:import (${base}, ${runs} runs, ${os.cpus().length} cœurs)`);
  console.log(
    `  import complet : médiane ${percentile(col('first'), 50).toFixed(1)} s, p95 ${percentile(col('first'), 95).toFixed(1)} s (cible ≤ 90 s)`,
  );
  console.log(
    `  ré-import      : médiane ${percentile(col('second'), 50).toFixed(1)} s, p95 ${percentile(col('second'), 95).toFixed(1)} s`,
  );
  console.log(
    `  RSS max        : médiane ${percentile(col('rssMb'), 50).toFixed(0)} MB, p95 ${percentile(col('rssMb'), 95).toFixed(0)} MB (cible ≤ 800 MB)`,
  );
}

async function once(dir: string): Promise<void> {
  const url = process.env.DATABASE_URL;
  let cleanup = async () => {};
  let handle;
  if (url) {
    const name = `bench_${crypto.randomBytes(5).toString('hex')}`;
    handle = await openDatabase({ databaseUrl: await createDatabase(url, name) });
    cleanup = () => dropDatabase(url, name);
  } else {
    // PGlite's initdb of a new folder alone peaks near 900 MB: do it in another process, so that
    // the figure below is the import's own footprint, as on a server whose database exists.
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-'));
    const init = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `const { openDatabase } = await import(${JSON.stringify(path.resolve('src/platform/db/connection.ts'))});
       const h = await openDatabase({ pgliteDir: ${JSON.stringify(folder)} }); await h.close();`,
      ],
      { encoding: 'utf8' },
    );
    if (init.status !== 0) throw new Error(init.stderr);
    handle = await openDatabase({ pgliteDir: folder });
    cleanup = async () => fs.rmSync(folder, { recursive: true, force: true });
  }
  let t = performance.now();
  await importBundle(handle.db, dir);
  const first = (performance.now() - t) / 1000;
  t = performance.now();
  await importBundle(handle.db, dir);
  const second = (performance.now() - t) / 1000;
  await handle.close();
  await cleanup();
  const rssMb = process.resourceUsage().maxRSS / 1024;
  console.log(JSON.stringify({ first, second, rssMb }));
}
