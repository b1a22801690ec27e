/**
 * The territory builder over the real bundle (Pays de la Loire: 1,228 communes, 71 EPCI, the
 * commune outlines): the five départements built from whole EPCI pass; a division that cuts an
 * EPCI, leaves communes out, puts a commune in two territories or joins two distant EPCI is refused
 * with a French sentence naming them; the neighbours computed from the outlines; the API (public
 * check, saving by the steering space with its form token, list, read, GeoJSON export).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { account, startServer, Visitor, type TestServer } from '../identity/helpers.ts';
import { builderDb, type BuilderDb } from '../../src/steering/builder-db.ts';
import { loadGeography, type Geography } from '../../src/steering/builder-geography.ts';
import { checkIn } from '../../src/steering/builder-divisions.ts';
import type { CheckResult, DivisionInput } from '../../src/steering/builder-check.ts';
import { storedReport } from '../helpers/reports.ts';

const skip = bundleDir() ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

const NANTES_METROPOLE = '244400404';
const LE_MANS_METROPOLE = '247200132';
const ANCENIS = '244400552';
const SABLE = '247200090';
const YEU = '85113';
const DEPARTEMENTS = ['44', '49', '53', '72', '85'];

let server: TestServer;
let db: BuilderDb;
let geo: Geography;

before(
  async () => {
    if (skip) return;
    server = await startServer(await openBundleDatabase());
    db = builderDb(server.handle.db);
    geo = await loadGeography(db, '52');
  },
  { timeout: 300_000 },
);
after(async () => {
  await server?.close();
});

/**
 * The five départements from whole EPCI: each EPCI goes to the département holding most of its
 * population in the région; L'Île-d'Yeu, in no EPCI, is added to Vendée by its commune code.
 */
function departementsFromEpci(): DivisionInput {
  const byDep = new Map(DEPARTEMENTS.map((d) => [d, [] as string[]]));
  for (const e of geo.epci.values()) {
    const pop = new Map<string, number>();
    for (const code of e.communes) {
      const c = geo.communes.get(code)!;
      pop.set(c.departement, (pop.get(c.departement) ?? 0) + c.population);
    }
    const [main] = [...pop].sort((a, b) => b[1] - a[1])[0];
    byDep.get(main)!.push(e.siren);
  }
  return {
    name: 'Départements',
    territories: DEPARTEMENTS.map((d) => ({ name: `Département ${d}`, epci: byDep.get(d)!, communes: d === '85' ? [YEU] : [] })),
  };
}

const messages = (r: CheckResult, kind?: string) => r.faults.filter((f) => !kind || f.kind === kind).map((f) => f.message);

