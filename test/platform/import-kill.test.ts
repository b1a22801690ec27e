/**
 * An import killed with SIGKILL halfway (after its first files are written, inside its one
 * transaction) leaves the database exactly as before, and the next import succeeds.
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/app/database.ts';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { importBundle, SAMPLE_DIR } from '../../src/app/data.ts';
import { snapshot } from '../helpers/tables.ts';

const CLI = fileURLToPath(new URL('../../src/app/cli.ts', import.meta.url));

test('an import killed with SIGKILL halfway changes nothing; the next one succeeds', { timeout: 600_000 }, async () => {
  const server = process.env.DATABASE_URL;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-kill-'));
  const dbDir = path.join(work, 'db');
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const target = server ? { databaseUrl: await createDatabase(server, name) } : { pgliteDir: dbDir };
  const env: NodeJS.ProcessEnv = { ...process.env, PASSERELLES_DATA_DIR: '' };
  if (server) env.DATABASE_URL = target.databaseUrl;
  else env.PASSERELLES_DB = dbDir;
  // A second copy of the sample, changed, so that the killed import had something to write.
  const bundle = path.join(work, 'lot');
  fs.cpSync(SAMPLE_DIR, bundle, { recursive: true });
  const fiches = path.join(bundle, 'rome', 'unix_referentiel_code_rome_v000_utf8.csv');
  fs.writeFileSync(fiches, fs.readFileSync(fiches, 'utf8').replace('Boulanger / Boulangère', 'Boulanger / Boulangère (modifié)'));
  try {
    let h = await openDatabase(target);
    await importBundle(h.db, SAMPLE_DIR);
    const before = await snapshot(h.db);
    await h.close();

    const run = (kill: boolean) =>
      new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string; files: number }>((resolve) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CLI, 'data', 'import', '--from', bundle, '--sample'], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        let out = '';
        let files = 0;
        child.stdout.setEncoding('utf8').on('data', (d) => (out += d));
        // One line per file written, on stderr (no terminal): kill once ROME's first files are in.
        child.stderr.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          files += (d.match(/ : \d+ lues, /g) ?? []).length;
          if (kill && /^rome\//m.test(out) && !child.killed) child.kill('SIGKILL');
        });
        child.on('close', (code, signal) => resolve({ code, signal, out, files }));
      });

    const killed = await run(true);
    assert.equal(killed.signal, 'SIGKILL', killed.out);
    assert.ok(killed.files >= 2, `tué trop tôt : ${killed.files} fichier(s) écrit(s)\n${killed.out}`);
    h = await openDatabase(target);
    assert.deepEqual(await snapshot(h.db), before, 'la base a changé après l’import interrompu');
    await h.close();

    const next = await run(false);
    assert.equal(next.code, 0, next.out);
    assert.match(next.out, /Import n° \d+ terminé/);
    h = await openDatabase(target);
    const row = await h.db.selectFrom('rome_fiche').select('label').where('code', '=', 'D1102').executeTakeFirstOrThrow();
    assert.equal(row.label, 'Boulanger / Boulangère (modifié)');
    await h.close();
  } finally {
    if (server) await dropDatabase(server, name);
    fs.rmSync(work, { recursive: true, force: true });
  }
});
