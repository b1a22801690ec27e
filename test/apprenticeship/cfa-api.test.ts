/**
 * The CFA directory and the map of apprenticeship trainings over HTTP and in the shell, on the real
 * bundle (PASSERELLES_DATA_DIR) plus a small LHEO file of our own: two offers in alternance (a CAP
 * boulanger whose organisme is the SIRET of a real CFA of Bouguenais, a BTS in Angers whose place
 * names the UAI of a CFA of Saint-Barthélemy-d'Anjou) and one offer that is not in alternance.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql } from 'kysely';
import { bundleCliDatabase, bundleDir, type CliDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { Action, LheoOffer } from '../../src/trainings/lheo/model.ts';
import { writeLheo } from '../../src/trainings/lheo/write.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import type { ApprenticeshipMap, ApprenticeshipTrainings, CfaDetail, CfaSearch } from '../../src/apprenticeship/contract.ts';
import { haversineKm } from '../../src/trainings/search/geo.ts';

const BUNDLE = bundleDir();
const skip = BUNDLE ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/passerelles.js');
/** AFPI Pays de la Loire, Bouguenais (UAI 0440096R), as the référentiel UAI-SIRET lists it. */
const AFPI_SIRET = '78835426400095';

let database: CliDatabase;
let handle: DbHandle;
let app: App;
let work: string;
/** The CLI's test closes the server and the database (PGlite has one process at a time). */
let closed = false;

interface Commune {
  code: string;
  name: string;
  postcode: string;
  departement: string;
  lat: number;
  lon: number;
}
const communes = new Map<string, Commune>();

function action(numero: string, commune: string, o: { alternance: boolean; uai?: string }): Action {
  const c = communes.get(commune)!;
  return {
    numero,
    attrs: {},
    rythme: 'Deux semaines en entreprise, une semaine au centre',
    publicsVises: [{ code: '83056', ref: 'V12' }],
    niveauEntreeObligatoire: false,
    modalitesAlternance: o.alternance ? 'Contrat d’apprentissage' : 'Sans objet',
    modalitesEnseignement: '0',
    conditionsSpecifiques: 'Aucune',
    priseEnChargeFraisPossible: true,
    lieux: [
      {
        ...(o.uai ? { uai: o.uai } : {}),
        coordonnees: {
          lignes: [],
          adresse: {
            lignes: ['1 rue de l’Essai'],
            codepostal: c.postcode,
            ville: c.name,
            departement: c.departement,
            codeInseeCommune: c.code,
            region: '52',
            pays: 'FR',
            geolocalisation: { latitude: c.lat.toFixed(5), longitude: c.lon.toFixed(5) },
          },
          telfixe: [],
          portable: [],
          fax: [],
          web: [],
        },
        extras: [],
      },
    ],
    entreesSortiesPermanentes: false,
    urls: [],
    sessions: [
      {
        numero: `${numero}-S1`,
        attrs: {},
        periode: { debut: '20270901', fin: '20290630' },
        adresseInscription: { lignes: ['1 rue de l’Essai'], codepostal: c.postcode, ville: c.name },
        recrutements: [],
        urls: [],
        contacts: [],
        referencesCertification: [],
        blocsCompetences: [],
        cycles: [],
        extras: [],
      },
    ],
    datesInformation: [],
    langues: ['fr'],
    codesModalitePedagogique: [],
    equipements: [],
    formateurs: [],
    financeurs: [{ code: '2', extras: [] }],
    enseignements: [],
    // How Carif-Oref exports mark an apprenticeship contract.
    extras: o.alternance
      ? [
          {
            name: 'extras',
            attrs: { info: 'dispositif' },
            children: [{ name: 'extra', attrs: { info: 'contrat-apprentissage' }, children: ['1'] }],
          },
        ]
      : [],
  };
}

function offer(numero: string, o: { intitule: string; rome: string; niveau: string; siret: string; actions: Action[] }): LheoOffer {
  const contact = { coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], courriel: 'contact@essai.example', web: [] } };
  return {
    numero,
    attrs: {},
    domaine: { formacodes: [], nsf: [], rome: [{ code: o.rome, ref: 'V4' }] },
    intitule: o.intitule,
    objectif: 'Se former en alternance.',
    resultatsAttendus: 'Diplôme.',
    contenu: 'Cours et entreprise.',
    certifiante: false,
    contacts: [contact],
    parcours: '1',
    niveauEntree: '0',
    certifications: [],
    typesFormation: [],
    urls: [],
    actions: o.actions,
    organisme: {
      attrs: {},
      numeroActivite: '52440000001',
      siret: o.siret,
      nom: 'Organisme d’essai',
      raisonSociale: 'Organisme d’essai',
      coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], web: [] },
      contacts: [contact],
      potentiel: [],
      extras: [],
    },
    niveauSortie: o.niveau,
    extras: [],
    demo: false,
  };
}

