/**
 * `node --import tsx bench/exchange-push.ts`: a partner's push of 50,000 training offers (issue 14)
 * through the real route, PUT /api/v1/sources/:source/offers with the structure's API key
 * (push:offers), on a fresh database: duration and peak memory of the push, then the same file
 * pushed again (nothing changes: cheaper), and the first push's reject count.
 *
 * Each push runs in a child process of its own (the server built over the database, the request
 * sent by app.inject), which reads process.resourceUsage().maxRSS before and after it: the peak is
 * the push's, not the bench's nor the generator's. PGlite by default (its folder created in a child
 * process: initdb alone peaks near 900 MB); the PostgreSQL server of DATABASE_URL when set (a fresh
 * database, dropped at the end).
 *
 * The body is sent as a stream and the route streams it to a temporary file, read from there in
 * chunks (PUSH_MAX_BYTES at most): the peak is what the push holds besides the document.
 * Options: --offers N (default 50000).
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDatabase } from '../src/app/database.ts';
import { buildServer } from '../src/app/server.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { identityDb } from '../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../src/identity/accounts.ts';
import { createApiKey } from '../src/identity/keys.ts';
import { generateLheo } from '../test/trainings/generate-lheo.ts';
import { LINKS, PASSWORD, tokenOf } from '../test/identity/helpers.ts';

const SOURCE = 'bench-push';
const CHILD = path.resolve('test/trainings/import-child.ts');
const SELF = path.resolve(import.meta.filename);

interface PushResult {
  status: number;
  seconds: number;
  rssBeforeMb: number;
  peakRssMb: number;
  accepted?: number;
  rejected?: number;
  removed?: number;
  live?: number;
  error?: string;
}

const open = (location: string) => openDatabase(location.startsWith('postgres') ? { databaseUrl: location } : { pgliteDir: location });

/** Child: a structure, its administrator and a push:offers key; prints the key's secret. */
async function setup(location: string): Promise<void> {
  const handle = await open(location);
  const db = identityDb(handle.db);
  const structureId = await createStructure(db, { name: 'Organisme du banc d’essai', kind: 'cfa', code: 'BENCH1' });
  const { id, link } = await invite(
    db,
    null,
    { email: 'banc@exemple.fr', name: 'Banc d’essai', roles: ['cfa', 'admin'], structureId },
    LINKS,
  );
  await acceptInvitation(db, tokenOf(link), PASSWORD);
  const key = await createApiKey(
    db,
    { accountId: id, structureId, roles: ['cfa', 'admin'], sessionKey: '' },
    { name: 'banc', scopes: ['push:offers'] },
  );
  await handle.close();
  process.stdout.write(`${JSON.stringify({ secret: key.secret })}\n`);
}

/** Child: one PUT of the file through the real route; prints what it cost. */
async function push(location: string, file: string, secret: string): Promise<void> {
  const handle = await open(location);
  const { app } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
  await app.ready();
  const rssBefore = process.resourceUsage().maxRSS;
  const started = performance.now();
  const res = await app.inject({
    method: 'PUT',
    url: `/api/v1/sources/${SOURCE}/offers`,
    payload: fs.createReadStream(file),
    headers: {
      authorization: `Bearer ${secret}`,
      'content-type': 'application/xml',
      'content-length': String(fs.statSync(file).size),
    },
  });
  const seconds = (performance.now() - started) / 1000;
  const out: PushResult = {
    status: res.statusCode,
    seconds,
    rssBeforeMb: rssBefore / 1024,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
  const body = res.json();
  if (res.statusCode === 200)
    Object.assign(out, { accepted: body.accepted, rejected: body.rejected, removed: body.removed, live: body.live });
  else out.error = body.error ?? body.detail ?? res.body.slice(0, 300);
  await app.close();
  await handle.close();
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

function child<T>(args: string[]): T {
  const r = spawnSync(process.execPath, ['--import', 'tsx', ...args], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: process.env });
  if (r.status !== 0) throw new Error(`${args.join(' ')} : ${r.stderr}`);
  const line = r.stdout.trim().split('\n').pop()!;
  return JSON.parse(line) as T;
}

async function main(): Promise<void> {
  const arg = (name: string, fallback: number) =>
    process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
  const offers = arg('--offers', 50_000);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-push-'));
  const server = process.env.DATABASE_URL;
  const created: string[] = [];
  const mb = (n: number) => `${n.toFixed(0)} Mo`;

  /** A fresh migrated database with a structure and its key. */
  async function fresh(name: string): Promise<{ location: string; secret: string }> {
    let location: string;
    if (server) {
      const db = `bench_${crypto.randomBytes(5).toString('hex')}`;
      created.push(db);
      location = await createDatabase(server, db);
      const h = await openDatabase({ databaseUrl: location });
      await h.close();
    } else {
      location = path.join(dir, name);
      const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, 'init', location], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    const { secret } = child<{ secret: string }>([SELF, '--child', 'setup', location]);
    return { location, secret };
  }

  const line = (what: string, r: PushResult) =>
    `  ${what} : HTTP ${r.status} en ${r.seconds.toFixed(1)} s, mémoire ${mb(r.rssBeforeMb)} avant, pic ${mb(r.peakRssMb)}` +
    (r.status === 200 ? ` ; ${r.accepted} acceptées, ${r.rejected} rejetées, ${r.removed} retirées, ${r.live} en ligne` : ` ; ${r.error}`);

  try {
    const lines: string[] = [];
    const file = path.join(dir, 'offres.xml');
    const t = performance.now();
    const gen = await generateLheo(file, { formations: offers, actionsPerFormation: 1, prefix: 'BPU' });
    console.log(
      `fichier généré : ${offers} offres, ${(gen.bytes / 1e6).toFixed(0)} Mo en ${((performance.now() - t) / 1000).toFixed(1)} s`,
    );
    const db = await fresh('base');
    const first = child<PushResult>([SELF, '--child', 'push', db.location, file, db.secret]);
    console.log(line(`envoi de ${offers} offres`, first));
    lines.push(line(`1er envoi de ${offers} offres (${(gen.bytes / 1e6).toFixed(0)} Mo)`, first));
    const second = child<PushResult>([SELF, '--child', 'push', db.location, file, db.secret]);
    lines.push(line('2e envoi du même fichier (rien ne change)', second));
    console.log(
      `\nbench:exchange-push (${server ? 'PostgreSQL' : 'PGlite'}, ${os.cpus().length} cœurs, charge ${os.loadavg()[0].toFixed(1)})`,
    );
    for (const l of lines) console.log(l);
  } finally {
    if (server) for (const name of created) await dropDatabase(server, name);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const mode = process.argv.indexOf('--child');
if (mode === -1) await main();
else if (process.argv[mode + 1] === 'setup') await setup(process.argv[mode + 2]);
else await push(process.argv[mode + 2], process.argv[mode + 3], process.argv[mode + 4]);
