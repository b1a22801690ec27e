/**
 * Territory portrait, territory search and map outlines (GET /api/v1/territories/…), and what the
 * training pages read besides the search (GET /api/v1/trainings/places, offers/{source}/{numero}/places
 * and /certifications, dictionaries), on the project's hand-written sample plus LHEO fixtures.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import { importLheoFile } from '../../src/trainings/index.ts';
import { roundGeometry } from '../../src/territories/shapes.ts';
import { openSampleDatabase } from '../labour-market/sample-db.ts';
import { refusal } from '../helpers/refusal.ts';

let handle: DbHandle;
let app: App;
let work: string;

before(async () => {
  ({ handle } = await openSampleDatabase());
  // Offers of the fixtures (Nantes area, Angers, Le Mans); the first one's certification is
  // relabelled as the sample's CAP boulanger (Certif Info 99001).
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'portrait-lheo-'));
  const file = path.join(work, 'offres.xml');
  fs.writeFileSync(file, fs.readFileSync('test/fixtures/lheo/offres-pays-de-la-loire-2.3.xml', 'utf8').replace('>117123<', '>99001<'));
  await importLheoFile(handle.db, file);
  ({ app } = await buildServer(handle, { logger: false }));
});

after(async () => {
  await app?.close();
  await handle?.close();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

test('outlines are rounded to 4 decimals; degenerate rings and other geometries are refused', () => {
  assert.deepEqual(
    roundGeometry({
      type: 'Polygon',
      coordinates: [
        [
          [1.123456, 2.987654],
          [1.2, 2],
          [1.3, 2.1],
          [1.123456, 2.987654],
        ],
      ],
    }),
    {
      type: 'Polygon',
      coordinates: [
        [
          [1.1235, 2.9877],
          [1.2, 2],
          [1.3, 2.1],
          [1.1235, 2.9877],
        ],
      ],
    },
  );
  assert.match(String(roundGeometry({ type: 'Point', coordinates: [1, 2] })), /Polygon ou MultiPolygon attendu/);
  assert.match(
    String(
      roundGeometry({
        type: 'Polygon',
        coordinates: [
          [
            [1, 2],
            [1, 2],
            [1, 2],
            [1, 2],
          ],
        ],
      }),
    ),
    /vide/,
  );
});

test('GET /api/v1/territories/shapes: communes of a département as GeoJSON; départements empty without their file', async () => {
  const res = await app.inject('/api/v1/territories/shapes?level=commune&departement=49');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /application\/geo\+json/);
  const body = res.json();
  assert.equal(body.type, 'FeatureCollection');
  assert.deepEqual(
    body.features.map((f: { properties: { code: string } }) => f.properties.code),
    ['49007', '49069'],
  );
  assert.deepEqual(body.features[0].properties, { code: '49007', nom: 'Angers', commune: '49007' });
  assert.equal(body.features[0].geometry.type, 'Polygon');
  const deps = (await app.inject('/api/v1/territories/shapes')).json();
  assert.deepEqual(deps, { type: 'FeatureCollection', features: [] });

  const noDep = await app.inject('/api/v1/territories/shapes?level=commune');
  assert.equal(noDep.statusCode, 400);
  assert.equal(noDep.json().field, 'departement');
  const bad = await app.inject('/api/v1/territories/shapes?level=commune&departement=4x');
  assert.equal(bad.statusCode, 400);
  assert.match(bad.json().error, /code de département invalide/);
});

test('GET /api/v1/territories/search: communes, départements, régions, zones d’emploi by name or code', async () => {
  const angers = (await app.inject('/api/v1/territories/search?q=angers')).json();
  assert.deepEqual(angers[0], { level: 'commune', levelLabel: 'Commune', code: '49007', name: 'Angers', detail: '49000 · département 49' });
  const maine = (await app.inject('/api/v1/territories/search?q=maine%20et%20loire')).json();
  assert.ok(
    maine.some((h: { level: string; code: string }) => h.level === 'departement' && h.code === '49'),
    JSON.stringify(maine),
  );
  const region = (await app.inject('/api/v1/territories/search?q=52')).json();
  assert.ok(region.some((h: { level: string; name: string }) => h.level === 'region' && h.name === 'Pays de la Loire'));
  const loire = (await app.inject('/api/v1/territories/search?q=pays%20de%20la%20loire')).json();
  assert.equal(loire[0].level, 'region');
  assert.equal((await app.inject('/api/v1/territories/search?q=')).statusCode, 400);
});

/** Every object holding a figure also holds its provenance. */
function checkProvenance(value: unknown, where = '$'): number {
  if (Array.isArray(value)) return value.reduce<number>((n, v, i) => n + checkProvenance(v, `${where}[${i}]`), 0);
  if (!value || typeof value !== 'object') return 0;
  const o = value as Record<string, unknown>;
  let n = 0;
  if (['taux', 'tension', 'offres'].some((k) => typeof o[k] === 'number') && !('intitule' in o)) {
    for (const k of ['source', 'vintage', 'geoLevel', 'geoCode'])
      assert.ok(typeof o[k] === 'string' && (o[k] as string).length > 0, `${where} : ${k} manquant`);
    n++;
  }
  for (const [k, v] of Object.entries(o)) if (k !== 'formations') n += checkProvenance(v, `${where}.${k}`);
  return n;
}