test('the région as read: 1,228 communes, 71 EPCI, L’Île-d’Yeu in none, Noirmoutier and Yeu cut off from the mainland', {
  skip,
}, async () => {
  assert.equal(geo.communes.size, 1228);
  assert.equal(geo.epci.size, 71);
  assert.deepEqual(
    [...geo.communes.values()].filter((c) => !c.epci).map((c) => c.name),
    ["L'Île-d'Yeu"],
  );
  assert.deepEqual([...geo.islands].sort(), ['85011', '85083', '85106', '85113', '85163']);
  // Nantes and Rezé share the Loire's bridges and a border; Nantes and Angers do not.
  assert.ok(geo.neighbours.get('44109')!.includes('44143'));
  assert.ok(!geo.neighbours.get('44109')!.includes('49007'));
  const report = await storedReport(server.handle.db, 'territoires (voisinages des communes, calculés des tracés)');
  const notes = (report.notes as string[]).join('\n');
  assert.match(notes, /3443 paires de communes voisines/);
  // Split from Essarts-en-Bocage after the 2018 outlines were drawn.
  assert.match(notes, /L'Oie \(85165\) dans Essarts-en-Bocage, Sainte-Florence \(85212\) dans Essarts-en-Bocage/);
});

test('the five départements built from whole EPCI: valid, the région’s population in full', { skip }, async () => {
  const result = await checkIn(db, departementsFromEpci());
  assert.deepEqual(result.faults, []);
  assert.equal(result.valid, true);
  assert.equal(result.totals.coveredCommunes, 1228);
  assert.equal(
    result.territories.reduce((s, t) => s + t.population, 0),
    result.totals.population,
  );
  assert.ok(result.territories.every((t) => t.parts === 1));
  // Two EPCI straddle two départements of the région: CC du Pays d'Ancenis (44 and one commune
  // of 49) goes whole to Loire-Atlantique, CC du Pays Sabolien (72 and one commune of 53) to Sarthe.
  assert.deepEqual(
    result.territories.map((t) => [t.name, t.departements]),
    [
      ['Département 44', ['44', '49']],
      ['Département 49', ['49']],
      ['Département 53', ['53']],
      ['Département 72', ['53', '72']],
      ['Département 85', ['85']],
    ],
  );
  // Four EPCI reach into neighbouring régions: their communes there are not counted, and said so.
  assert.equal(result.notes.filter((n) => n.includes('hors de la région')).length, 4);
  assert.ok(result.notes.some((n) => n.startsWith('L’EPCI CA Redon Agglomération (243500741) compte aussi 23 communes hors de la région')));
  // The islands are attached without a border.
  assert.ok(result.notes.some((n) => /Territoire « Département 85 » : .*L'Île-d'Yeu \(85113\), îles sans frontière terrestre/.test(n)));
  // The draft's indicators, summed from each territory's communes.
  assert.equal(result.indicators.status, 'calcules');
  assert.deepEqual(
    Object.keys(result.indicators.values),
    result.territories.map((t) => t.name),
  );
  for (const values of Object.values(result.indicators.values)) assert.ok((values.projets_recrutement ?? 0) > 0);
});

test('the départements cut commune by commune are refused: the two straddling EPCI are named as cut', { skip }, async () => {
  const strict: DivisionInput = {
    name: 'Départements stricts',
    territories: DEPARTEMENTS.map((d) => ({
      name: d,
      communes: [...geo.communes.values()].filter((c) => c.departement === d).map((c) => c.code),
    })),
  };
  const result = await checkIn(db, strict);
  assert.equal(result.valid, false);
  assert.deepEqual(messages(result), [
    "L’EPCI CC du Pays d'Ancenis (244400552) est coupé : 19 communes dans « 44 », 1 commune dans « 49 » (Ingrandes-le-Fresne-sur-Loire (49160)).",
    'L’EPCI CC du Pays Sabolien (247200090) est coupé : 16 communes dans « 72 », 1 commune dans « 53 » (Bouessay (53037)).',
  ]);
  assert.deepEqual(result.faults[0].epci, [{ code: ANCENIS, name: "CC du Pays d'Ancenis" }]);
  assert.deepEqual(result.faults[1].epci, [{ code: SABLE, name: 'CC du Pays Sabolien' }]);
});

test('a territory that leaves communes out is refused, naming the EPCI and the commune', { skip }, async () => {
  const division = departementsFromEpci();
  const vendee = division.territories[4];
  vendee.communes = [];
  const loire = division.territories[0];
  loire.epci = loire.epci!.filter((s) => s !== NANTES_METROPOLE);
  const result = await checkIn(db, division);
  assert.equal(result.valid, false);
  const left = messages(result, 'commune-oubliee');
  assert.equal(left.length, 2);
  assert.equal(
    left[0],
    'L’EPCI Nantes Métropole (244400404) n’est dans aucun territoire : ses 24 communes sont oubliées (Basse-Goulaine (44009), ' +
      'Bouaye (44018), Bouguenais (44020), Brains (44024), Carquefou (44026), La Chapelle-sur-Erdre (44035), Couëron (44047), ' +
      'Indre (44074) et 16 autres).',
  );
  const nantes = result.faults.find((f) => f.message === left[0])!;
  assert.equal(nantes.communes.length, 24);
  assert.ok(nantes.communes.some((c) => c.code === '44109' && c.name === 'Nantes'));
  assert.equal(left[1], "La commune L'Île-d'Yeu (85113), sans EPCI, n’est dans aucun territoire : ajoutez son code à un territoire.");
  assert.equal(result.totals.coveredCommunes, 1228 - 24 - 1);
});

test('one commune of an EPCI taken alone into another territory: the EPCI is named as cut, the commune too', { skip }, async () => {
  const division = departementsFromEpci();
  division.territories[1].communes = ['44143']; // Rezé, of Nantes Métropole, into Maine-et-Loire
  const result = await checkIn(db, division);
  assert.equal(result.valid, false);
  assert.deepEqual(messages(result, 'commune-en-double'), [
    'La commune Rezé (44143) est dans plusieurs territoires : « Département 44 » et « Département 49 ».',
  ]);
  assert.deepEqual(messages(result, 'epci-coupe'), [
    'L’EPCI Nantes Métropole (244400404) est coupé : 23 communes dans « Département 44 », 1 commune dans « Département 44 » et « Département 49 » (Rezé (44143)).',
  ]);
  // Rezé is far from Maine-et-Loire: that territory is now in two parts.
  assert.match(
    messages(result, 'non-contigu')[0],
    /^Le territoire « Département 49 » n’est pas d’un seul tenant : 2 parties sans frontière commune — 1\) .* ; 2\) Rezé \(44143\) \(1 commune\)\.$/,
  );
});