before(async () => {
  if (!BUNDLE) return;
  database = await bundleCliDatabase();
  handle = await database.open();
  const { rows } = await sql<{ code: string; name: string; postcodes: string[]; departement: string; lat: number; lon: number }>`
    SELECT code, name, postcodes, departement, lat, lon FROM commune WHERE code IN ('44020', '49007', '44109')`.execute(handle.db);
  for (const r of rows) communes.set(r.code, { ...r, postcode: r.postcodes[0] });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-apprentissage-'));
  const file = path.join(work, 'essai.xml');
  const out = fs.createWriteStream(file);
  await writeLheo(
    [
      offer('APP-1', {
        intitule: 'CAP boulanger en apprentissage',
        rome: 'D1102',
        niveau: '13',
        siret: AFPI_SIRET,
        actions: [action('APP-1-A1', '44020', { alternance: true })],
      }),
      offer('APP-2', {
        intitule: 'BTS management commercial opérationnel en alternance',
        rome: 'D1406',
        niveau: '15',
        siret: '12345678200011',
        actions: [action('APP-2-A1', '49007', { alternance: true, uai: '0492303M' })],
      }),
      offer('APP-3', {
        intitule: 'CAP boulanger pour adultes',
        rome: 'D1102',
        niveau: '13',
        siret: AFPI_SIRET,
        actions: [action('APP-3-A1', '44109', { alternance: false })],
      }),
    ],
    out,
  );
  await new Promise((r) => out.end(r));
  const result = await importLheoFile(handle.db, file, { source: 'essai-apprentissage' });
  assert.deepEqual(result.reports[0].rejects, []);
  ({ app } = await buildServer(handle, { logger: false }));
});

after(async () => {
  if (!closed) {
    await app?.close();
    await handle?.close();
  }
  await database?.drop();
  if (work) fs.rmSync(work, { recursive: true, force: true });
});

async function get<T>(url: string, status = 200): Promise<T> {
  const res = await app.inject(url);
  assert.equal(res.statusCode, status, `${url} : ${res.body}`);
  return res.json() as T;
}

test('the directory: every region by default, a département, a text', { skip }, async () => {
  const all = await get<CfaSearch>('/api/v1/apprenticeship/cfa');
  assert.equal(all.total, 5995);
  assert.equal(all.results.length, 20);
  assert.equal((await get<CfaSearch>('/api/v1/apprenticeship/cfa?region=52')).total, 486);
  const mayenne = await get<CfaSearch>('/api/v1/apprenticeship/cfa?departement=53&pageSize=100');
  assert.ok(mayenne.total > 10);
  assert.ok(mayenne.results.every((c) => c.departement === '53'));
  // Words in any order, accents and case ignored; the commune's name counts too.
  const afpi = await get<CfaSearch>('/api/v1/apprenticeship/cfa?q=Pays%20de%20la%20Loire%20afpi%20bouguenais');
  assert.deepEqual(
    afpi.results.map((c) => c.uai),
    ['0440096R'],
  );
  assert.equal(afpi.results[0].commune?.name, 'Bouguenais');
  // A SIRET finds its CFA.
  assert.deepEqual(
    (await get<CfaSearch>('/api/v1/apprenticeship/cfa?q=78835426400061')).results.map((c) => c.uai),
    ['0440096R'],
  );
});

test('around a commune: within the radius, nearest first', { skip }, async () => {
  const r = await get<CfaSearch>('/api/v1/apprenticeship/cfa?near=49007&radiusKm=10&pageSize=100');
  assert.equal(r.near?.label, 'Angers');
  assert.ok(r.total >= 5, `${r.total} CFA près d’Angers`);
  const angers = communes.get('49007')!;
  for (const c of r.results) assert.ok(haversineKm(angers.lat, angers.lon, c.lat!, c.lon!) <= 10.05, `${c.name} à ${c.distanceKm} km`);
  const km = r.results.map((c) => c.distanceKm!);
  assert.deepEqual(
    km,
    [...km].sort((a, b) => a - b),
  );
  assert.ok(r.results.some((c) => c.uai === '0492303M'));
});

test('faulty filters get a French 400, an unknown UAI a 404', { skip }, async () => {
  assert.match((await get<{ error: string }>('/api/v1/apprenticeship/cfa?departement=4x', 400)).error, /code de département invalide/);
  assert.match((await get<{ error: string }>('/api/v1/apprenticeship/cfa?near=00000', 400)).error, /commune inconnue/);
  assert.match((await get<{ error: string }>('/api/v1/apprenticeship/cfa?radiusKm=10', 400)).error, /un rayon demande une commune/);
  assert.match((await get<{ error: string }>('/api/v1/apprenticeship/cfa/abc', 400)).error, /UAI invalide/);
  assert.match(
    (await get<{ error: string }>('/api/v1/apprenticeship/cfa/0000000A', 404)).error,
    /CFA inconnu de l’annuaire : UAI 0000000A/,
  );
  assert.match((await get<{ error: string }>('/api/v1/apprenticeship/trainings?niveau=9', 400)).error, /niveau invalide/);
});

