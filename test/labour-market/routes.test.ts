/**
 * GET /api/v1/occupations/{code}/territory/{level}/{territoryCode} on the hand-written sample: the
 * figures at the finest level, each with source, vintage and geographic level; 400 and 404 in French.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openSampleDatabase } from './sample-db.ts';
import { importLheoFile } from '../../src/trainings/index.ts';
import { refusal } from '../helpers/refusal.ts';

let handle: DbHandle;
let app: App;

before(async () => {
  ({ handle } = await openSampleDatabase());
  ({ app } = await buildServer(handle, { logger: false }));
});

after(async () => {
  await app?.close();
  await handle?.close();
});

const FIGURE_KEYS = ['tension', 'taux', 'tauxEmploi6Mois', 'intensiteEmbauches', 'offres'];

/** Every object holding a figure also holds its provenance; returns how many figures were seen. */
function checkProvenance(value: unknown, where = '$'): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v, i) => n + checkProvenance(v, `${where}[${i}]`), 0);
  if (!value || typeof value !== 'object') return 0;
  const o = value as Record<string, unknown>;
  let n = 0;
  if (FIGURE_KEYS.some((k) => typeof o[k] === 'number' || (k in o && o[k] === null && 'geoLevel' in o))) {
    for (const k of ['source', 'vintage', 'geoLevel', 'geoCode']) {
      assert.equal(typeof o[k], 'string', `${where} : ${k} manquant`);
      assert.ok((o[k] as string).length > 0, `${where} : ${k} vide`);
    }
    n++;
  }
  for (const [k, v] of Object.entries(o)) n += checkProvenance(v, `${where}.${k}`);
  return n;
}

test('a commune: tension at its département and bassin BMO, unemployment, outcomes of the diplomas, each with provenance', async () => {
  const res = await app.inject('/api/v1/occupations/d1102/territory/commune/44109');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.deepEqual(body.occupation, { code: 'D1102', label: 'Boulanger / Boulangère', romeV3Parent: 'D1102' });
  assert.deepEqual(body.territory, {
    level: 'commune',
    code: '44109',
    name: 'Nantes',
    departement: { code: '44', name: 'Loire-Atlantique' },
    region: { code: '52', name: 'Pays de la Loire' },
    bassinBmo: { code: 'EX01', name: 'NANTES (EXEMPLE)' },
    zoneEmploi: { code: '5216', name: 'Nantes' },
  });
  assert.deepEqual(
    body.tension.dares.map((d: { fap: string; geoLevel: string; geoCode: string }) => [d.fap, d.geoLevel, d.geoCode]),
    [
      ['S0Z42', 'dep', '44'],
      ['S0Z20', 'dep', '44'],
    ],
  );
  assert.equal(body.tension.bassin.geoCode, 'EX01');
  assert.equal(body.tension.bassin.vintage, '2021');
  assert.match(body.tension.scales.tension, /centré-réduit/);
  assert.deepEqual([body.chomage.departement.latest.geoCode, body.chomage.departement.latest.taux], ['44', 5.4]);
  assert.deepEqual([body.chomage.region.latest.geoCode, body.chomage.region.latest.taux], ['52', 5.7]);
  assert.deepEqual(
    body.insertion.items.map((i: { cfd: string }) => i.cfd),
    // Strong links first, the CAP pâtissier (a side way in) last (issue 18).
    ['50099101', '01099102', '45099103', '50099104'],
  );
  const cap = body.insertion.items[0].outcomes[0];
  assert.deepEqual(
    [cap.voie, cap.vintage, cap.geoLevel, cap.geoCode, cap.tauxEmploi6Mois, cap.effectifs.sortants],
    ['apprentissage', '2022_2023', 'reg', '52', 61, 85],
  );
  assert.deepEqual(body.formationsProches, { total: 0, items: [] }, 'aucune offre de formation importée');
  assert.deepEqual(body.notes, []);
  assert.ok(checkProvenance(body) >= 15, 'des chiffres, tous avec leur provenance');
});

