import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { writeDemoCatalogue } from '../../src/trainings/demo-catalogue.ts';
import { EXPLORE_MIN_SCORE, EXPLORE_MIN_TENSION, type PathwayResponse } from '../../src/guidance/pathways.ts';

/**
 * Pathways on the real bundle, with a demonstration catalogue imported into the test database
 * (the bundle's LHEO sample has 2 actions). Size 3,000 and seed « saint-nazaire » on 2026-12-01
 * give, within 50 km of Saint-Nazaire, offers of the titre professionnel Boulanger, a CQP and a
 * MC boulangerie (some CPF-eligible) and the CAP boulanger (open to apprenticeship, InserJeunes
 * rate published): checked when this seed was chosen, asserted below.
 */
const BUNDLE = bundleDir();
const TODAY = '2026-12-01';
const ROOT = path.resolve(import.meta.dirname, '../..');
let handle: DbHandle;
let app: App;
let work: string;

const BASE = { from: 'D1106', to: 'D1102', commune: '44184', radius: 50, today: TODAY };

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-pathways-'));
  const file = path.join(work, 'demo.xml');
  const out = fs.createWriteStream(file);
  await writeDemoCatalogue(handle.db, out, { size: 3000, seed: 'saint-nazaire', today: TODAY });
  await new Promise((r) => out.end(r));
  await importLheoFile(handle.db, file, { source: 'demo-parcours' });
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 10_000 }));
});