test('one CFA: its files, its SIRET, and the offers in alternance linked to it', { skip }, async () => {
  const afpi = await get<CfaDetail>('/api/v1/apprenticeship/cfa/0440096r');
  assert.equal(afpi.uai, '0440096R');
  assert.deepEqual(afpi.sirets, ['78835426400061', AFPI_SIRET]);
  assert.deepEqual(
    afpi.organismes.map((o) => [o.file, o.siret]),
    [
      ['apprentissage/CFASousConvRegionale_latest-UAI.csv', '78835426400061'],
      ['apprentissage/organismes-prepa-apprentissage.csv', AFPI_SIRET],
      ['apprentissage/referentiel.fixture.json', AFPI_SIRET],
    ],
  );
  assert.ok(afpi.places.length >= 1);
  // The offer in alternance of its SIRET, not the one outside alternance.
  assert.deepEqual(
    afpi.trainings.map((t) => [t.formation, t.link, t.niveau?.value]),
    [['APP-1', 'SIRET de l’organisme responsable', 3]],
  );
  // Linked by the UAI of a place of training.
  const stBarthelemy = await get<CfaDetail>('/api/v1/apprenticeship/cfa/0492303M');
  assert.deepEqual(
    stBarthelemy.trainings.map((t) => [t.formation, t.link, t.ville]),
    [['APP-2', 'lieu de formation', 'Angers']],
  );
});

test('apprenticeship trainings by occupation and level, with their CFA and the CFA of the area', { skip }, async () => {
  const boulanger = await get<ApprenticeshipTrainings>('/api/v1/apprenticeship/trainings?rome=D1102');
  assert.deepEqual(
    boulanger.trainings.results.map((t) => [t.formation, t.cfa?.uai]),
    [['APP-1', '0440096R']],
  );
  const bts = await get<ApprenticeshipTrainings>('/api/v1/apprenticeship/trainings?niveau=5');
  assert.deepEqual(
    bts.trainings.results.map((t) => t.formation),
    ['APP-2'],
  );
  assert.deepEqual(
    bts.trainings.niveaux.map((n) => n.value),
    ['5'],
  );
  // Near Angers: the BTS only, and the CFA within 20 km, nearest first.
  const angers = await get<ApprenticeshipTrainings>('/api/v1/apprenticeship/trainings?near=49007&radiusKm=20');
  assert.deepEqual(
    angers.trainings.results.map((t) => t.formation),
    ['APP-2'],
  );
  assert.ok(angers.cfas.total >= 5);
  assert.ok(angers.cfas.results.every((c) => c.distanceKm! <= 20));
  // Without a place, the CFA layer is the région asked for.
  const region = await get<ApprenticeshipTrainings>('/api/v1/apprenticeship/trainings?region=52');
  assert.deepEqual([region.trainings.total, region.cfas.total], [2, 486]);
  // The training search itself knows the filter.
  const search = await get<{ total: number }>('/api/v1/trainings?alternance=true');
  assert.equal(search.total, 2);
});

test('the map: the same trainings and CFA as GeoJSON points', { skip }, async () => {
  const res = await app.inject('/api/v1/apprenticeship/map?rome=D1102&near=44109&radiusKm=20');
  assert.equal(res.statusCode, 200, res.body);
  assert.match(String(res.headers['content-type']), /^application\/geo\+json/);
  const map = res.json() as ApprenticeshipMap;
  const trainings = map.features.filter((f) => f.properties.kind === 'formation');
  assert.deepEqual(
    trainings.map((f) => f.properties.href),
    ['/formations/essai-apprentissage/APP-1'],
  );
  const cfas = map.features.filter((f) => f.properties.kind === 'cfa');
  assert.equal(cfas.length, map.cfas.shown);
  assert.ok(cfas.some((f) => f.properties.href === '/apprentissage/cfa/0440096R'));
  assert.deepEqual(cfas.find((f) => f.properties.href === '/apprentissage/cfa/0440096R')?.geometry.coordinates, [-1.584175, 47.155254]);
});

test('passerelles apprenticeship cfa: the same search in the shell', { skip }, async () => {
  closed = true;
  await app.close();
  await handle.close();
  const run = (args: string[]) =>
    spawnSync(process.execPath, [BIN, 'apprenticeship', 'cfa', ...args], {
      env: { ...process.env, ...database.env },
      encoding: 'utf8',
      cwd: ROOT,
    });
  const json = run(['--q', 'afpi bouguenais', '--departement', '44', '--json']);
  assert.equal(json.status, 0, json.stderr);
  const result = JSON.parse(json.stdout) as CfaSearch;
  assert.deepEqual(
    result.results.map((c) => c.uai),
    ['0440096R'],
  );
  const textual = run(['--q', 'afpi bouguenais', '--departement', '44']);
  assert.equal(textual.status, 0, textual.stderr);
  assert.match(
    textual.stdout,
    /^1 CFA\n {2}0440096R {2}AFPI PAYS DE LA LOIRE — Bouguenais \(44020\), responsable et formateur, SIRET 78835426400095/,
  );
  const bad = run(['--departement', 'xx']);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /--departement : code de département invalide/);
});
