/**
 * `node --import tsx bench/backup.ts [TEMPLATE]`: what a backup and a restore of the whole bundle
 * cost. TEMPLATE (or PASSERELLES_TEST_TEMPLATE) is a bundle template made by
 * `test/helpers/db.ts template`: a PGlite folder, or a database of the DATABASE_URL server.
 * A copy of it is backed up while open (as the server holds it), then restored over itself with
 * --force; each step runs in its own process, whose time and peak resident memory are printed,
 * with the size of the file and of the folder.
 */
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../src/app/database.ts';
import { migrations } from '../src/app/modules.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { backup, restore } from '../src/platform/db/backup.ts';

const PEAK_RSS = fileURLToPath(new URL('../test/helpers/peak-rss.mjs', import.meta.url));
const server = process.env.DATABASE_URL;
type Target = { databaseUrl?: string; pgliteDir?: string };

if (process.argv[2] === 'step') {
  // A child: one step on the target given as JSON.
  const [, , , step, target, file] = process.argv;
  const config = JSON.parse(target) as Target;
  if (step === 'backup') {
    const handle = await openDatabase(config);
    try {
      await backup(config, file, { handle });
    } finally {
      await handle.close();
    }
  } else {
    await restore(config, file, { force: true, knownMigrations: Object.keys(migrations) });
  }
} else {
  const template = process.argv[2] ?? process.env.PASSERELLES_TEST_TEMPLATE;
  if (!template) throw new Error('indiquez le modèle du lot (dossier PGlite ou base du serveur DATABASE_URL)');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-backup-'));
  const name = `bench_backup_${crypto.randomBytes(4).toString('hex')}`;
  let target: Target;
  if (server) target = { databaseUrl: await createDatabase(server, name, template) };
  else {
    target = { pgliteDir: path.join(work, 'db') };
    fs.cpSync(template, target.pgliteDir as string, { recursive: true });
  }
  const file = path.join(work, 'bundle.sauvegarde');
  try {
    console.log(`bench:backup (${server ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus().length} cœurs)`);
    if (!server) console.log(`  dossier PGlite : ${mb(folderSize(target.pgliteDir as string))} Mo`);
    for (const step of ['backup', 'restore']) {
      const started = performance.now();
      const { status, stderr } = await child([
        process.execPath,
        '--import',
        'tsx',
        '--import',
        PEAK_RSS,
        fileURLToPath(import.meta.url),
        'step',
        step,
        JSON.stringify(target),
        file,
      ]);
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const peak = /peak-rss-mb (\d+)/.exec(stderr)?.[1] ?? '?';
      if (status !== 0) throw new Error(`${step} a échoué :\n${stderr}`);
      console.log(`  ${step === 'backup' ? 'sauvegarde ' : 'restauration'} : ${seconds} s, mémoire maximale ${peak} Mo`);
      if (step === 'backup') console.log(`  fichier : ${mb(fs.statSync(file).size)} Mo`);
    }
  } finally {
    if (server) await dropDatabase(server, name);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

function child(argv: string[]): Promise<{ status: number | null; stderr: string }> {
  const c = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  let stderr = '';
  c.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
  return new Promise((resolve) => c.on('close', (status) => resolve({ status, stderr })));
}

function folderSize(dir: string): number {
  let total = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += fs.statSync(path.join(entry.parentPath, entry.name)).size;
  }
  return total;
}

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}
