import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { cliDatabase } from '../helpers/db.ts';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const engine = process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite';

// What a newcomer does on a fresh clone: `npm start`, then asks for health and a search. On an
// empty database of the run's engine (PGlite, or a new database of the DATABASE_URL server).
test(`npm start serves the platform on an empty database (sample data, ${engine})`, { timeout: 900_000 }, async () => {
  const database = await cliDatabase();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, ...database.env, PORT: String(port), LOG_LEVEL: 'warn' };
  delete env.PASSERELLES_DATA_DIR;
  // npm start builds the portal: into its own folder, never the one the other tests are reading.
  delete env.PASSERELLES_WEB_BUILD_DIR;
  const child = spawn('npm', ['start', '--silent'], { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  let exited = false;
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  child.on('exit', () => (exited = true));
  try {
    // Ready when /api/health answers (the build and the sample import come first): no fixed
    // wait, only a generous ceiling, since a loaded machine may take minutes.
    let health: Response | undefined;
    const deadline = Date.now() + 600_000;
    while (!health && !exited && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 250));
      health = await fetch(`http://127.0.0.1:${port}/api/v1/health`).catch(() => undefined);
    }
    assert.ok(health, `le serveur n'a pas répondu :\n${output}`);
    assert.equal((await health.json()).sampleData, true);
    const search = await fetch(`http://127.0.0.1:${port}/api/v1/occupations?q=boulanger`);
    assert.equal((await search.json())[0].code, 'D1102');
    assert.match(output, /Données d’exemple/, 'le journal doit annoncer les données d’exemple');
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => (exited ? resolve(undefined) : child.once('exit', resolve)));
    await database.drop();
  }
});

test(`the CLI imports a bundle, reports its status and searches, with --json (${engine})`, { timeout: 600_000 }, async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-cli-'));
  const database = await cliDatabase();
  const env: NodeJS.ProcessEnv = { ...process.env, ...database.env };
  const cli = (...args: string[]) => spawnSync(process.execPath, ['bin/passerelles.js', ...args], { env, encoding: 'utf8' });
  try {
    const imported = cli('data', 'import', '--from', 'sample-data', '--json');
    assert.equal(imported.status, 0, imported.stderr);
    assert.ok(JSON.parse(imported.stdout).files.length > 5);
    const status = cli('data', 'status', '--json');
    assert.ok(JSON.parse(status.stdout).files.some((f: { source: string }) => f.source === 'rome'));
    const search = cli('occupations', 'search', 'boulangere', '--json');
    assert.equal(search.status, 0, search.stderr);
    const hits = JSON.parse(search.stdout);
    assert.equal(hits[0].code, 'D1102');
    assert.equal(typeof hits[0].label, 'string');
    const show = cli('occupations', 'show', 'D1102', '--json');
    assert.equal(JSON.parse(show.stdout).code, 'D1102');
    const unknown = cli('occupations', 'show', 'N9999');
    assert.equal(unknown.status, 1);
    assert.match(unknown.stderr, /fiche ROME inconnue : N9999/);
    const missing = cli('data', 'import', '--from', path.join(dir, 'absent'));
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /introuvable/);
  } finally {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
