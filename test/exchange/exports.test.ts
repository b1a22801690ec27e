/**
 * Bulk exports (issue 14) over the real bundle (its two LHEO samples, the ROME 4.0 and ESCO files)
 * plus the test catalogue of Pays de la Loire and the hostile-text offer: the catalogue and its
 * counts, the training offer as CSV (read by csv-parse), JSON, GeoJSON (points in the region) and
 * LHEO 2.3 (valid against the XSD, read back by the LHEO reader), the filters and their French
 * refusals, the occupations as CSV and JSON, pages of the keyset reading that join without gap or
 * double, and the CLI writing the same bytes as the API.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { readLheo } from '../../src/trainings/lheo/read.ts';
import type { ExportCatalogue, OccupationExportRow, OfferExportRow } from '../../src/exchange/exports-contract.ts';
import { OFFER_COLUMNS, offerRowPages } from '../../src/exchange/exports-offers.ts';
import { occupationRowPages } from '../../src/exchange/exports-occupations.ts';
import { bundleCliDatabase, bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { startServer, type TestServer } from '../identity/helpers.ts';
import { CATALOGUE, HOSTILE, tempDir, xsdCheck } from '../trainings/lheo-helpers.ts';

const BUNDLE = bundleDir();
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');
/** Pays de la Loire, with a margin: where the test catalogue's places are. */
const REGION = { west: -2.7, east: 1.0, south: 46.2, north: 48.6 };
const BOM = '\uFEFF';

let server: TestServer;
let handle: DbHandle;
const work = tempDir('passerelles-exports-');

before(async () => {
  if (!BUNDLE) return;
  handle = await openBundleDatabase();
  await importLheoFile(handle.db, CATALOGUE);
  await importLheoFile(handle.db, HOSTILE);
  server = await startServer(handle);
});
after(async () => {
  await server?.close();
});

const skip = BUNDLE ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

async function get(url: string) {
  const res = await server.app.inject(url);
  return res;
}

/** The rows the offer export must hold: one per place of an action, one per action without place. */
async function expectedOfferRows(): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT (SELECT count(*) FROM training_lieu)::int
      + (SELECT count(*) FROM training_action a WHERE NOT EXISTS (
          SELECT 1 FROM training_lieu l WHERE l.source = a.source AND l.formation = a.formation AND l.action = a.action))::int
      + (SELECT count(*) FROM training_formation f WHERE NOT EXISTS (
          SELECT 1 FROM training_action a WHERE a.source = f.source AND a.formation = f.formation))::int AS n`.execute(handle.db);
  return rows[0].n;
}

async function fiches(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`.execute(handle.db);
  return rows[0].n;
}

function csvRows(body: string): Record<string, string>[] {
  assert.ok(body.startsWith(BOM), 'le CSV commence par le BOM (tableurs)');
  return parse(body.slice(1), { columns: true, relax_column_count: false, skip_empty_lines: false });
}

test('the catalogue lists every export with its formats, its counts and its date', { skip }, async () => {
  const res = await get('/api/v1/exports');
  assert.equal(res.statusCode, 200, res.body);
  const catalogue: ExportCatalogue = res.json();
  assert.deepEqual(
    catalogue.exports.map((e) => e.id),
    ['offre-formation', 'metiers', 'indicateurs'],
  );
  const [offers, occupations, indicators] = catalogue.exports;
  assert.deepEqual(
    offers.formats.map((f) => f.url),
    ['/api/v1/exports/offers.csv', '/api/v1/exports/offers.json', '/api/v1/exports/offers.geojson', '/api/v1/exports/offers.xml'],
  );
  assert.equal(offers.rows, await expectedOfferRows());
  assert.equal(occupations.rows, await fiches());
  assert.ok(offers.updatedAt && Date.parse(offers.updatedAt) > 0);
  const { rows: runs } = await sql<{ id: number }>`SELECT max(id) AS id FROM import_run`.execute(handle.db);
  assert.equal(catalogue.dataVersion, runs[0].id);
  // The indicators are steering's files, listed with their required scale.
  assert.deepEqual(
    indicators.formats.map((f) => f.url),
    [
      '/api/v1/steering/open-data/indicators.csv',
      '/api/v1/steering/open-data/indicators.json',
      '/api/v1/steering/open-data/indicators.geojson',
    ],
  );
  assert.ok(indicators.parameters.find((p) => p.name === 'level')?.values?.includes('departement'));
  // Every address of the catalogue answers.
  for (const e of [offers, occupations])
    for (const f of e.formats) {
      const r = await get(f.url);
      assert.equal(r.statusCode, 200, `${f.url} : ${r.body.slice(0, 200)}`);
      assert.equal(String(r.headers['content-type']).split(';')[0], f.mediaType);
    }
});

