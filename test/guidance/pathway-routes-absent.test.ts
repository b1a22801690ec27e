/**
 * Issue 18: the simulator says which kinds of pathway it proposes and why each other one is absent
 * (POST /api/v1/pathways, `targets[].routes`), from its own decisions: a kind is « proposed »
 * exactly when a pathway of that kind is in the answer, every other kind has a French reason.
 * Real bundle and the demonstration catalogue of test/guidance/pathways.test.ts (seed
 * « saint-nazaire »): a vendeur en épicerie near Saint-Nazaire towards boulanger covers about a
 * fifth of it (no direct application, no VAE); a chef boulanger covers half of it (VAE proposed).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { PATHWAY_ROUTES, type PathwayResponse } from '../../src/guidance/pathways.ts';

const BUNDLE = bundleDir();
const TODAY = '2026-12-01';
const BASE = { from: 'D1106', to: 'D1102', commune: '44184', radius: 50, today: TODAY };
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  await importDemoCatalogue(handle, { size: 3000, seed: 'saint-nazaire', today: TODAY, source: 'demo-parcours' });
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 10_000 }));
});

after(async () => {
  await app?.close();
  await handle?.close();
});

async function simulate(body: Record<string, unknown>): Promise<PathwayResponse> {
  const res = await app.inject({ method: 'POST', url: '/api/v1/pathways', payload: body });
  assert.equal(res.statusCode, 200, res.body);
  return res.json();
}

/** Every kind once, in the simulator's order; proposed exactly when shown; a reason for every other. */
function assertConsistent(r: PathwayResponse): void {
  for (const t of r.targets) {
    assert.deepEqual(
      t.routes.map((x) => x.kind),
      Object.keys(PATHWAY_ROUTES),
    );
    for (const route of t.routes) {
      const shown = t.pathways.some((p) => p.id === route.kind);
      assert.equal(route.proposed, shown, `${t.target.code} ${route.kind}`);
      if (shown) assert.equal(route.reason, null);
      else assert.match(route.reason ?? '', /^Pas (de |d’).+ : .+\.$/, `${t.target.code} ${route.kind} : ${route.reason}`);
    }
  }
}

const reason = (r: PathwayResponse, kind: string) => r.targets[0].routes.find((x) => x.kind === kind)?.reason ?? '';

test('a vendeur en épicerie towards boulanger: no direct application and no VAE, each with the share covered', {
  skip: !BUNDLE,
}, async () => {
  const r = await simulate({ ...BASE, status: 'demandeur', age: 35 });
  assertConsistent(r);
  assert.match(
    reason(r, 'candidature'),
    /^Pas de candidature directe : vos compétences couvrent \d+(,\d)? % du métier, il en faut au moins 60 %\.$/,
  );
  assert.match(
    reason(r, 'vae'),
    /vos compétences couvrent \d+(,\d)? % du métier Boulanger \/ Boulangère \(.+\), il en faut au moins 50 %\.$/,
  );
  assert.equal(
    reason(r, 'apprentissage'),
    'Pas d’apprentissage : vous avez indiqué 35 ans, il est ouvert de 16 à 29 ans révolus au début du contrat, sauf exceptions.',
  );
  assert.ok(r.targets[0].routes.find((x) => x.kind === 'formation-certifiante')?.proposed, 'formation certifiante proposée');
});

test('a salarié gets no professionalisation contract, said by status', { skip: !BUNDLE }, async () => {
  const r = await simulate({ ...BASE, status: 'salarie', age: 45 });
  assertConsistent(r);
  assert.equal(reason(r, 'professionnalisation'), 'Pas de contrat de professionnalisation : non ouvert au statut « salarié ».');
});

test('a chef boulanger towards boulanger may have their experience validated', { skip: !BUNDLE }, async () => {
  const r = await simulate({ ...BASE, from: 'D1108', status: 'demandeur' });
  assertConsistent(r);
  assert.ok(r.targets[0].routes.find((x) => x.kind === 'vae')?.proposed, 'VAE proposée');
});

test('nothing within a small radius far from the offers: the certifying routes say there is no training near', {
  skip: !BUNDLE,
}, async () => {
  // Île d’Yeu (85113): no baker training within 5 km.
  const r = await simulate({ ...BASE, commune: '85113', radius: 5, status: 'jeune', age: 19 });
  assertConsistent(r);
  assert.match(reason(r, 'formation-certifiante'), /aucune formation menant à ce métier à moins de 5 km/);
  assert.match(reason(r, 'apprentissage'), /aucune formation menant à ce métier à moins de 5 km/);
});

test('explore: routes beyond the best pathway of each occupation are said to be left out', { skip: !BUNDLE }, async () => {
  const r = await simulate({ from: 'D1106', explore: true, commune: '44184', radius: 50, status: 'demandeur', today: TODAY });
  assertConsistent(r);
});
