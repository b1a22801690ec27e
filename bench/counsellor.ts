/**
 * `npm run bench:counsellor`: the counsellors' workspace through its HTTP routes, signed in as a
 * counsellor of a structure following 1,000 people (1 to 3 plan steps each): « Mes bénéficiaires »
 * (first page, and « à traiter cette semaine »), one person's record, and opening a saved pathway
 * simulation (D1106 minus three skills → D1102 near Saint-Nazaire, demonstration catalogue).
 * p50/p95 over 300 runs after a warm-up.
 *
 * On a throw-away database (a PGlite folder, or a new database of the DATABASE_URL server) into
 * which the bundle of PASSERELLES_DATA_DIR and a demonstration catalogue are imported.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { openDatabase } from '../src/app/database.ts';
import { buildServer } from '../src/app/server.ts';
import { importSources } from '../src/app/modules.ts';
import { runImport } from '../src/platform/import/run.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { identityDb } from '../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../src/identity/accounts.ts';
import { importDemoCatalogue } from '../test/helpers/demo.ts';
import { summary } from './stats.ts';

const PEOPLE = 1000;
const RUNS = 300;
const PASSWORD = 'cheval agrafe pile correcte';
const dataDir = process.env.PASSERELLES_DATA_DIR;
if (!dataDir) {
  console.error('bench:counsellor : définissez PASSERELLES_DATA_DIR (lot de données)');
  process.exit(1);
}
const server = process.env.DATABASE_URL;
const name = `bench_counsellor_${crypto.randomBytes(4).toString('hex')}`;
const folder = server ? null : fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-'));
const handle = server
  ? await openDatabase({ databaseUrl: await createDatabase(server, name) })
  : await openDatabase({ pgliteDir: folder! });

const time = async (fn: () => Promise<{ statusCode: number; body: string }>) => {
  const t = performance.now();
  const res = await fn();
  const ms = performance.now() - t;
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body.slice(0, 300)}`);
  return ms;
};

try {
  console.log(
    `bench:counsellor (${handle.kind === 'postgresql' ? 'PostgreSQL' : 'PGlite'}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'})`,
  );
  const t0 = performance.now();
  await runImport(handle.db, path.resolve(dataDir), importSources);
  await importDemoCatalogue(handle, { size: 4000, seed: 'portail', today: new Date().toISOString().slice(0, 10), source: 'demo-banc' });
  console.log(`préparation : lot et catalogue de démonstration importés en ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const { app } = await buildServer(handle, { logger: false, rateLimit: 1_000_000 });

  const db = identityDb(handle.db);
  const structureId = await createStructure(db, { name: 'Mission locale du banc d’essai', kind: 'mission_locale', code: 'BANC' });
  const { link } = await invite(
    db,
    null,
    { email: 'conseil@banc.example', name: 'Conseiller', roles: ['conseiller'], structureId },
    { publicUrl: 'http://banc' },
  );
  await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, PASSWORD);
  const ip = '10.0.0.1';
  const visitor = await app.inject({ method: 'POST', url: '/api/v1/auth/form-token', remoteAddress: ip });
  const signIn = await app.inject({
    method: 'POST',
    url: '/api/v1/auth/sign-in',
    remoteAddress: ip,
    headers: { cookie: visitor.cookies.map((c) => `${c.name}=${c.value}`).join('; ') },
    payload: { email: 'conseil@banc.example', password: PASSWORD, csrf: visitor.json().token },
  });
  const cookie = `passerelles_session=${signIn.cookies.find((c) => c.name === 'passerelles_session')!.value}`;
  const get = (url: string) => app.inject({ url, remoteAddress: ip, headers: { cookie } });
  const post = async (url: string, body: object) => {
    const csrf = (await app.inject({ method: 'POST', url: '/api/v1/auth/form-token', remoteAddress: ip, headers: { cookie } })).json()
      .token;
    const res = await app.inject({ method: 'POST', url, remoteAddress: ip, headers: { cookie }, payload: { ...body, csrf } });
    if (res.statusCode !== 200) throw new Error(`${url} : ${res.statusCode} ${res.body}`);
    return res.json();
  };

  // 1,000 people, as the workspace records them, with 1 to 3 steps each (some late, some this week).
  await sql`INSERT INTO beneficiary (structure_id, first_name, initial, commune, age_bracket, status, purpose, consent_at, consent_version)
    SELECT ${structureId}, 'Personne ' || i, chr(65 + i % 26), '44184', (ARRAY['18-25', '26-44', '45-plus'])[1 + i % 3],
      (ARRAY['jeune', 'demandeur', 'salarie'])[1 + i % 3], 'Conseil en évolution professionnelle', now(), '2026-12'
    FROM generate_series(1, ${PEOPLE}) AS i`.execute(handle.db);
  await sql`INSERT INTO plan_step (beneficiary_id, kind, title, due_date, status)
    SELECT b.id, 'rendez-vous', 'Rendez-vous ' || k, current_date + ((b.id * 7 + k * 13) % 60 - 10), 'a-faire'
    FROM beneficiary b, generate_series(1, 3) AS k WHERE b.structure_id = ${structureId} AND k <= 1 + b.id % 3`.execute(handle.db);

  const { results } = (await get('/api/v1/counselling/beneficiaries')).json();
  const person = results[0].id as number;
  const skills = (await get('/api/v1/occupations/D1106/skills')).json() as { code: string }[];
  await post(`/api/v1/counselling/beneficiaries/${person}/profile`, {
    occupations: ['D1106'],
    exclude: skills.slice(0, 3).map((s) => s.code),
  });
  const t1 = performance.now();
  const { id: simulation } = await post(`/api/v1/counselling/beneficiaries/${person}/simulations`, {
    kind: 'parcours',
    to: 'D1102',
    commune: '44184',
    radius: 30,
  });
  console.log(`simuler et enregistrer un parcours (une fois) : ${(performance.now() - t1).toFixed(0)} ms`);
  const saved = await get(`/api/v1/counselling/simulations/${simulation}`);
  console.log(
    `  parcours enregistré : ${(saved.body.length / 1024).toFixed(0)} Ko de JSON, ${saved.json().result.targets[0].pathways.length} parcours`,
  );

  const measure = async (label: string, url: string) => {
    for (let i = 0; i < 20; i++) await time(() => get(url));
    const samples: number[] = [];
    for (let i = 0; i < RUNS; i++) samples.push(await time(() => get(url)));
    console.log(`${label.padEnd(46)} ${summary(samples)}`);
  };
  await measure(`mes bénéficiaires (${PEOPLE} personnes, page 1)`, '/api/v1/counselling/beneficiaries');
  await measure('à traiter cette semaine', '/api/v1/counselling/beneficiaries?action=true');
  await measure('fiche d’une personne (lecture tracée)', `/api/v1/counselling/beneficiaries/${person}`);
  await measure('ouvrir un parcours enregistré', `/api/v1/counselling/simulations/${simulation}`);
  await app.close();
} finally {
  await handle.close();
  if (server) await dropDatabase(server, name);
  if (folder) fs.rmSync(folder, { recursive: true, force: true });
}