test('offers as CSV: a file named for download, one row per place, the text exactly as stored', { skip }, async () => {
  const res = await get('/api/v1/exports/offers.csv');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^text\/csv; charset=utf-8/);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="offre-formation.csv"');
  const rows = csvRows(res.body);
  assert.deepEqual(Object.keys(rows[0]), [...OFFER_COLUMNS]);
  assert.equal(rows.length, await expectedOfferRows());
  // The real sample of the bundle, and the test catalogue's offers with their places.
  assert.ok(rows.some((r) => r.intitule === 'Titre professionnel plaquiste' && r.ville === 'Veigné'));
  const pdl1 = rows.filter((r) => r.formation === 'PDL-0001');
  assert.ok(pdl1.length >= 1);
  assert.equal(pdl1[0].departement, '44');
  assert.equal(pdl1[0].certifiante, 'oui');
  // An action given at a distance, without a place: one row, its place columns empty.
  const remote = rows.filter((r) => r.formation === 'PDL-0003');
  assert.equal(remote.length, 1);
  assert.deepEqual([remote[0].lieu, remote[0].ville, remote[0].latitude], ['', '', '']);
  // Quotes, commas, markup and line breaks come back unchanged through a real CSV parser.
  const { rows: stored } = await sql<{ intitule: string }>`
    SELECT intitule FROM training_formation WHERE source = 'texte-hostile'`.execute(handle.db);
  const hostile = rows.filter((r) => r.source === 'texte-hostile');
  assert.ok(hostile.length >= 1);
  assert.equal(hostile[0].intitule, stored[0].intitule);
  assert.match(hostile[0].intitule, /<script>/);
  assert.equal(hostile[0].page, `/formations/texte-hostile/${encodeURIComponent(hostile[0].formation)}`);
});

test('offers as JSON: the same rows as the CSV, typed, and no raw markup in the text', { skip }, async () => {
  const [csv, json] = await Promise.all([get('/api/v1/exports/offers.csv'), get('/api/v1/exports/offers.json')]);
  assert.equal(json.statusCode, 200);
  assert.equal(json.headers['content-disposition'], 'attachment; filename="offre-formation.json"');
  assert.doesNotMatch(json.body, /[<>]/, 'le texte ne peut pas devenir du balisage');
  const rows: OfferExportRow[] = JSON.parse(json.body);
  const fromCsv = csvRows(csv.body);
  assert.equal(rows.length, fromCsv.length);
  assert.deepEqual(
    rows.map((r) => [r.source, r.formation, r.action, r.lieu, r.intitule]),
    fromCsv.map((r) => [r.source, r.formation, r.action || null, r.lieu === '' ? null : Number(r.lieu), r.intitule]),
  );
  const plaquiste = rows.find((r) => r.intitule === 'Titre professionnel plaquiste');
  assert.ok(plaquiste);
  assert.equal(typeof plaquiste.latitude, 'number');
  assert.equal(plaquiste.certifiante, true);
  assert.ok(plaquiste.sessions >= 1 && /^\d{4}-\d{2}-\d{2}$/.test(plaquiste.premiereSession ?? ''));
});

