/**
 * The annual report's words, numbers and charts, and the open-data exports: on a hand-made
 * `Indicators` answer (the values in French, the evolution with the direction of good, the
 * charts' SVG with its accessible name, the CSV read back with csv-parse), then over the real
 * bundle through the API (the CSV, JSON and GeoJSON carry the API's values).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import { comparisonSvg, evolutionSvg } from '../../web/components/pilotage/report-charts.server.ts';
import {
  comparisons,
  evolutionOf,
  evolutionRows,
  formatValue,
  levelText,
  plainSpaces,
  reportThemes,
} from '../../web/components/pilotage/report-format.ts';
import { featureProperties, geometryMethod, openDataCsv, openDataJson, openDataRows } from '../../src/steering/open-data.ts';
import { ChromiumMissingError, findChromium, ownBaseUrl, ReportPrinter } from '../../src/steering/report-pdf.ts';
import { FIXTURE } from './report-fixture.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import type { Indicators } from '../../src/steering/indicators-contract.ts';
import type { OpenDataJson } from '../../src/steering/report-contract.ts';

const [maine, mayenne] = FIXTURE.territories;
const def = (id: string) => FIXTURE.definitions.find((d) => d.id === id)!;
const val = (t: typeof maine, id: string) => t.values.find((v) => v.id === id)!;

test('valeurs en français avec leur unité', () => {
  assert.equal(plainSpaces(formatValue(51_230, 'nombre')), '51 230');
  assert.equal(plainSpaces(formatValue(62.4, 'pourcentage')), '62,4 %');
  assert.equal(plainSpaces(formatValue(18, 'pourcentage')), '18,0 %');
  assert.equal(plainSpaces(formatValue(1.256, 'ratio')), '1,26');
  assert.equal(plainSpaces(formatValue(12.34, 'pour-1000-habitants')), '12,34 pour 1 000 habitants');
  assert.equal(plainSpaces(formatValue(0.77, 'indice')), '0,77');
});

test('évolution dite en mots, avec le sens du progrès', () => {
  // Fewer job seekers: good news.
  assert.equal(
    plainSpaces(evolutionOf(def('demandeurs'), val(maine, 'demandeurs'))!.text),
    'en baisse de 1,5 % depuis 2024 (52 000), ce qui est favorable',
  );
  // A percentage moves by points.
  const insertion = evolutionOf(def('insertion'), val(maine, 'insertion'))!;
  assert.equal(plainSpaces(insertion.text), 'en hausse de 1,5 point depuis 2024 (60,9 %), ce qui est favorable');
  assert.equal(insertion.favourable, true);
  assert.equal(plainSpaces(evolutionOf(def('demandeurs'), val(mayenne, 'demandeurs'))!.text), 'stable depuis 2024 (14 002)');
  assert.equal(
    plainSpaces(evolutionOf({ ...def('insertion'), direction: 'neutre' }, { ...val(maine, 'insertion'), previous: 70 })!.text),
    'en baisse de 7,6 points depuis 2024 (70,0 %) ; indicateur de contexte, sans sens favorable',
  );
  assert.equal(evolutionOf(def('insertion'), { ...val(maine, 'insertion'), previous: 70 })!.text.endsWith('ce qui est défavorable'), true);
  assert.equal(evolutionOf(def('jeunes'), val(maine, 'jeunes')), null);
});

test('niveau publié ou estimé, avec sa note', () => {
  assert.equal(levelText(def('demandeurs'), val(maine, 'demandeurs')), 'Valeur publiée à l’échelle du département');
  assert.equal(
    levelText(def('jeunes'), val(maine, 'jeunes')),
    'Valeur estimée (la source publie à l’échelle du bassin d’emploi) : estimée à partir des bassins d’emploi, au prorata, "pondérée"',
  );
});

test('indicateurs groupés par thème, ceux sans données à part', () => {
  const { themes, notYet } = reportThemes(FIXTURE, maine);
  assert.deepEqual(
    themes.map((t) => [t.theme, t.items.map((i) => i.definition.id)]),
    [
      ['Marché du travail', ['demandeurs', 'jeunes']],
      ['Insertion', ['insertion']],
    ],
  );
  assert.deepEqual(
    notYet.map((d) => d.missing),
    ['les bilans des opérateurs du CEP (France compétences)'],
  );
  const rows = evolutionRows(themes);
  assert.deepEqual(
    rows.map((r) => [r.id, plainSpaces(r.change)]),
    [
      ['demandeurs', '−1,5 %'],
      ['insertion', '+2,5 %'],
    ],
  );
});

test('graphiques dessinés sur le serveur : une image nommée, les valeurs écrites', () => {
  const [jeunes, insertion] = comparisons(FIXTURE, maine, [{ territory: mayenne, role: 'region', definitions: FIXTURE.definitions }]);
  // Sums (job seekers) are not compared between territories of different sizes; a missing value is left out.
  assert.equal(jeunes.id, 'comparaison-jeunes');
  assert.deepEqual(
    jeunes.rows.map((r) => [r.name, plainSpaces(r.formatted)]),
    [
      ['Maine-et-Loire', '18,3 %'],
      ['Mayenne', '17,0 %'],
    ],
  );
  assert.equal(insertion, undefined);
  const svg = comparisonSvg(jeunes);
  assert.match(svg, /^<svg [^>]*role="img"/);
  assert.match(svg, /aria-label="Part des moins de 26 ans, « jeunes » \(2025\)\. Barres horizontales comparant 2 territoires\./);
  assert.match(svg, />Maine-et-Loire</);
  assert.match(plainSpaces(svg.replace(/&nbsp;/g, ' ')), />18,3 %</);
  assert.doesNotMatch(svg, /<script/i);

  const evolution = evolutionSvg(evolutionRows(reportThemes(FIXTURE, maine).themes), 'Évolution');
  assert.match(evolution, /role="img"/);
  const evolutionText = plainSpaces(evolution.replace(/&nbsp;/g, ' '));
  assert.match(evolutionText, />−1,5 %</);
  assert.match(evolutionText, />\+2,5 %</);
});

test('données ouvertes : une ligne par territoire × indicateur, CSV relu par csv-parse', () => {
  const rows = openDataRows(FIXTURE);
  assert.equal(rows.length, 8);
  const csv = openDataCsv(FIXTURE);
  assert.ok(csv.startsWith('\uFEFFcode,name,level,indicator,label,value,unit,vintage,previous,previousVintage,source,estimated,note\r\n'));
  const parsed = parse(csv, { bom: true, columns: true }) as Record<string, string>[];
  assert.equal(parsed.length, 8);
  const jeunes = parsed.find((r) => r.code === '49' && r.indicator === 'jeunes')!;
  assert.equal(Number(jeunes.value), 18.25);
  assert.equal(jeunes.label, 'Part des moins de 26 ans, « jeunes »');
  assert.equal(jeunes.estimated, 'oui');
  assert.equal(jeunes.note, 'estimée à partir des bassins d’emploi, au prorata, "pondérée"');
  assert.equal(jeunes.source, 'France Travail (marche-du-travail/demandeurs.csv)');
  const cep = parsed.find((r) => r.code === '53' && r.indicator === 'cep')!;
  assert.equal(cep.value, '');
  assert.equal(cep.note, 'les bilans des opérateurs du CEP (France compétences)');
  for (const [i, row] of rows.entries()) {
    assert.equal(parsed[i].value === '' ? null : Number(parsed[i].value), row.value);
    assert.equal(parsed[i].previous === '' ? null : Number(parsed[i].previous), row.previous);
  }
  const json = openDataJson(FIXTURE);
  assert.deepEqual(json.rows, rows);
  assert.match(json.licence, /Licence Ouverte/);

  const properties = featureProperties(FIXTURE, 0);
  assert.equal(properties.nom, 'Maine-et-Loire');
  assert.equal(properties.insertion, 62.4);
  assert.equal(properties.insertion_precedent, 60.9);
  assert.equal(properties.jeunes_estime, true);
  assert.match(geometryMethod('epci'), /point/);
});

test('le PDF est imprimé depuis l’adresse d’écoute du serveur, jamais depuis l’en-tête Host', () => {
  assert.equal(ownBaseUrl({ address: '0.0.0.0', family: 'IPv4', port: 3000 }), 'http://127.0.0.1:3000');
  assert.equal(ownBaseUrl({ address: '::', family: 'IPv6', port: 3000 }), 'http://[::1]:3000');
  assert.equal(ownBaseUrl({ address: '127.0.0.1', family: 'IPv4', port: 41234 }), 'http://127.0.0.1:41234');
  assert.throws(() => ownBaseUrl(null), /n’écoute pas/);
});

test('sans Chromium, l’impression refuse avec un message en français (la route répond 503)', async () => {
  assert.throws(
    () => findChromium({ PASSERELLES_CHROMIUM: '/nulle/part/chromium' }, ['/ni/ici/chromium']),
    (error: Error) =>
      error instanceof ChromiumMissingError &&
      /imprimé par Chromium, absent de ce serveur \(cherché : \/nulle\/part\/chromium, \/ni\/ici\/chromium\)/.test(error.message),
  );
  const printer = new ReportPrinter({ findExecutable: () => findChromium({}, []) });
  await assert.rejects(printer.print('http://127.0.0.1:9/pilotage/rapport'), ChromiumMissingError);
  await printer.close();
});

// Over the real bundle, through the API.
const skipBundle = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
let handle: DbHandle | undefined;
let app: App | undefined;

before(
  async () => {
    if (skipBundle) return;
    handle = await openBundleDatabase();
    ({ app } = await buildServer(handle, { logger: false, rateLimit: 100_000 }));
  },
  { timeout: 600_000 },
);
after(async () => {
  await app?.close();
  await handle?.close();
});

const get = async (url: string) => {
  const res = await app!.inject({ method: 'GET', url });
  assert.equal(res.statusCode, 200, `${url} : ${res.body}`);
  return res;
};

test('exports des départements du lot : CSV, JSON et GeoJSON portent les valeurs de l’API', { skip: skipBundle }, async () => {
  const api = (await get('/api/v1/steering/indicators/departement')).json() as Indicators;
  assert.deepEqual(
    api.territories.map((t) => t.code),
    ['44', '49', '53', '72', '85'],
  );
  const csvRes = await get('/api/v1/steering/open-data/indicators.csv?level=departement');
  assert.equal(csvRes.headers['content-type'], 'text/csv; charset=utf-8');
  assert.match(String(csvRes.headers['content-disposition']), /filename="indicateurs-departement\.csv"/);
  assert.equal(csvRes.rawPayload.subarray(0, 3).toString('hex'), 'efbbbf', 'le CSV commence par le BOM UTF-8');
  const csv = parse(csvRes.body, { bom: true, columns: true }) as Record<string, string>[];
  assert.equal(csv.length, api.territories.length * api.definitions.length);
  const json = (await get('/api/v1/steering/open-data/indicators.json?level=departement')).json() as OpenDataJson;
  assert.equal(json.rows.length, csv.length);
  assert.match(json.licence, /Licence Ouverte/);
  for (const territory of api.territories) {
    api.definitions.forEach((definition, i) => {
      const value = territory.values.find((v) => v.id === definition.id) ?? territory.values[i];
      const row = csv.find((r) => r.code === territory.code && r.indicator === definition.id);
      assert.ok(row, `${territory.code} × ${definition.id} absent du CSV`);
      assert.equal(row.name, territory.name);
      assert.equal(row.label, definition.label);
      assert.equal(row.value === '' ? null : Number(row.value), value.value, `${territory.code} × ${definition.id}`);
      assert.equal(row.previous === '' ? null : Number(row.previous), value.previous);
      assert.equal(row.estimated, value.estimated ? 'oui' : 'non');
      const jsonRow = json.rows.find((r) => r.code === territory.code && r.indicator === definition.id);
      assert.equal(jsonRow?.value, value.value);
    });
  }

  const geoRes = await get('/api/v1/steering/open-data/indicators.geojson?level=departement');
  assert.match(String(geoRes.headers['content-type']), /^application\/geo\+json/);
  const geo = geoRes.json() as {
    type: string;
    features: { type: string; id: string; geometry: { type: string } | null; properties: Record<string, unknown> }[];
  };
  assert.equal(geo.type, 'FeatureCollection');
  assert.equal(geo.features.length, 5);
  for (const feature of geo.features) {
    assert.equal(feature.type, 'Feature');
    assert.ok(feature.geometry && ['Polygon', 'MultiPolygon'].includes(feature.geometry.type), `${feature.id} sans contour`);
    const territory = api.territories.find((t) => t.code === feature.id)!;
    assert.equal(feature.properties.nom, territory.name);
    for (const [i, definition] of api.definitions.entries()) assert.equal(feature.properties[definition.id], territory.values[i].value);
  }
});

test('exports des EPCI et des CLPE : un point par territoire ; la région : ses départements réunis ; une échelle inconnue refusée', {
  skip: skipBundle,
}, async () => {
  const geo = (await get('/api/v1/steering/open-data/indicators.geojson?level=epci')).json() as {
    features: { geometry: { type: string; coordinates: number[] } | null }[];
  };
  assert.ok(geo.features.length > 50);
  for (const f of geo.features) {
    assert.equal(f.geometry?.type, 'Point');
    const [lon, lat] = f.geometry.coordinates;
    assert.ok(lon > -3 && lon < 1.5 && lat > 46 && lat < 48.7, `point hors des Pays de la Loire : ${lon}, ${lat}`);
  }
  const region = (await get('/api/v1/steering/open-data/indicators.geojson?level=region')).json() as {
    geometry: string;
    features: { id: string; geometry: { type: string; coordinates: unknown[] } | null }[];
  };
  assert.equal(region.features.length, 1);
  assert.equal(region.features[0].id, '52');
  assert.equal(region.features[0].geometry?.type, 'MultiPolygon');
  assert.ok(region.features[0].geometry.coordinates.length >= 5, 'les contours des cinq départements');
  assert.match(region.geometry, /départements de la région réunis/);
  const clpe = (await get('/api/v1/steering/open-data/indicators.geojson?level=clpe')).json() as {
    features: { geometry: { type: string } | null }[];
  };
  assert.ok(clpe.features.length > 0 && clpe.features.every((f) => f.geometry?.type === 'Point'));
  const bad = await app!.inject({ method: 'GET', url: '/api/v1/steering/open-data/indicators.csv?level=canton' });
  assert.equal(bad.statusCode, 400);
  assert.match((bad.json() as { error: string }).error, /« level » invalide/);
});
