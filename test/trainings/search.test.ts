import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/db.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { importSources } from '../../src/app/modules.ts';
import { SAMPLE_DIR } from '../../src/app/data.ts';
import { InputError } from '../../src/platform/errors.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { Action, Adresse, LheoOffer, Session } from '../../src/trainings/lheo/model.ts';
import { writeLheo } from '../../src/trainings/lheo/write.ts';
import { importLheoFile } from '../../src/trainings/import.ts';
import { searchTrainings, type TrainingQuery, type TrainingSearchResponse } from '../../src/trainings/search.ts';
import { haversineKm } from '../../src/trainings/search/geo.ts';
import { editDistance, familyOf } from '../../src/trainings/search/text.ts';

const TODAY = '2026-12-01';
let handle: DbHandle;
let app: App;
let dir: string;
const communes = new Map<string, { name: string; lat: number; lon: number; postcode: string; departement: string }>();

function place(code: string): Adresse {
  const c = communes.get(code)!;
  return {
    lignes: ['1 rue de l’Essai'],
    codepostal: c.postcode,
    ville: c.name,
    departement: c.departement,
    codeInseeCommune: code,
    region: '52',
    pays: 'FR',
    geolocalisation: { latitude: c.lat.toFixed(5), longitude: c.lon.toFixed(5) },
  };
}

function session(numero: string, debut: string, fin: string, cpf = false): Session {
  return {
    numero,
    attrs: {},
    periode: { debut, fin },
    adresseInscription: { lignes: ['1 rue de l’Essai'], codepostal: '44000', ville: 'Nantes' },
    recrutements: [],
    urls: [],
    contacts: [],
    referencesCertification: [],
    blocsCompetences: [],
    cycles: [],
    extras: cpf ? [{ name: 'extras', attrs: { info: 'eligibilite-cpf' }, children: [] }] : [],
  };
}

function action(
  numero: string,
  o: { communes: string[]; modalite?: string; financeurs?: string[]; sessions: Session[]; permanent?: boolean },
): Action {
  return {
    numero,
    attrs: {},
    rythme: 'Temps plein',
    publicsVises: [{ code: '83056', ref: 'V12' }],
    niveauEntreeObligatoire: false,
    modalitesAlternance: 'Sans objet',
    modalitesEnseignement: o.modalite ?? '0',
    conditionsSpecifiques: 'Aucune',
    priseEnChargeFraisPossible: true,
    lieux: o.communes.map((c) => ({
      coordonnees: { lignes: [], adresse: place(c), telfixe: [], portable: [], fax: [], web: [] },
      extras: [],
    })),
    entreesSortiesPermanentes: o.permanent ?? false,
    urls: [],
    sessions: o.sessions,
    datesInformation: [],
    langues: ['fr'],
    codesModalitePedagogique: [],
    equipements: [],
    formateurs: [],
    financeurs: (o.financeurs ?? ['2']).map((code) => ({ code, extras: [] })),
    enseignements: [],
    extras: [],
  };
}

function offer(
  numero: string,
  o: {
    intitule: string;
    objectif?: string;
    contenu?: string;
    rome?: string[];
    certifinfo?: string;
    rncp?: string;
    niveau?: string;
    actions: Action[];
  },
): LheoOffer {
  const contact = { coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], courriel: 'contact@essai.example', web: [] } };
  return {
    numero,
    attrs: {},
    domaine: { formacodes: [], nsf: [], rome: (o.rome ?? []).map((code) => ({ code, ref: 'V4' })) },
    intitule: o.intitule,
    objectif: o.objectif ?? 'Se former.',
    resultatsAttendus: 'Attestation.',
    contenu: o.contenu ?? 'Cours.',
    certifiante: !!o.certifinfo,
    contacts: [contact],
    parcours: '1',
    niveauEntree: '0',
    certifications: o.certifinfo ? [{ certifinfo: o.certifinfo, ...(o.rncp ? { rncp: o.rncp } : {}) }] : [],
    typesFormation: [],
    urls: [],
    actions: o.actions,
    organisme: {
      attrs: {},
      numeroActivite: '52440000001',
      siret: '12345678200011',
      nom: 'Organisme d’essai',
      raisonSociale: 'Organisme d’essai SAS',
      coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], web: [] },
      contacts: [contact],
      potentiel: [],
      extras: [],
    },
    ...(o.niveau ? { niveauSortie: o.niveau } : {}),
    extras: [],
    demo: false,
  };
}