test('offers as GeoJSON: a point per place with coordinates, the others counted', { skip }, async () => {
  const res = await get('/api/v1/exports/offers.geojson');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  const collection = JSON.parse(res.body) as {
    type: string;
    features: { type: string; geometry: { type: string; coordinates: [number, number] }; properties: Record<string, unknown> }[];
    sansCoordonnees: number;
  };
  assert.equal(collection.type, 'FeatureCollection');
  assert.equal(collection.features.length + collection.sansCoordonnees, await expectedOfferRows());
  const catalogue: ExportCatalogue = (await get('/api/v1/exports')).json();
  assert.equal(catalogue.exports[0].withoutCoordinates, collection.sansCoordonnees);
  for (const f of collection.features) {
    assert.equal(f.geometry.type, 'Point');
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(Number.isFinite(lon) && Number.isFinite(lat));
    assert.ok(!('latitude' in f.properties), 'les coordonnées sont dans la géométrie');
  }
  // The Pays de la Loire catalogue's places fall in the region, at their LHEO position or commune centre.
  const pdl = collection.features.filter((f) => String(f.properties.formation).startsWith('PDL-'));
  assert.ok(pdl.length >= 2, `${pdl.length} lieux PDL`);
  for (const f of pdl) {
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lon > REGION.west && lon < REGION.east && lat > REGION.south && lat < REGION.north, `${f.properties.ville} : ${lon}, ${lat}`);
    assert.ok(['lheo', 'commune'].includes(String(f.properties.position)));
  }
  const angers = pdl.find((f) => f.properties.formation === 'PDL-0002');
  assert.deepEqual(angers?.geometry.coordinates, [-0.5632, 47.4784]);
});

test('offers as LHEO 2.3: valid against the XSD, read back with every offer', { skip }, async () => {
  const res = await get('/api/v1/exports/offers.xml');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/xml/);
  assert.equal(res.headers['content-disposition'], 'attachment; filename="offre-formation.lheo.xml"');
  const file = path.join(work, 'offres.xml');
  fs.writeFileSync(file, res.rawPayload);
  const xsd = xsdCheck();
  if (xsd) {
    const r = xsd(file);
    assert.ok(r.ok, r.output);
  }
  const read = [];
  for await (const item of readLheo(file, { label: 'offres.xml' })) read.push(item);
  const offers = read.flatMap((i) => (i.type === 'offer' ? [i.offer] : []));
  assert.equal(read.filter((i) => i.type === 'invalid').length, 0);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training_formation`.execute(handle.db);
  assert.equal(offers.length, rows[0].n);
  assert.ok(offers.some((o) => o.intitule === 'Titre professionnel plaquiste'));

  const one = await get('/api/v1/exports/offers.xml?source=offres-pays-de-la-loire-2.3');
  assert.equal((one.body.match(/<formation /g) ?? []).length, 3);
  const none = await get('/api/v1/exports/offers.xml?source=inconnue');
  assert.equal(none.statusCode, 404);
  assert.match(none.json().error, /Aucune offre de formation à exporter/);
});

test('filters: one source, one département; French refusals of a wrong one', { skip }, async () => {
  const bySource: OfferExportRow[] = (await get('/api/v1/exports/offers.json?source=offres-pays-de-la-loire-2.3')).json();
  assert.ok(bySource.length >= 3);
  assert.ok(bySource.every((r) => r.source === 'offres-pays-de-la-loire-2.3'));
  const in49 = csvRows((await get('/api/v1/exports/offers.csv?departement=49')).body);
  assert.ok(in49.length >= 1);
  assert.ok(in49.every((r) => r.departement === '49'));
  assert.ok(in49.some((r) => r.ville === 'Angers'));
  const nowhere = csvRows((await get('/api/v1/exports/offers.csv?departement=2A')).body);
  assert.equal(nowhere.length, 0, 'un département sans offre : l’en-tête seul');
  const emptyJson = await get('/api/v1/exports/offers.json?departement=2A');
  assert.deepEqual(emptyJson.json(), []);

  const bad = await get('/api/v1/exports/offers.csv?departement=4');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'departement');
  const lheo = await get('/api/v1/exports/offers.xml?departement=44');
  assert.equal(lheo.statusCode, 400);
  assert.match(lheo.json().error, /LHEO ne se filtre pas par département/);
  const occupations = await get('/api/v1/exports/occupations.csv?source=x');
  assert.equal(occupations.statusCode, 400);
  assert.match(occupations.json().error, /les métiers ne se filtrent ni par source ni par département/);
});

test('HEAD answers the headers of an export, without its body', { skip }, async () => {
  for (const url of ['/api/v1/exports/offers.csv', '/api/v1/exports/offers.xml']) {
    const res = await server.app.inject({ method: 'HEAD', url });
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-disposition']), /^attachment; filename="offre-formation\./);
    assert.equal(res.body, '');
  }
});

test('occupations as CSV and JSON: one row per ROME fiche with its appellations and ESCO links', { skip }, async () => {
  const csv = await get('/api/v1/exports/occupations.csv');
  assert.equal(csv.statusCode, 200);
  assert.equal(csv.headers['content-disposition'], 'attachment; filename="metiers-rome.csv"');
  const rows = csvRows(csv.body);
  assert.equal(rows.length, await fiches());
  const a1101 = rows.find((r) => r.code === 'A1101');
  assert.equal(a1101?.libelle, "Conducteur / Conductrice d'engins agricoles");
  assert.equal(a1101?.grandDomaine, 'A');
  const { rows: appellations } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM rome_appellation WHERE code_rome = 'A1101'`.execute(handle.db);
  assert.equal(Number(a1101?.appellations), appellations[0].n);
  assert.ok(rows.filter((r) => r.esco.startsWith('http://data.europa.eu/esco/occupation/')).length > 1000, 'liens ESCO');

  const json = await get('/api/v1/exports/occupations.json');
  const list: OccupationExportRow[] = JSON.parse(json.body);
  assert.deepEqual(
    list.map((r) => [r.code, r.libelle, r.appellations, r.esco]),
    rows.map((r) => [r.code, r.libelle, Number(r.appellations), r.esco]),
  );
});

