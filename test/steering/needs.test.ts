/**
 * Needs per sector and territory on a hand-made région (99, départements 91 and 92): BMO projects
 * by bassin × métier, the tension of ROME métiers by bassin, school places placed in their bassin
 * and linked to a domain through their diploma's ROME. Every figure below is worked out by hand.
 *
 *   The région: 66 places for 300 + 150 + 50 + 50 = 550 non-seasonal projects, 12 places for 100;
 *   a cell with at least 300 non-seasonal projects and under 6 places for 100 is to build.
 *
 *   bassin 9101 Nord   B bâtiment   200 + 100 = 300 projets, 170 difficiles (57 %); places 12
 *                                    → 4 places for 100 projects: to build; tension (5 × 10 + 4 × 10) / 20 = 4.5
 *                      R commerce   150 projets (+ one secret métier), places 30 → 20 for 100: enough
 *                      S hôtellerie 400 projets, of which 350 seasonal: no place, but 50 projects only
 *   bassin 9201 Sud    B bâtiment    50 projets, places 24
 *   bassin Nord spans départements 91 and 92: its part in 92 has one (secret) bâtiment métier.
 *   BMO 2023 (999 projects) never read; a school without commune (10 places) and a diploma without
 *   ROME (8 places) are counted apart; a Paris school (075…) never.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/db.ts';
import { startServer } from '../identity/helpers.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { figuresDb, type FiguresDb } from '../../src/steering/figures-db.ts';
import { computeNeeds, needsText } from '../../src/steering/needs.ts';
import type { Needs } from '../../src/steering/needs-contract.ts';

let handle: DbHandle;
let db: FiguresDb;

const bmo = (
  vintage: string,
  bassin: string,
  metier: string,
  projets: number | null,
  difficiles: number | null,
  saisonniers: number | null = null,
) => ({
  vintage,
  bassin,
  bassin_name: bassin === '9101' ? 'NORD' : 'SUD',
  departement: bassin.slice(0, 2),
  region: '99',
  metier,
  metier_label: `métier ${metier}`,
  famille: 'Z',
  famille_label: 'Autres métiers',
  projets,
  difficiles,
  saisonniers,
  run_id: null,
});

const place = (uai: string, mef: string, cfd: string, capacity: number) => ({
  source: 'affelnet' as const,
  vintage: '2022',
  uai,
  mefstat11: mef,
  statut: 'scolaire' as const,
  label: null,
  cfd,
  capacity,
  wishes: 0,
  run_id: null,
});

const tension = (bassin: string, rome: string, value: number, offres: number) => ({
  source: 'France Travail',
  vintage: '2021',
  geo_level: 'bassin',
  geo_code: bassin,
  rome,
  offres,
  demandeurs: null,
  tension: value,
  run_id: null,
});

before(async () => {
  handle = await openTestDatabase();
  db = figuresDb(handle.db);
  await db.insertInto('region').values({ code: '99', name: 'Région d’essai', run_id: null }).execute();
  await db
    .insertInto('departement')
    .values([
      { code: '91', name: 'Nord d’essai', region: '99', run_id: null },
      { code: '92', name: 'Sud d’essai', region: '99', run_id: null },
    ])
    .execute();
  await db
    .insertInto('steering_bmo')
    .values([
      bmo('2024', '9101', 'B0Z20', 200, 120),
      bmo('2024', '9101', 'B1Z40', 100, 50),
      bmo('2024', '9101', 'R1Z60', null, null),
      bmo('2024', '9101', 'R2Z80', 150, 30),
      bmo('2024', '9101', 'S1X40', 400, 100, 350),
      bmo('2024', '9201', 'B0Z20', 50, 10),
      // The part of bassin Nord in département 92 (a bassin that spans two départements), its one métier secret.
      { ...bmo('2024', '9101', 'B0Z20', null, null), departement: '92' },
      bmo('2023', '9101', 'B0Z20', 999, 0),
    ])
    .execute();
  await db
    .insertInto('steering_bassin_commune')
    .values([
      { vintage: '2024', commune: '91001', bassin: '9101', bassin_name: 'NORD', departement: '91', region: '99', run_id: null },
      { vintage: '2024', commune: '92001', bassin: '9201', bassin_name: 'SUD', departement: '92', region: '99', run_id: null },
    ])
    .execute();
  await db
    .insertInto('steering_uai_commune')
    .values([
      { uai: '0910001A', commune: '91001', name: 'Lycée du Nord', source: 'affelnet', run_id: null },
      { uai: '0910004D', commune: '91001', name: 'Lycée sans métier', source: 'affelnet', run_id: null },
      { uai: '0920002B', commune: '92001', name: 'Lycée du Sud', source: 'affelnet', run_id: null },
      { uai: '0750001A', commune: '91001', name: 'Lycée de Paris (mal placé)', source: 'affelnet', run_id: null },
    ])
    .execute();
  await db
    .insertInto('steering_demand')
    .values([
      place('0910001A', 'E1', 'C_BAT', 12),
      place('0910001A', 'E2', 'C_COM', 30),
      place('0920002B', 'E1', 'C_BAT', 24),
      place('0910003C', 'E1', 'C_BAT', 10),
      place('0910004D', 'E3', 'C_NONE', 8),
      place('0750001A', 'E1', 'C_BAT', 500),
    ])
    .execute();
  const cert = (code: string, cfd: string) => ({ code, label: `Certification ${code}`, rs: [], ideo: [], cfd, run_id: null });
  await db
    .insertInto('certification')
    .values([cert('CERT1', 'C_BAT'), cert('CERT2', 'C_COM')])
    .execute();
  await db
    .insertInto('certification_rome')
    .values([
      // The bâtiment diploma's first ROME decides its domain, not the commerce one it lists second.
      { certification: 'CERT1', rome: 'F1701', rang: 1, status: 'fiche', run_id: null },
      { certification: 'CERT1', rome: 'D1106', rang: 2, status: 'fiche', run_id: null },
      { certification: 'CERT2', rome: 'D1106', rang: 1, status: 'fiche', run_id: null },
    ])
    .execute();
  await db
    .insertInto('fap_rome')
    .values([
      { fap: 'B0Z20', rome: 'F1701', rome_label: 'Construction en béton', marker: null, run_id: null },
      { fap: 'B0Z21', rome: 'F1702', rome_label: 'Construction de routes', marker: null, run_id: null },
      { fap: 'R4Z60', rome: 'D1106', rome_label: 'Vente en alimentation', marker: null, run_id: null },
    ])
    .execute();
  await db
    .insertInto('tension_rome_bassin')
    .values([tension('9101', 'F1701', 5, 10), tension('9101', 'F1702', 4, 10), tension('9201', 'F1701', 2, 5)])
    .execute();
});
after(async () => {
  await handle?.close();
});

test('un bassin × domaine avec beaucoup de projets et peu de places : offre de formation à construire, avec sa raison', async () => {
  const n = await computeNeeds(db, { region: '99' });
  assert.equal(n.vintages.bmo, '2024');
  assert.deepEqual(
    n.toBuild.map((c) => [c.bassinName, c.famille, c.reason]),
    [
      [
        'NORD',
        'B',
        '300 projets de recrutement (57 % difficiles) pour 12 places de formation initiale : 4 pour 100 projets non saisonniers, contre 12 dans la région ; métiers en forte tension (4,5 sur 5)',
      ],
    ],
  );
  assert.deepEqual(
    n.cells.map((c) => [c.bassin, c.famille, c.projets, c.saisonniers, c.places, c.placesPer100Projects, c.tension, c.toBuild]),
    [
      ['9101', 'S', 400, 350, 0, 0, null, false],
      ['9101', 'B', 300, 0, 12, 4, 4.5, true],
      ['9101', 'R', 150, 0, 30, 20, null, false],
      ['9201', 'B', 50, 0, 24, 48, 2, false],
    ],
  );
  assert.equal(n.regionalPlacesPer100, 12);
  assert.equal(n.cells[1].secretMetiers, 1);
  assert.equal(n.cells[1].departement, '91, 92');
  const commerce = n.cells.find((c) => c.famille === 'R')!;
  assert.equal(commerce.secretMetiers, 1);
  assert.equal(commerce.familleLabel, 'Commerce');
  assert.equal(n.unplacedPlaces, 10);
  assert.equal(n.unlinkedPlaces, 8);
  assert.deepEqual(
    n.byFamily.map((f) => [f.famille, f.projets, f.places, f.toBuild]),
    [
      ['S', 400, 0, 0],
      ['B', 350, 36, 1],
      ['R', 150, 30, 0],
    ],
  );
  assert.deepEqual(n.bassins, [
    { code: '9101', name: 'NORD', departement: '91, 92' },
    { code: '9201', name: 'SUD', departement: '92' },
  ]);
});

test('filtres bassin et domaine ; texte du terminal ; erreurs en français', async () => {
  const sud = await computeNeeds(db, { region: '99', bassin: '9201' });
  assert.deepEqual(
    sud.cells.map((c) => [c.bassin, c.famille]),
    [['9201', 'B']],
  );
  assert.deepEqual(
    sud.byFamily.map((f) => [f.famille, f.projets]),
    [['B', 50]],
  );
  const batiment = await computeNeeds(db, { region: '99', famille: 'B' });
  assert.deepEqual(
    batiment.cells.map((c) => c.bassin),
    ['9101', '9201'],
  );
  const text = needsText(await computeNeeds(db, { region: '99' }));
  assert.match(text, /Offre de formation à construire \(1\) :\n {2}NORD \(9101\) — Bâtiment, travaux publics : 300 projets de recrutement/);
  assert.match(
    text,
    /au moins 300 projets de recrutement non saisonniers dans le bassin pour le domaine, .* \(12 pour 100 dans la région : moins de 6\)/,
  );
  await assert.rejects(computeNeeds(db, { region: '99', bassin: '5218' }), /bassin 5218 absent de l’enquête BMO de la région/);
  await assert.rejects(computeNeeds(db, { region: '99', famille: 'Y' }), /domaine professionnel « Y » inconnu/);
});

test('l’API publique GET /api/v1/steering/needs, ses filtres et ses erreurs en français', async () => {
  const server = await startServer(handle);
  try {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/steering/needs?region=99&famille=B' });
    assert.equal(res.statusCode, 200);
    const body = res.json() as Needs;
    assert.deepEqual(
      body.toBuild.map((c) => [c.bassin, c.famille, c.places, c.projets]),
      [['9101', 'B', 12, 300]],
    );
    const bad = await server.app.inject({ method: 'GET', url: '/api/v1/steering/needs?region=99&famille=bâtiment' });
    assert.equal(bad.statusCode, 400);
    const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/steering/needs?region=99&bassin=5218' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().error, /bassin 5218 absent/);
  } finally {
    await server.app.close();
  }
});