const HOSTILE = {
  intitule: `<script>alert('x')</script> Soudage & brasage "au TIG"`,
  objectif: "'; DROP TABLE training_formation; -- <img src=x onerror=alert(1)>",
};

function fixtures(): LheoOffer[] {
  return [
    offer('T1', {
      intitule: 'Titre professionnel soudeur assembleur industriel',
      certifinfo: '99009',
      rncp: 'RNCP99109',
      niveau: '13',
      actions: [action('T1-A1', { communes: ['44162'], sessions: [session('S1', '20270110', '20270630', true)] })],
    }),
    offer('T2', {
      intitule: 'Soudure TIG : perfectionnement',
      rome: ['H2913'],
      actions: [
        action('T2-A1', { communes: ['44109'], modalite: '1', financeurs: ['4'], sessions: [session('S1', '20270301', '20270331')] }),
      ],
    }),
    offer('T3', {
      intitule: 'CAP électricien',
      objectif: 'Travaux d’électricité dans le bâtiment.',
      certifinfo: '99006',
      niveau: '13',
      actions: [action('T3-A1', { communes: ['49007'], financeurs: ['16'], sessions: [session('S1', '20270201', '20270630', true)] })],
    }),
    offer('T4', {
      intitule: 'Electricite du batiment : remise à niveau',
      actions: [
        action('T4-A1', { communes: ['44184'], modalite: '2', financeurs: ['10'], sessions: [session('S1', '20280110', '20280301')] }),
      ],
    }),
    offer('T5', {
      intitule: HOSTILE.intitule,
      objectif: HOSTILE.objectif,
      actions: [action('T5-A1', { communes: ['44143'], sessions: [session('S1', '20270415', '20270501')] })],
    }),
    offer('T6', {
      intitule: 'CAP boulanger',
      certifinfo: '99001',
      niveau: '13',
      actions: [
        action('T6-A1', { communes: ['72181'], sessions: [session('S1', '20270901', '20280630')] }),
        action('T6-A2', { communes: ['44109'], modalite: '2', sessions: [session('S1', '20270105', '20270630')] }),
      ],
    }),
    offer('T7', {
      intitule: 'Diplôme d’État d’aide-soignant',
      certifinfo: '99008',
      niveau: '14',
      actions: [action('T7-A1', { communes: ['44109'], permanent: true, sessions: [session('S1', '20261001', '20271231')] })],
    }),
    offer('T8', {
      intitule: 'Développeur web à distance',
      rome: ['M1805'],
      actions: [action('T8-A1', { communes: [], modalite: '2', sessions: [session('S1', '20270201', '20270601')] })],
    }),
  ];
}

before(async () => {
  handle = await openTestDatabase();
  await runImport(handle.db, SAMPLE_DIR, importSources, undefined, { sample: true });
  const { rows } = await sql<{ code: string; name: string; lat: number; lon: number; postcodes: string[]; departement: string }>`
    SELECT code, name, lat, lon, postcodes, departement FROM commune
    WHERE code IN ('44109', '44162', '49007', '44184', '44143', '72181')`.execute(handle.db);
  for (const r of rows)
    communes.set(r.code, { name: r.name, lat: r.lat, lon: r.lon, postcode: r.postcodes[0], departement: r.departement });
  // A ROME 4.0 fiche born from H2913 (ROME v3), as in the real ROME (H2916 soudeur TIG).
  await sql`INSERT INTO rome_fiche (code, code_ogr, label, transition_num, transition_demo, emploi_reglemente, emploi_cadre, rome_v3_parent)
    VALUES ('H2916', '999916', 'Soudeur / Soudeuse TIG', false, false, false, false, 'H2913') ON CONFLICT DO NOTHING`.execute(handle.db);

  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-search-'));
  const file = path.join(dir, 'essai.xml');
  const out = fs.createWriteStream(file);
  await writeLheo(fixtures(), out);
  await new Promise((r) => out.end(r));
  const result = await importLheoFile(handle.db, file, { source: 'essai' });
  assert.equal(result.reports[0].rejects.length, 0, JSON.stringify(result.reports[0].rejects));

  ({ app } = await buildServer(handle, { logger: false }));
});