test('other levels: région, département, bassin, zone d’emploi', async () => {
  const region = (await app.inject('/api/v1/occupations/D1102/territory/region/52')).json();
  assert.deepEqual(
    region.tension.dares.map((d: { geoLevel: string; geoCode: string }) => `${d.geoLevel}:${d.geoCode}`),
    ['reg:52', 'reg:52'],
  );
  assert.equal(region.chomage.departement, null);
  assert.equal(region.tension.bassin, null);
  checkProvenance(region);

  const anjou = (await app.inject('/api/v1/occupations/D1102/territory/departement/49')).json();
  assert.equal(anjou.territory.name, 'Maine-et-Loire');
  assert.deepEqual(
    anjou.tension.dares.map((d: { geoLevel: string }) => d.geoLevel),
    ['dep', 'reg'],
  );

  const bassin = (await app.inject('/api/v1/occupations/D1102/territory/bassin/ex06')).json();
  assert.deepEqual([bassin.territory.name, bassin.territory.departement.code], ['SAINT NAZAIRE (EXEMPLE)', '44']);
  assert.deepEqual([bassin.tension.bassin.geoCode, bassin.tension.bassin.tension], ['EX06', 4]);

  const ze = (await app.inject('/api/v1/occupations/D1102/territory/zone-emploi/5216')).json();
  assert.equal(ze.territory.departement.code, '44');
  assert.ok(
    ze.notes.some((n: string) => /pas publiés par zone d’emploi/.test(n)),
    ze.notes.join('\n'),
  );

  const vendeur = (await app.inject('/api/v1/occupations/D1106/territory/commune/49007')).json();
  assert.deepEqual([vendeur.tension.dares[0].geoLevel, vendeur.tension.bassin.geoCode], ['reg', 'EX02']);
  assert.deepEqual(vendeur.insertion, { certifications: 0, sansDonnees: 0, items: [] });
});

test('trainings leading to the occupation: within 30 km of a commune, or in the département', async () => {
  // A hand-written offer of the test fixtures, taught in La Roche-sur-Yon, relabelled as leading to D1102.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'territory-lheo-'));
  const file = path.join(dir, 'offres-boulanger.xml');
  const fixture = fs.readFileSync('test/fixtures/lheo/offre-iso-8859-1-2.2.xml', 'latin1');
  fs.writeFileSync(file, fixture.replaceAll('>K1302<', '>D1102<'), 'latin1');
  try {
    await importLheoFile(handle.db, file);
    const near = (await app.inject('/api/v1/occupations/D1102/territory/commune/85191')).json();
    assert.ok(near.formationsProches.total >= 1, JSON.stringify(near.formationsProches));
    for (const hit of near.formationsProches.items) assert.ok(hit.lieu.distanceKm <= 30, `${hit.lieu.distanceKm} km`);
    const far = (await app.inject('/api/v1/occupations/D1102/territory/commune/44109')).json();
    assert.equal(far.formationsProches.total, 0, 'Nantes est à plus de 30 km de La Roche-sur-Yon');
    const dep = (await app.inject('/api/v1/occupations/D1102/territory/departement/85')).json();
    assert.equal(dep.formationsProches.total, near.formationsProches.total);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('400 with a French message naming the field; 404 for unknown codes', async () => {
  const level = await app.inject('/api/v1/occupations/D1102/territory/canton/44');
  assert.equal(level.statusCode, 400);
  assert.equal(level.json().field, 'level');
  assert.match(level.json().error, /« level » invalide : valeurs permises : commune, departement, region, bassin, zone-emploi/);

  const commune = await app.inject('/api/v1/occupations/D1102/territory/commune/4410');
  assert.equal(commune.statusCode, 400);
  assert.deepEqual(refusal(commune), {
    error: 'paramètre de chemin « territoryCode » invalide : code commune INSEE à 5 caractères, ex. 44109',
    field: 'territoryCode',
  });
  const rome = await app.inject('/api/v1/occupations/boulanger/territory/commune/44109');
  assert.equal(rome.statusCode, 400);
  assert.equal(rome.json().field, 'code');

  const unknownRome = await app.inject('/api/v1/occupations/B9999/territory/commune/44109');
  assert.equal(unknownRome.statusCode, 404);
  assert.deepEqual(refusal(unknownRome), { error: 'Fiche ROME inconnue : B9999', field: 'code' });
  const unknownCommune = await app.inject('/api/v1/occupations/D1102/territory/commune/99999');
  assert.equal(unknownCommune.statusCode, 404);
  assert.deepEqual(refusal(unknownCommune), { error: 'Commune inconnue : 99999', field: 'territoryCode' });
  const unknownRegion = await app.inject('/api/v1/occupations/D1102/territory/region/99');
  assert.deepEqual([unknownRegion.statusCode, unknownRegion.json().error], [404, 'Région inconnue : 99']);
});

test('the route is in the OpenAPI document', async () => {
  const doc = (await app.inject('/api/docs/json')).json();
  assert.ok(doc.paths['/api/v1/occupations/{code}/territory/{level}/{territoryCode}']?.get, Object.keys(doc.paths).join(', '));
});
