/**
 * The 20 km coverage on a small hand-made région (an empty database and seven communes on one
 * meridian, so that each distance is 111.195 km per degree of latitude and checked by hand), the
 * greedy siting, and the counselling points that steering accounts edit through the API: one point
 * added and removed, an operator's CSV (French errors naming the line, all-or-nothing, the same
 * file twice gives the same state), each change with its one-time form token.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { coverageDb } from '../../src/steering/coverage-db.ts';
import { computeCoverage } from '../../src/steering/coverage.ts';
import type { CoverageWithMap, Point } from '../../src/steering/coverage-contract.ts';
import { account, startServer, Visitor, type TestServer } from '../identity/helpers.ts';

let server: TestServer;
let steering: Visitor;
let admin: Visitor;
let candidate: Visitor;

// Région 99 « Région d’essai », départements 91 and 92, every commune at longitude 0: one degree of
// latitude is 6371.0088 × π / 180 = 111.195 km. The point P1 (France Travail) sits at Alpha
// (45.00); P2 (Mission locale of the neighbouring région 98) at 45.95.
//
//   commune        dép.  lat    pop.    nearest point                    within 20 km?
//   91001 Alpha     91   45.00  10 000  P1, 0 km                          yes
//   91002 Bravo     91   45.10   2 000  P1, 0.10° = 11.1 km               yes
//   91003 Charlie   91   45.30   3 000  P1, 0.30° = 33.4 km               no
//   92004 Golf      92   45.40     700  P1, 0.40° = 44.5 km               no
//   92001 Delta     92   45.50   1 500  P2, 0.45° = 50.0 km               no
//   92002 Echo      92   45.62     500  P2, 0.33° = 36.7 km               no
//   92003 Foxtrot   92   45.85     800  P2, 0.10° = 11.1 km (région 98)   yes
//
// Population 18 500, covered 10 000 + 2 000 + 800 = 12 800: share 12 800 / 18 500 = 0.6919.
const COMMUNES = [
  ['91001', 'Alpha', '91', 45.0, 10000],
  ['91002', 'Bravo', '91', 45.1, 2000],
  ['91003', 'Charlie', '91', 45.3, 3000],
  ['92004', 'Golf', '92', 45.4, 700],
  ['92001', 'Delta', '92', 45.5, 1500],
  ['92002', 'Echo', '92', 45.62, 500],
  ['92003', 'Foxtrot', '92', 45.85, 800],
] as const;

before(async () => {
  server = await startServer();
  const db = coverageDb(server.handle.db);
  await db
    .insertInto('region')
    .values([
      { code: '99', name: 'Région d’essai', run_id: null },
      { code: '98', name: 'Région voisine', run_id: null },
    ])
    .execute();
  await db
    .insertInto('departement')
    .values([
      { code: '91', name: 'Nord d’essai', region: '99', run_id: null },
      { code: '92', name: 'Sud d’essai', region: '99', run_id: null },
    ])
    .execute();
  await db
    .insertInto('commune')
    .values(
      COMMUNES.map(([code, name, departement, lat, population]) => ({
        code,
        name,
        departement,
        region: '99',
        population,
        postcodes: [],
        epci: null,
        zone_emploi: null,
        bassin_bmo: null,
        lat,
        lon: 0,
        position_source: 'polygone',
        search_name: name.toLowerCase(),
        search_alt: null,
        run_id: null,
      })),
    )
    .execute();
  const point = { source_file: 'test', origin: 'lot' as const, operator: null, address: null, post_code: null, city: null, run_id: null };
  await db
    .insertInto('steering_point')
    .values([
      {
        ...point,
        import_key: 'p1',
        kind: 'france_travail',
        name: 'P1 Alpha',
        departement: '91',
        region: '99',
        commune: '91001',
        lat: 45,
        lon: 0,
        placed: 'adresse',
      },
      {
        ...point,
        import_key: 'p2',
        kind: 'mission_locale',
        name: 'P2 voisine',
        departement: null,
        region: '98',
        commune: null,
        lat: 45.95,
        lon: 0,
        placed: 'adresse',
      },
      // Removed by a steering account: counts for nothing (it would cover Charlie).
      {
        ...point,
        import_key: 'p3',
        kind: 'france_travail',
        name: 'P3 fermé',
        departement: '91',
        region: '99',
        commune: '91003',
        lat: 45.3,
        lon: 0,
        placed: 'adresse',
        removed_at: new Date(),
      },
    ])
    .execute();
  steering = new Visitor(server.app, '198.51.100.1');
  admin = new Visitor(server.app, '198.51.100.2');
  candidate = new Visitor(server.app, '198.51.100.3');
  for (const [visitor, role] of [
    [steering, 'pilotage'],
    [admin, 'admin'],
    [candidate, 'candidat'],
  ] as const) {
    const { email } = await account(server, [role]);
    assert.equal((await visitor.signIn(email)).statusCode, 200);
  }
});
after(() => server?.close());

test('the share within 20 km, the white zones and the départements of the hand-made région', async () => {
  const { coverage } = await computeCoverage(coverageDb(server.handle.db), { region: '99', radiusKm: 20 });
  assert.equal(coverage.population, 18500);
  assert.equal(coverage.coveredPopulation, 12800);
  assert.equal(coverage.share, 0.6919);
  assert.equal(coverage.communes, 7);
  assert.equal(coverage.coveredCommunes, 3);
  assert.match(coverage.method, /vol d’oiseau.*centre de chaque commune/);
  // P1 in the région; P2, of région 98, covers Foxtrot; P3 is removed.
  assert.deepEqual(coverage.points, {
    total: 2,
    inRegion: 1,
    outsideRegionCovering: 1,
    byKind: { france_travail: 1, mission_locale: 0, cap_emploi: 0, cep: 0 },
  });
  // White zones by population, each with its nearest point (one decimal).
  assert.deepEqual(
    coverage.whiteZones.map((w) => [w.name, w.population, w.nearestKm, w.nearestPoint?.name]),
    [
      ['Charlie', 3000, 33.4, 'P1 Alpha'],
      ['Delta', 1500, 50, 'P2 voisine'],
      ['Golf', 700, 44.5, 'P1 Alpha'],
      ['Echo', 500, 36.7, 'P2 voisine'],
    ],
  );
  // 91: 12 000 of 15 000 = 0.8; 92: 800 of 3 500 = 0.2286.
  assert.deepEqual(
    coverage.departements.map((d) => [d.code, d.population, d.coveredPopulation, d.share, d.whiteZones]),
    [
      ['91', 15000, 12000, 0.8, 1],
      ['92', 3500, 800, 0.2286, 3],
    ],
  );
  assert.deepEqual(coverage.siting, []);

  // At 35 km, Charlie (33.4 km) is covered too: 15 800 / 18 500 = 0.8541.
  const wider = await computeCoverage(coverageDb(server.handle.db), { region: '99', radiusKm: 35 });
  assert.equal(wider.coverage.share, 0.8541);
});

test('greedy siting: each new point covers the most people not yet covered, and stops when nobody is left', async () => {
  const { coverage } = await computeCoverage(coverageDb(server.handle.db), { region: '99', radiusKm: 20, site: 3 });
  // 1. Golf (45.40) reaches Charlie (0.10°), itself and Delta (0.10°), not Echo (0.22° = 24.5 km):
  //    3 000 + 700 + 1 500 = 5 200 (Charlie would add 3 700, Delta 2 700) → 18 000 / 18 500 = 0.973.
  // 2. Only Echo is left: Delta (0.12° = 13.3 km) and Echo add 500 each; the smaller code wins → 1.
  // 3. Nobody is left: no third site, and a note says why.
  assert.deepEqual(
    coverage.siting.map((s) => [s.rank, s.code, s.name, s.addedPopulation, s.addedCommunes, s.shareAfter]),
    [
      [1, '92004', 'Golf', 5200, 3, 0.973],
      [2, '92001', 'Delta', 500, 1, 1],
    ],
  );
  assert.ok(coverage.notes.some((n) => /2 implantation\(s\) seulement/.test(n)));
});

test('GET /api/v1/steering/coverage: the same figures, the map of white zones, French errors', async () => {
  const res = await candidate.get('/api/v1/steering/coverage?region=99&radius=20&site=1');
  assert.equal(res.statusCode, 200, res.body);
  const body: CoverageWithMap = res.json();
  assert.equal(body.share, 0.6919);
  assert.deepEqual(
    body.siting.map((s) => s.name),
    ['Golf'],
  );
  const layers = body.map.features.map((f) => `${f.properties.layer}:${f.properties.name}`);
  // Four white zones (no outlines in this database: their centres), both points serving the région, one site.
  assert.deepEqual(layers, [
    'zone-blanche:Charlie',
    'zone-blanche:Delta',
    'zone-blanche:Golf',
    'zone-blanche:Echo',
    'point:P1 Alpha',
    'point:P2 voisine',
    'implantation:1. Golf',
  ]);
  assert.deepEqual(body.map.features[0].geometry, { type: 'Point', coordinates: [0, 45.3] });

  // The map's two layers for the portal's map component (GeoJSON only).
  const zones = await candidate.get('/api/v1/steering/coverage/map?layer=zones&region=99');
  assert.match(String(zones.headers['content-type']), /^application\/geo\+json/);
  assert.deepEqual(
    zones.json().features.map((f: { properties: { title: string } }) => f.properties.title.replace(/\s/g, ' ')),
    [
      'Charlie : 3 000 habitants, zone blanche',
      'Delta : 1 500 habitants, zone blanche',
      'Golf : 700 habitants, zone blanche',
      'Echo : 500 habitants, zone blanche',
    ],
  );
  const points = await candidate.get('/api/v1/steering/coverage/map?layer=points&region=99&site=1');
  assert.deepEqual(
    points.json().features.map((f: { properties: { title: string; kind: string } }) => [f.properties.title, f.properties.kind]),
    [
      ['P1 Alpha', 'point'],
      ['P2 voisine', 'point'],
      ['Implantation proposée 1. Golf', 'cfa'],
    ],
  );

  const anonymous = await new Visitor(server.app).get('/api/v1/steering/coverage?region=99');
  assert.equal(anonymous.statusCode, 200, 'les chiffres sont publics');
  const unknown = await candidate.get('/api/v1/steering/coverage?region=07');
  assert.equal(unknown.statusCode, 404);
  assert.equal(unknown.json().error, 'région « 07 » inconnue');
  const tooFar = await candidate.get('/api/v1/steering/coverage?region=99&radius=500');
  assert.equal(tooFar.statusCode, 400);
  assert.match(tooFar.json().error, /radius/);
});

test('a steering account adds a CEP point and removes it; the coverage follows; a token is needed', async () => {
  const list = async () => (await candidate.get('/api/v1/steering/points?region=99')).json() as { total: number; points: Point[] };
  assert.deepEqual(
    (await list()).points.map((p) => p.name),
    ['P1 Alpha'],
  );

  const noToken = await steering.request('POST', '/api/v1/steering/points', {
    name: 'CEP Charlie',
    operator: 'CEP Essai',
    commune: '91003',
  });
  assert.equal(noToken.statusCode, 403, noToken.body);

  const bad = await steering.submit('/api/v1/steering/points', { name: 'CEP', operator: 'CEP Essai', commune: '99999' });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error, 'commune 99999 inconnue');

  const added = await steering.submit('/api/v1/steering/points', { name: 'CEP Charlie', operator: 'CEP Essai', commune: '91003' });
  assert.equal(added.statusCode, 200, added.body);
  const point: Point = added.json();
  assert.deepEqual(
    [point.kind, point.city, point.lat, point.lon, point.placed, point.origin],
    ['cep', 'Charlie', 45.3, 0, 'commune', 'saisie'],
  );
  // Charlie and Golf (0.10°) are now covered: 12 800 + 3 700 = 16 500 / 18 500 = 0.8919.
  assert.equal((await candidate.get('/api/v1/steering/coverage?region=99')).json().share, 0.8919);

  const refused = await candidate.submit(`/api/v1/steering/points/${point.id}/remove`);
  assert.equal(refused.statusCode, 403);
  const removed = await admin.submit(`/api/v1/steering/points/${point.id}/remove`);
  assert.equal(removed.statusCode, 200, removed.body);
  assert.equal(removed.json().message, 'Point « CEP Charlie » supprimé.');
  assert.equal((await candidate.get('/api/v1/steering/coverage?region=99')).json().share, 0.6919);
  const again = await admin.submit(`/api/v1/steering/points/${point.id}/remove`);
  assert.equal(again.statusCode, 404);
});

test('an operator’s CSV: errors naming the line and nothing kept, then imported, the same file twice gives the same state', async () => {
  const bad = [
    'nom;operateur;commune;adresse;latitude;longitude',
    'CEP Charlie;CEP Essai;91003;1 place de la Mairie;;',
    'CEP sans commune;CEP Essai;;;;',
    'CEP Delta;CEP Essai;92001;;45,5;',
    'CEP Inconnue;CEP Essai;12345;;;',
  ].join('\n');
  const refused = await steering.submit('/api/v1/steering/points/import', { csv: bad });
  assert.equal(refused.statusCode, 400);
  assert.equal(
    refused.json().error,
    'fichier refusé, aucun point importé (3 lignes en erreur) : ligne 3 : commune vide ; ' +
      'ligne 4 : latitude et longitude vont ensemble (ou aucune des deux) ; ligne 5 : commune 12345 inconnue',
  );
  const count = async () => (await candidate.get('/api/v1/steering/points?region=99')).json().total;
  assert.equal(await count(), 1, 'rien n’est gardé d’un fichier refusé');

  const noColumn = await steering.submit('/api/v1/steering/points/import', { csv: 'nom,commune\nA,91001\n' });
  assert.equal(noColumn.statusCode, 400);
  assert.equal(
    noColumn.json().error,
    'ligne 1 : colonne absente : operateur (en-tête attendu : nom,operateur,commune,adresse,latitude,longitude)',
  );

  const good = [
    '\uFEFFnom;operateur;commune;adresse;latitude;longitude',
    'CEP Charlie;CEP Essai;91003;1 place de la Mairie;;',
    'CEP Delta;CEP Essai;92001;;45,5;0',
  ].join('\r\n');
  const first = await steering.submit('/api/v1/steering/points/import', { csv: good });
  assert.equal(first.statusCode, 200, first.body);
  assert.deepEqual(first.json(), {
    read: 2,
    inserted: 2,
    updated: 0,
    deleted: 0,
    operators: ['CEP Essai'],
    message: '2 points lus : 2 ajouté(s), 0 modifié(s), 0 retiré(s) (absents du fichier) pour CEP Essai.',
  });
  const second = await admin.submit('/api/v1/steering/points/import', { csv: good });
  assert.deepEqual([second.json().inserted, second.json().updated, second.json().deleted], [0, 0, 0]);
  assert.equal(await count(), 3);
  // Charlie, Golf, Delta, Echo are all within 20 km of a CEP point: the whole région is covered.
  assert.equal((await candidate.get('/api/v1/steering/coverage?region=99')).json().share, 1);

  // The operator's new file no longer lists Delta: its point goes, Charlie's address changes.
  const next = 'nom,operateur,commune,adresse\nCEP Charlie,CEP Essai,91003,2 rue Neuve\n';
  const third = await steering.submit('/api/v1/steering/points/import', { csv: next });
  assert.deepEqual([third.json().inserted, third.json().updated, third.json().deleted], [0, 1, 1]);
  const points: Point[] = (await candidate.get('/api/v1/steering/points?region=99')).json().points;
  assert.deepEqual(
    points.map((p) => [p.name, p.address, p.origin]),
    [
      ['CEP Charlie', '2 rue Neuve', 'csv'],
      ['P1 Alpha', null, 'lot'],
    ],
  );
  const forbidden = await candidate.submit('/api/v1/steering/points/import', { csv: next });
  assert.equal(forbidden.statusCode, 403);
});