after(async () => {
  await app?.close();
  await handle?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const search = (q: TrainingQuery) => searchTrainings(handle.db, { pageSize: 50, ...q }, { today: TODAY });
const ids = (r: TrainingSearchResponse) => r.results.map((h) => h.formation);

async function rejects(q: TrainingQuery, field: string) {
  await assert.rejects(search(q), (e: unknown) => e instanceof InputError && e.field === field);
}

test('word families and typos: soudure, soudeur, sodure find the welding offers, the exact word first', async () => {
  const soudure = await search({ text: 'soudure' });
  assert.deepEqual(new Set(ids(soudure)), new Set(['T1', 'T2', 'T5']));
  assert.equal(ids(soudure)[0], 'T2', 'the title holding the word itself comes first');
  assert.deepEqual(soudure.results[0].why, ['texte : soudure']);
  assert.match(soudure.results.find((h) => h.formation === 'T1')!.why[0], /famille de « soudure » dans l’intitulé/);
  assert.deepEqual(new Set(ids(await search({ text: 'soudeur' }))), new Set(['T1', 'T2', 'T5']));
  const typo = await search({ text: 'sodure' });
  assert.ok(ids(typo).includes('T2'));
  assert.ok(
    typo.notes.some((n) => /« sodure ».*lu « soudure »/.test(n)),
    typo.notes.join(' | '),
  );
});

test('accents and case do not matter; words are ANDed; an unknown word finds nothing and says so', async () => {
  const accented = ids(await search({ text: 'Électricité' }));
  assert.deepEqual(new Set(accented), new Set(['T3', 'T4']));
  assert.deepEqual(new Set(ids(await search({ text: 'electricite' }))), new Set(accented));
  assert.deepEqual(ids(await search({ text: 'électricité remise' })), ['T4']);
  const none = await search({ text: 'zqxwvy' });
  assert.equal(none.total, 0);
  assert.ok(none.notes.some((n) => n.includes('zqxwvy')));
  const stop = await search({ text: 'de la' });
  assert.ok(stop.notes.some((n) => /aucun mot cherchable/.test(n)));
});

test('radius around a commune: only places within it, nearest first, with the distance said', async () => {
  const r = await search({ near: { commune: '44109' }, radiusKm: 30, sort: 'distance' });
  const nantes = communes.get('44109')!;
  assert.deepEqual(new Set(ids(r)), new Set(['T1', 'T2', 'T5', 'T6', 'T7']));
  let last = -1;
  for (const h of r.results) {
    const km = haversineKm(nantes.lat, nantes.lon, h.lieu!.lat!, h.lieu!.lon!);
    assert.ok(km <= 30, `${h.formation} à ${km} km`);
    assert.ok(Math.abs(km - h.lieu!.distanceKm!) < 0.06);
    assert.ok(h.lieu!.distanceKm! >= last);
    last = h.lieu!.distanceKm!;
    assert.ok(
      h.why.some((w) => /^à .* km de Nantes$/.test(w)),
      h.why.join(' | '),
    );
  }
  // T6 matches through its Nantes action, not its Le Mans one.
  assert.equal(r.results.find((h) => h.formation === 'T6')!.lieu!.commune, '44109');
  assert.equal(r.near?.commune, '44109');
  // A postcode and a point give the same answer.
  assert.deepEqual(ids(await search({ near: { commune: '44000' }, radiusKm: 30, sort: 'distance' })), ids(r));
  assert.deepEqual(new Set(ids(await search({ near: { lat: nantes.lat, lon: nantes.lon }, radiusKm: 30 }))), new Set(ids(r)));
  // Wider: Saint-Nazaire (≈ 50 km) comes in, Angers (≈ 80 km) not yet.
  const wide = ids(await search({ near: { commune: '44109' }, radiusKm: 60 }));
  assert.ok(wide.includes('T4') && !wide.includes('T3'));
});

test('ROME code through the offer’s domains, its certifications, and a ROME v3 parent', async () => {
  const r = await search({ rome: 'H2913' });
  assert.deepEqual(new Set(ids(r)), new Set(['T1', 'T2']));
  assert.ok(r.results.find((h) => h.formation === 'T2')!.why.includes('ROME H2913 parmi les domaines de l’offre'));
  const t1 = r.results.find((h) => h.formation === 'T1')!.why.join(' | ');
  assert.match(t1, /ROME H2913 via la certification (RNCP99109|Certif Info 99009) \(Titre professionnel soudeur assembleur industriel\)/);
  const child = await search({ rome: 'h2916' });
  assert.deepEqual(new Set(ids(child)), new Set(['T1', 'T2']));
  const near = await search({ rome: 'H2913', near: { commune: '44109' }, radiusKm: 5 });
  assert.deepEqual(ids(near), ['T2']);
});

test('certification, level, modality, CPF, financeur, département and start window filters', async () => {
  assert.deepEqual(ids(await search({ certification: 'RNCP99109' })), ['T1']);
  assert.deepEqual(ids(await search({ certification: '99006' })), ['T3']);
  assert.deepEqual(new Set(ids(await search({ niveau: [3] }))), new Set(['T1', 'T3', 'T6']));
  assert.deepEqual(ids(await search({ niveau: [4] })), ['T7']);
  assert.deepEqual(new Set(ids(await search({ cpf: true }))), new Set(['T1', 'T3']));
  assert.deepEqual(new Set(ids(await search({ modalites: ['distance'] }))), new Set(['T4', 'T6', 'T8']));
  // One action must satisfy every action-level condition: T6 is at distance from Nantes only.
  const distNear = await search({ modalites: ['distance'], near: { commune: '44109' }, radiusKm: 10 });
  assert.deepEqual(ids(distNear), ['T6']);
  assert.deepEqual(ids(await search({ financeurs: ['16'] })), ['T3']);
  assert.deepEqual(ids(await search({ departements: ['49'] })), ['T3']);
  const january = await search({ startFrom: '2027-01-01', startTo: '2027-01-31' });
  assert.deepEqual(new Set(ids(january)), new Set(['T1', 'T6', 'T7']));
  assert.ok(january.results.find((h) => h.formation === 'T6')!.sessions.every((s) => s.debut === '2027-01-05'));
});

test('facets count offers among all the results', async () => {
  const r = await search({});
  assert.equal(r.total, 8);
  const count = (f: { value: string; count: number }[], v: string) => f.find((x) => x.value === v)?.count;
  assert.equal(count(r.facets.departement, '44'), 6);
  assert.equal(count(r.facets.departement, '72'), 1);
  assert.equal(r.facets.departement.find((x) => x.value === '44')!.label, 'Loire-Atlantique');
  assert.equal(count(r.facets.niveau, '3'), 3);
  assert.equal(count(r.facets.modalite, 'distance'), 3);
  assert.equal(count(r.facets.modalite, 'presentiel'), 5);
  assert.equal(count(r.facets.cpf, 'true'), 2);
  assert.equal(count(r.facets.financeur, '2'), 5);
  assert.equal(r.facets.financeur.find((x) => x.value === '16')!.label, 'OPCO');
  const near = await search({ near: { commune: '44109' }, radiusKm: 30 });
  assert.equal(count(near.facets.departement, '44'), 5);
  assert.equal(count(near.facets.departement, '72'), undefined, 'the Le Mans place of T6 is outside the radius');
});

test('sorts: start date (entrées permanentes open today first) and employment rate (unknown last, said)', async () => {
  const start = ids(await search({ sort: 'start' }));
  assert.deepEqual(start.slice(0, 3), ['T7', 'T6', 'T1']);
  const r = await search({ sort: 'employment' });
  const rates = r.results.map((h) => h.tauxEmploi?.taux ?? null);
  const known = rates.filter((x): x is number => x !== null);
  assert.ok(known.length >= 2, 'the sample has InserJeunes rates for CAP électricien and CAP boulanger');
  assert.deepEqual(
    known,
    [...known].sort((a, b) => b - a),
  );
  assert.ok(rates.indexOf(null) === -1 || rates.slice(rates.indexOf(null)).every((x) => x === null), 'unknown rates last');
  const unknown = r.results.find((h) => h.tauxEmploi === null)!;
  assert.ok(unknown.why.some((w) => /taux d’emploi inconnu/.test(w)));
  const first = r.results[0];
  assert.ok(first.why.some((w) => /taux d’emploi à 6 mois : \d+ % \(InserJeunes/.test(w)));
});

test('pagination: pages do not overlap, the total stays', async () => {
  const p1 = await searchTrainings(handle.db, { pageSize: 3, page: 1, sort: 'start' }, { today: TODAY });
  const p2 = await searchTrainings(handle.db, { pageSize: 3, page: 2, sort: 'start' }, { today: TODAY });
  assert.equal(p1.total, 8);
  assert.equal(p1.pages, 3);
  assert.equal(p2.total, 8);
  assert.equal(ids(p1).filter((x) => ids(p2).includes(x)).length, 0);
});

test('bad queries are 400 with a French message naming the field', async () => {
  await rejects({ near: { commune: '99999' } }, 'near');
  await rejects({ near: { commune: 'Nantes' } }, 'near');
  await rejects({ near: { commune: '44109' }, radiusKm: 0 }, 'radiusKm');
  await rejects({ near: { commune: '44109' }, radiusKm: 201 }, 'radiusKm');
  await rejects({ radiusKm: 10 }, 'radiusKm');
  await rejects({ sort: 'distance' }, 'sort');
  await rejects({ rome: 'XX12' }, 'rome');
  await rejects({ niveau: [9] }, 'niveau');
  await rejects({ startFrom: '2027-02-30' }, 'startFrom');
  await rejects({ certification: 'abc' }, 'certification');
  await rejects({ pageSize: 500 }, 'pageSize');
});

test('hostile text is stored as text and comes back intact, escaped in JSON', async () => {
  const r = await search({ text: 'brasage' });
  const hit = r.results.find((h) => h.formation === 'T5')!;
  assert.equal(hit.intitule, HOSTILE.intitule);
  const res = await app.inject(`/api/v1/trainings?q=brasage`);
  assert.equal(res.statusCode, 200);
  assert.ok(!res.body.includes('<script'), 'no raw markup in the JSON');
  assert.ok(res.body.includes('\\u003cscript\\u003e'));
  assert.equal(res.json().results.find((h: { formation: string }) => h.formation === 'T5').intitule, HOSTILE.intitule);
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training_formation`.execute(handle.db);
  assert.equal(rows[0].n, 8);
  const { rows: stored } = await sql<{ objectif: string }>`SELECT objectif FROM training_formation WHERE formation = 'T5'`.execute(
    handle.db,
  );
  assert.equal(stored[0].objectif, HOSTILE.objectif);
});

test('GET /api/v1/trainings: the API takes flat parameters and names the faulty one', async () => {
  const res = await app.inject('/api/v1/trainings?q=soudure&near=44109&radiusKm=30&sort=distance&niveau=3&modalites=presentiel&cpf=true');
  assert.equal(res.statusCode, 200);
  assert.deepEqual(
    res.json().results.map((h: { formation: string }) => h.formation),
    ['T1'],
  );
  const bad = await app.inject('/api/v1/trainings?near=00000');
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, 'near');
  assert.match(bad.json().error, /commune inconnue/);
  const radius = await app.inject('/api/v1/trainings?near=44109&radiusKm=500');
  assert.equal(radius.statusCode, 400);
  assert.equal(radius.json().field, 'radiusKm');
  const doc = await app.inject('/api/docs/json');
  assert.ok(doc.json().paths['/api/v1/trainings'], 'documented in OpenAPI');
});

test('helpers: word families and edit distance', () => {
  assert.equal(familyOf('soudur'), 'soud');
  assert.equal(familyOf('soudeur'), 'soud');
  assert.equal(familyOf('soudag'), 'soud');
  assert.equal(familyOf('electricit'), 'electr');
  assert.equal(familyOf('electricien'), 'electr');
  assert.equal(familyOf('aid'), null);
  assert.equal(editDistance('sodur', 'soudur', 1), 1);
  assert.equal(editDistance('electrcite', 'electricit', 2), 2);
  assert.equal(editDistance('abc', 'xyz', 1), 2);
});

// Last: it changes the data. The ROME → certification links a search resolves are kept with the
// in-memory index, which any import replaces.
test('ROME links are read once per import: a link removed is still followed until the next import, not after', async () => {
  const links = await sql<Record<string, unknown>>`SELECT * FROM certification_rome WHERE certification = '99009'`.execute(handle.db);
  assert.ok(links.rows.length > 0, 'T1 mène à H2913 par sa certification');
  assert.ok(ids(await search({ rome: 'H2913' })).includes('T1'));
  await sql`DELETE FROM certification_rome WHERE certification = '99009'`.execute(handle.db);
  assert.ok(ids(await search({ rome: 'H2913' })).includes('T1'), 'gardé avec l’index jusqu’au prochain import');
  const again = await importLheoFile(handle.db, path.join(dir, 'essai.xml'), { source: 'essai' });
  assert.equal(again.reports[0].rejects.length, 0);
  assert.deepEqual(ids(await search({ rome: 'H2913' })), ['T2']);
});