after(async () => {
  await app?.close();
  await handle?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

const cache = new Map<string, PathwayResponse>();
async function simulate(body: Record<string, unknown>): Promise<PathwayResponse> {
  const key = JSON.stringify(body);
  if (!cache.has(key)) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/pathways', payload: body });
    assert.equal(res.statusCode, 200, res.body);
    cache.set(key, res.json());
  }
  return cache.get(key)!;
}

const fundingIds = (r: PathwayResponse) => new Set(r.targets.flatMap((t) => t.pathways.flatMap((p) => p.funding.map((f) => f.id))));

test('a vendeur en épicerie in Saint-Nazaire, job seeker, gets certifying trainings towards boulanger within the radius and the job seeker’s funding', {
  skip: !BUNDLE,
}, async () => {
  const r = await simulate({ ...BASE, status: 'demandeur' });
  assert.equal(r.targets.length, 1);
  const t = r.targets[0];
  assert.equal(t.target.code, 'D1102');
  assert.ok(t.pathways.length >= 1 && t.pathways.length <= 5);
  const steps = t.pathways.flatMap((p) => p.steps).filter((s) => s.kind === 'formation-certifiante');
  assert.ok(steps.length >= 1, 'une formation certifiante');
  for (const s of steps) {
    assert.ok(s.training && s.training.certification?.linkedToTarget, 'certification reliée au métier visé');
    assert.ok(s.distance && s.distance.value <= 50, `dans le rayon : ${s.distance?.value}`);
  }
  const certifying = t.pathways.find((p) => p.steps.some((s) => s.kind === 'formation-certifiante'))!;
  assert.ok(certifying.startDates && certifying.startDates.dates.length > 0 && certifying.startDates.dates.every((d) => d >= TODAY));
  assert.ok(certifying.duration && certifying.duration.value > 0);
  assert.ok(t.tension.finest, 'tension du métier près de la commune');
  assert.equal(t.tension.finest!.geoLevel, 'bassin');
  // A job seeker's routes, not an employee's.
  const ids = fundingIds(r);
  assert.ok(ids.has('france-travail-aif'));
  assert.ok(
    [...ids].some((id) => id.startsWith('region-52')),
    'programme de la Région Pays de la Loire',
  );
  for (const id of ['plan-developpement-competences', 'transitions-pro-ptp', 'pro-a', 'periode-reconversion']) assert.ok(!ids.has(id), id);
  // The trainings are demonstration data, and the answer says so.
  assert.equal(r.demo, true);
  assert.ok(r.notes.some((n) => /démonstration/.test(n)));
  assert.ok(t.trainings.every((x) => x.demo));
  // Somewhere an employment rate with its cohort (CAP boulanger, InserJeunes).
  const rates = t.pathways.map((p) => p.employment).filter((e) => e !== null);
  assert.ok(rates.some((e) => e!.cohort !== null && e!.cohort! >= 20 && /InserJeunes/.test(e!.source)));
});

test('a salarié gets the CPF and the employer’s routes', { skip: !BUNDLE }, async () => {
  const ids = fundingIds(await simulate({ ...BASE, status: 'salarie' }));
  assert.ok(ids.has('cpf'));
  assert.ok(ids.has('plan-developpement-competences'));
  assert.ok(!ids.has('france-travail-aif'));
});

test('a person under 30 gets apprenticeship; at 45 it is left out, and said so', { skip: !BUNDLE }, async () => {
  const young = await simulate({ ...BASE, status: 'jeune', age: 24 });
  const p = young.targets[0].pathways.find((x) => x.id === 'apprentissage');
  assert.ok(p, 'parcours en apprentissage');
  const route = p!.funding.find((f) => f.id === 'apprentissage');
  assert.equal(route?.fit, 'oui');
  assert.ok(route!.sources.some((s) => /L6222-1/.test(s.label)));
  const older = await simulate({ ...BASE, status: 'demandeur', age: 45 });
  assert.ok(!older.targets[0].pathways.some((x) => x.id === 'apprentissage'));
  assert.ok(older.targets[0].pathways[0].fundingExcluded.some((x) => /apprentissage/.test(x) && /45 ans/.test(x)));
});

test('explore proposes occupations in tension near the person that the skills largely cover', { skip: !BUNDLE }, async () => {
  const r = await simulate({ from: 'D1106', explore: true, commune: '44184', radius: 50, status: 'demandeur', today: TODAY });
  assert.ok(r.targets.length >= 1 && r.targets.length <= 5);
  for (const t of r.targets) {
    assert.notEqual(t.target.code, 'D1106');
    assert.ok(t.match.value >= EXPLORE_MIN_SCORE * 100, `${t.target.code} ${t.match.value}`);
    assert.ok(t.tension.finest && t.tension.finest.value >= EXPLORE_MIN_TENSION);
    assert.ok(t.pathways.length <= 1);
  }
});

/** Numbers outside a Figure: inputs echoed back, counts and the model's per-skill weights. */
const NOT_FIGURES = new Set(['radiusKm', 'age', 'threshold', 'weight', 'niveau', 'offersNearby']);

function checkFigures(value: unknown, where: string, bad: string[]): void {
  if (Array.isArray(value)) return value.forEach((v, i) => checkFigures(v, `${where}/${i}`, bad));
  if (!value || typeof value !== 'object') return;
  const o = value as Record<string, unknown>;
  const isFigure = typeof o.value === 'number';
  if (isFigure && !(typeof o.source === 'string' && o.source && typeof o.vintage === 'string' && o.vintage))
    bad.push(`${where}: sans source ou millésime`);
  for (const [k, v] of Object.entries(o)) {
    if (typeof v === 'number' && !isFigure && !NOT_FIGURES.has(k)) bad.push(`${where}/${k} = ${v} hors d’un chiffre sourcé`);
    checkFigures(v, `${where}/${k}`, bad);
  }
}

test('every figure shown names its source and vintage', { skip: !BUNDLE }, async () => {
  const bad: string[] = [];
  let figures = 0;
  for (const body of [
    { ...BASE, status: 'demandeur' },
    { ...BASE, status: 'salarie' },
    { ...BASE, status: 'jeune', age: 24 },
    { from: 'D1106', explore: true, commune: '44184', radius: 50, status: 'demandeur', today: TODAY },
  ]) {
    const r = await simulate(body);
    checkFigures(r, '', bad);
    figures += JSON.stringify(r).split('"vintage"').length - 1;
  }
  assert.deepEqual(bad, []);
  assert.ok(figures > 20);
  // Legal sources of the funding routes too.
  const r = await simulate({ ...BASE, status: 'salarie' });
  for (const f of r.targets[0].pathways.flatMap((p) => p.funding)) {
    assert.ok(f.sources.length > 0 && f.sources.every((s) => s.label && s.url && s.vintage), f.id);
  }
});

test('bad input gets a 400 with a French message naming the field', { skip: !BUNDLE }, async () => {
  const cases: [Record<string, unknown>, string, RegExp][] = [
    [{ ...BASE, status: 'demandeur', from: 'Z9999' }, 'from', /code ROME inconnu/],
    [{ ...BASE, status: 'demandeur', to: 'D9999' }, 'to', /code ROME inconnu/],
    [{ ...BASE, status: 'demandeur', commune: '99999' }, 'commune', /commune inconnue/],
    [{ ...BASE, status: 'demandeur', radius: 0 }, 'radius', /rayon invalide/],
    [{ ...BASE, status: 'demandeur', radius: -3 }, 'radius', /rayon invalide/],
    [{ ...BASE, status: 'demandeur', radius: 201 }, 'radius', /rayon invalide/],
    [{ ...BASE, status: 'demandeur', from: undefined, skills: [] }, 'skills', /liste de compétences vide/],
    [{ ...BASE, status: 'retraite' }, 'status', /statut invalide/],
    [{ ...BASE, status: 'demandeur', to: undefined }, 'to', /métier visé/],
  ];
  for (const [body, field, message] of cases) {
    const res = await app.inject({ method: 'POST', url: '/api/v1/pathways', payload: body });
    assert.equal(res.statusCode, 400, `${field}: ${res.body}`);
    const json = res.json();
    assert.equal(json.field, field);
    assert.match(json.error, message);
  }
  const missing = await app.inject({
    method: 'POST',
    url: '/api/v1/pathways',
    payload: { from: 'D1106', to: 'D1102', radius: 10, status: 'jeune' },
  });
  assert.equal(missing.statusCode, 400);
  assert.equal(missing.json().field, 'commune');
});

test('CLI: pathways simulate with a radius of 0 fails with the same French message', { skip: !BUNDLE }, () => {
  // A fresh PGlite folder (never the server of DATABASE_URL): the form is checked before the data.
  const db = path.join(work, 'cli-db');
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin/passerelles.js'),
      'pathways',
      'simulate',
      '--from',
      'D1106',
      '--to',
      'D1102',
      '--commune',
      '44184',
      '--radius',
      '0',
      '--status',
      'demandeur',
      '--json',
    ],
    {
      env: { ...process.env, PASSERELLES_DB: db, DATABASE_URL: '' },
      encoding: 'utf8',
      cwd: ROOT,
    },
  );
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /--radius : rayon invalide/);
  assert.equal(r.stdout, '');
});