test('a territory of two distant EPCI is refused, naming its separate parts', { skip }, async () => {
  const division = departementsFromEpci();
  for (const t of division.territories) t.epci = t.epci!.filter((s) => s !== NANTES_METROPOLE && s !== LE_MANS_METROPOLE);
  division.territories.push({ name: 'Métropoles', epci: [NANTES_METROPOLE, LE_MANS_METROPOLE] });
  const result = await checkIn(db, division);
  assert.equal(result.valid, false);
  const far = result.faults.filter((f) => f.territories.includes('Métropoles'));
  assert.deepEqual(
    far.map((f) => f.message),
    [
      'Le territoire « Métropoles » n’est pas d’un seul tenant : 2 parties sans frontière commune — 1) Nantes Métropole (24 communes) ; 2) CU Le Mans Métropole (20 communes).',
    ],
  );
  assert.deepEqual(far[0].epci.map((e) => e.name).sort(), ['CU Le Mans Métropole', 'Nantes Métropole']);
  const metropoles = result.territories.find((t) => t.name === 'Métropoles')!;
  assert.equal(metropoles.parts, 2);
  assert.equal(metropoles.communes, 24 + 20);
});

test('unknown codes, a duplicated EPCI, an empty territory, two territories of the same name', { skip }, async () => {
  const result = await checkIn(db, {
    name: 'Fautes',
    territories: [
      { name: 'A', epci: [NANTES_METROPOLE, '123456789', 'abc'] },
      { name: 'A', epci: [NANTES_METROPOLE], communes: ['75056'] },
    ],
  });
  assert.ok(messages(result, 'nom').includes('Deux territoires s’appellent « A » : donnez-leur des noms distincts.'));
  assert.ok(messages(result, 'code-inconnu').includes('Territoire « A » : « ABC » n’est pas un SIREN d’EPCI (9 chiffres).'));
  assert.ok(messages(result, 'hors-region').some((m) => m.includes('l’EPCI 123456789 n’a aucune commune dans la région Pays de la Loire')));
  assert.ok(
    messages(result, 'hors-region').some((m) => m.includes('la commune 75056 n’est pas une commune de la région Pays de la Loire')),
  );
  assert.ok(
    messages(result, 'commune-en-double').includes('L’EPCI Nantes Métropole (244400404) est dans plusieurs territoires : « A » et « A ».'),
  );
  const empty = await checkIn(db, { name: 'Vide', territories: [{ name: 'Rien', epci: [] }] });
  assert.ok(messages(empty, 'territoire-vide').includes('Le territoire « Rien » ne compte aucune commune de la région.'));
});