test('keyset pages join without gap nor double, whatever their size', { skip }, async () => {
  const all = async <T>(pages: AsyncIterable<T[]>) => {
    const out: T[] = [];
    for await (const p of pages) {
      assert.ok(p.length > 0, 'pas de page vide');
      out.push(...p);
    }
    return out;
  };
  const whole = await all(offerRowPages(handle.db, {}, 10_000));
  for (const size of [1, 2, 3]) assert.deepEqual(await all(offerRowPages(handle.db, {}, size)), whole, `pages de ${size}`);
  const in44 = await all(offerRowPages(handle.db, { departement: '44' }, 10_000));
  assert.deepEqual(await all(offerRowPages(handle.db, { departement: '44' }, 1)), in44);
  const fichesWhole = await all(occupationRowPages(handle.db, 5000));
  const fichesPaged = await all(occupationRowPages(handle.db, 97));
  assert.equal(fichesPaged.length, fichesWhole.length);
  assert.deepEqual(
    fichesPaged.map((r) => r.code),
    fichesWhole.map((r) => r.code),
  );
});

test('CLI: passerelles exchange export writes the same bytes as the API, to a file or stdout', { skip }, async () => {
  const database = await bundleCliDatabase();
  try {
    const h = await database.open();
    await importLheoFile(h.db, CATALOGUE);
    await importLheoFile(h.db, HOSTILE);
    await h.close();
    const cli = (args: string[]) =>
      spawnSync(process.execPath, [BIN, ...args], {
        env: { ...process.env, ...database.env },
        encoding: 'utf8',
        cwd: ROOT,
        maxBuffer: 1 << 26,
      });
    const file = path.join(work, 'cli.csv');
    const r = cli(['exchange', 'export', '--what', 'offers', '--format', 'csv', '--out', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(file, 'utf8'), (await get('/api/v1/exports/offers.csv')).body);
    assert.ok(!fs.existsSync(`${file}.partiel`));

    const stdout = cli(['exchange', 'export', '--what', 'occupations', '--format', 'json']);
    assert.equal(stdout.status, 0, stdout.stderr);
    assert.equal(JSON.parse(stdout.stdout).length, await fiches());

    const bad = cli(['exchange', 'export', '--what', 'occupations', '--format', 'geojson']);
    assert.notEqual(bad.status, 0);
    assert.match(bad.stderr, /format « geojson » non proposé pour occupations/);
  } finally {
    await database.drop();
  }
});