test('portrait of a commune: population, unemployment, tensions in its bassin, most sought occupations, trainings nearby', async () => {
  const res = await app.inject('/api/v1/territories/commune/49007/portrait');
  assert.equal(res.statusCode, 200, res.body);
  const p = res.json();
  assert.equal(p.territory.name, 'Angers');
  assert.deepEqual(p.territory.departement, { code: '49', name: 'Maine-et-Loire' });
  assert.equal(p.territory.communes, 1);
  assert.ok(p.population.value > 100_000, `population ${p.population.value}`);
  assert.match(p.population.source, /INSEE/);
  assert.equal(p.chomage.departement.latest.geoCode, '49');
  assert.equal(p.chomage.region.latest.geoCode, '52');
  assert.ok(checkProvenance(p) >= 3);
  assert.equal(typeof p.tensions.scale, 'string');
  for (const i of p.metiersRecherches.items) assert.equal(i.geoLevel, 'bassin');
  assert.equal(p.formations.where, 'à moins de 15 km de Angers');
  assert.deepEqual(p.formations.search, { commune: '49007', rayon: '15' });
  assert.ok(p.formations.total >= 1, 'une offre des fixtures est à Angers');
  assert.equal(p.formations.items[0].lieu.ville, 'Angers');
});

test('portraits of the other levels; French 400 and 404', async () => {
  for (const [level, code, name] of [
    ['departement', '49', 'Maine-et-Loire'],
    ['region', '52', 'Pays de la Loire'],
    ['zone-emploi', '5216', 'Nantes'],
  ]) {
    const res = await app.inject(`/api/v1/territories/${level}/${code}/portrait`);
    assert.equal(res.statusCode, 200, `${level} ${code} : ${res.body}`);
    assert.equal(res.json().territory.name, name);
    checkProvenance(res.json());
  }
  const region = (await app.inject('/api/v1/territories/region/52/portrait')).json();
  assert.match(region.formations.where, /départements de la région/);
  assert.equal(region.chomage.departement, null);

  const epci = await app.inject('/api/v1/territories/epci/244900015/portrait');
  assert.equal(epci.statusCode, 200, epci.body);
  assert.equal(epci.json().territory.departement.code, '49');
  assert.ok(epci.json().territory.communes > 10);

  const bad = await app.inject('/api/v1/territories/commune/4900/portrait');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(refusal(bad), {
    error: 'paramètre de chemin « code » invalide : code commune INSEE à 5 caractères, ex. 49007',
    field: 'code',
  });
  const unknown = await app.inject('/api/v1/territories/commune/99999/portrait');
  assert.equal(unknown.statusCode, 404);
  assert.match(unknown.json().error, /Territoire inconnu/);
  assert.equal((await app.inject('/api/v1/territories/canton/49/portrait')).statusCode, 400);
});

test('GET /api/v1/trainings/places: one GeoJSON point per offer found, with the link to its page', async () => {
  const res = await app.inject('/api/v1/trainings/places?near=49007&radiusKm=200');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.type, 'FeatureCollection');
  assert.equal(body.features.length, body.total);
  assert.ok(body.total >= 2);
  for (const f of body.features) {
    assert.equal(f.geometry.type, 'Point');
    assert.match(f.properties.href, /^\/formations\/[^/]+\/[^/]+$/);
    assert.equal(typeof f.properties.title, 'string');
  }
  const bad = await app.inject('/api/v1/trainings/places?near=00000');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'near');
});

test('an offer: its places, its certifications with InserJeunes outcomes, the LHEO dictionaries', async () => {
  const places = await app.inject('/api/v1/trainings/offers/offres/PDL-0001/places');
  assert.equal(places.statusCode, 200, places.body);
  const features = places.json().features;
  assert.ok(features.length >= 1);
  assert.equal(features[0].properties.commune, '44162');
  assert.ok(['lheo', 'commune'].includes(features[0].properties.position));

  const certs = await app.inject('/api/v1/trainings/offers/offres/PDL-0001/certifications');
  assert.equal(certs.statusCode, 200, certs.body);
  const [c] = certs.json();
  assert.deepEqual(c.declared, { rncp: 'RNCP37874', certifinfo: '99001', rs: null });
  assert.equal(c.certification.label, 'CAP boulanger');
  for (const o of c.outcomes) for (const k of ['source', 'vintage', 'geoLevel', 'geoCode', 'voie']) assert.ok(o[k], k);

  for (const url of ['/api/v1/trainings/offers/offres/NOPE/places', '/api/v1/trainings/offers/offres/NOPE/certifications']) {
    const res = await app.inject(url);
    assert.equal(res.statusCode, 404, url);
    assert.match(res.json().error, /Offre de formation inconnue/);
  }
  const dict = (await app.inject('/api/v1/trainings/dictionaries')).json();
  assert.equal(dict['dict-financeurs'].entries['2'], 'Collectivité territoriale - Conseil régional');
});
