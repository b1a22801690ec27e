/**
 * Memory: a generated file of 5,000 actions imports in its own process; the import itself (peak
 * RSS minus RSS once the database is open) stays small, as memory is flat whatever the file size
 * (bench/lheo-import.ts does the same with 50,000 actions and prints the figures).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { generateLheo } from './generate-lheo.ts';
import { tempDir } from './lheo-helpers.ts';

const CHILD = fileURLToPath(new URL('./import-child.ts', import.meta.url));

function child(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('5,000 actions import in flat memory, in their own process', { timeout: 300_000 }, async () => {
  const dir = tempDir();
  const file = path.join(dir, 'offres-generees.xml');
  const { actions, bytes } = await generateLheo(file, { formations: 2500, actionsPerFormation: 2 });
  assert.equal(actions, 5000);
  const server = process.env.DATABASE_URL;
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const env = { ...process.env };
  if (server) env.DATABASE_URL = await createDatabase(server, name);
  try {
    child(['init', path.join(dir, 'db')], env);
    const r = JSON.parse(
      child(['import', file, path.join(dir, 'db')], env)
        .trim()
        .split('\n')
        .pop()!,
    );
    assert.equal(r.actions, 5000);
    assert.equal(r.offers, 2500);
    assert.equal(r.rejected, 0);
    const growth = r.peakRssMb - r.rssAfterOpenMb;
    // The file is ~13 MB; holding it (or its offers) in memory would cost several times that.
    assert.ok(growth < 250, `l’import a pris ${growth.toFixed(0)} Mo (fichier de ${(bytes / 1e6).toFixed(0)} Mo)`);
    if (server) assert.ok(r.peakRssMb < 400, `RSS max ${r.peakRssMb.toFixed(0)} Mo`);
  } finally {
    if (server) await dropDatabase(server, name);
  }
});