test('API: the check is public; saving takes the steering role and a form token, refuses a faulty division', { skip }, async () => {
  const anonymous = new Visitor(server.app);
  const division = departementsFromEpci();
  const checked = await anonymous.request('POST', '/api/v1/steering/territories/check', division);
  assert.equal(checked.statusCode, 200, checked.body);
  assert.equal(checked.json().valid, true);
  assert.equal((await anonymous.request('POST', '/api/v1/steering/divisions', { ...division, csrf: 'x' })).statusCode, 401);

  const steering = await account(server, ['pilotage']);
  const region = new Visitor(server.app);
  assert.equal((await region.signIn(steering.email)).statusCode, 200);
  // Without a valid token: refused.
  assert.equal((await region.request('POST', '/api/v1/steering/divisions', { ...division, csrf: 'faux' })).statusCode, 403);
  const saved = await region.submit('/api/v1/steering/divisions', division);
  assert.equal(saved.statusCode, 200, saved.body);
  const { division: stored } = saved.json();
  assert.equal(stored.name, 'Départements');

  const faulty = departementsFromEpci();
  faulty.name = 'Sans Nantes';
  faulty.territories[0].epci = faulty.territories[0].epci!.filter((s) => s !== NANTES_METROPOLE);
  const refused = await region.submit('/api/v1/steering/divisions', faulty);
  assert.equal(refused.statusCode, 400);
  assert.match(
    refused.json().error,
    /^Découpage refusé \(1 problème\) : L’EPCI Nantes Métropole \(244400404\) n’est dans aucun territoire/,
  );

  const list = await region.get('/api/v1/steering/divisions');
  assert.deepEqual(
    list.json().map((d: { name: string; territories: number }) => [d.name, d.territories]),
    [['Départements', 5]],
  );
  const again = await region.get(`/api/v1/steering/divisions/${stored.id}`);
  assert.equal(again.json().check.valid, true);
  assert.equal(again.json().division.territories[4].communes[0], YEU);

  const geojson = await region.get(`/api/v1/steering/divisions/${stored.id}/geojson`);
  assert.equal(geojson.statusCode, 200);
  assert.match(String(geojson.headers['content-type']), /application\/geo\+json/);
  const fc = JSON.parse(geojson.body) as { features: { properties: Record<string, unknown>; geometry: { type: string } }[] };
  // Every outline of the région's communes (1,272 outlines for 1,226 communes drawn), each with its territory.
  assert.equal(fc.features.length, 1272);
  assert.ok(fc.features.every((f) => typeof f.properties.territoire === 'string'));
  const nantes = fc.features.find((f) => f.properties.commune === '44109')!;
  assert.deepEqual(
    [nantes.properties.territoire, nantes.properties.epci_nom, nantes.geometry.type],
    ['Département 44', 'Nantes Métropole', nantes.geometry.type],
  );

  // Another role may not read the steering space's divisions.
  const counsellor = await account(server, ['conseiller']);
  const other = new Visitor(server.app);
  await other.signIn(counsellor.email);
  assert.equal((await other.get('/api/v1/steering/divisions')).statusCode, 403);
  assert.equal((await region.get('/api/v1/steering/divisions/999999')).statusCode, 404);
});

test('API: the CLPE as a ready-made division, compared with the EPCI', { skip }, async () => {
  const res = await new Visitor(server.app).get('/api/v1/steering/territories/clpe');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.summary, '20 territoires CLPE couvrent la région Pays de la Loire ; aucun ne coupe d’EPCI.');
  assert.equal(body.clpeCuttingEpci, 0);
  assert.equal(body.check.totals.coveredCommunes, 1228);
  assert.equal(body.codes.Angers, 'CLPE49001');
  const angers = body.check.territories.find((t: { name: string }) => t.name === 'Angers');
  assert.ok(angers.epci.some((e: { name: string }) => e.name === 'CU Angers Loire Métropole'));
});

test('API: the région’s EPCI to build from, with their départements and CLPE, and the communes without EPCI', { skip }, async () => {
  const res = await new Visitor(server.app).get('/api/v1/steering/territories/epci');
  assert.equal(res.statusCode, 200, res.body);
  const body = res.json();
  assert.equal(body.epci.length, 71);
  const ancenis = body.epci.find((e: { siren: string }) => e.siren === ANCENIS);
  assert.deepEqual([ancenis.communes, ancenis.departement, ancenis.departements], [20, '44', ['44', '49']]);
  const angers = body.epci.find((e: { siren: string }) => e.siren === '244900015');
  assert.deepEqual(angers.clpe, ['Angers']);
  assert.deepEqual(
    body.loose.map((c: { code: string; name: string; clpe: string }) => [c.code, c.name, c.clpe]),
    [[YEU, "L'Île-d'Yeu", 'Vendée Ouest']],
  );
});
