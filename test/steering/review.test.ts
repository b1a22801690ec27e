/**
 * The training-map review on a hand-made région (99, départements 91 and 92: its schools' UAI start
 * with 091 and 092): InserJeunes rows of both voies, Affelnet and Parcoursup demand, the 2020
 * headcounts, a régional priority. Every figure below is worked out by hand.
 *
 *   voie scolaire (2022_2023)       term.  sortants  emploi 6 m  poursuite   kept?
 *   M1 CAP Alpha       (50000001)     40        30     6 = 20 %  10 = 25 %   yes
 *   M2 Bac pro Bravo   (40000002)    100        60    36 = 60 %  40 = 40 %   yes
 *   M3 CAP Charlie     (50000003)     12        10     1         2          no (< 20)
 *   averages: employment 43 / 100 = 43 %, further study 52 / 152 = 34.2 %
 *
 *   apprentissage
 *   40000002 Bac pro Bravo            50        40    28 = 70 %  10 = 20 %
 *   32000004 BTS Delta                30        25    15 = 60 %   5 = 17 %
 *   averages: employment 43 / 65 = 66.2 %, further study 15 / 80 = 18.8 %
 *
 * Affelnet 2022 (the 2021 file ignored): CAP Alpha 50 places, 20 first wishes in 0910001A → pressure
 * 0.4, and 20 pupils at the 2020 rentrée → fill 40 %; Bac pro Bravo 24 places / 60 wishes in
 * 0910001A and 30 places / 6 wishes in 0920002B → 54 places, 66 wishes, pressure 1.22, the second
 * school listed with 0.2. A Paris school (075…) is outside the région and never counted.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openTestDatabase } from '../helpers/db.ts';
import { startServer } from '../identity/helpers.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { figuresDb, type FiguresDb } from '../../src/steering/figures-db.ts';
import { computeReview, reviewText } from '../../src/steering/review.ts';
import type { Review } from '../../src/steering/review-contract.ts';

let handle: DbHandle;
let db: FiguresDb;

const IJ = { source: 'InserJeunes', geo_level: 'reg', geo_code: '99', code_region_ij: '99', run_id: null };

function ij(vintage: string, voie: string, key: string, term: number, leavers: number, employed: number, further: number) {
  const published = term >= 20;
  return {
    ...IJ,
    id: `${vintage}_${voie}_${key}`,
    vintage,
    voie,
    cfd: voie === 'apprentissage' ? key : null,
    mefstat11: voie === 'scolaire' ? key : null,
    nb_annee_term: term,
    nb_sortant: leavers,
    nb_en_emploi_6_mois: employed,
    nb_poursuite_etudes: further,
    taux_emploi_6_mois: published ? Math.round((employed / leavers) * 100) : null,
    taux_poursuite_etudes: published ? Math.round((further / term) * 100) : null,
  };
}

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
    .insertInto('inserjeunes_region')
    .values([
      ij('2022_2023', 'scolaire', 'M1', 40, 30, 6, 10),
      ij('2022_2023', 'scolaire', 'M2', 100, 60, 36, 40),
      ij('2022_2023', 'scolaire', 'M3', 12, 10, 1, 2),
      ij('2022_2023', 'apprentissage', '40000002', 50, 40, 28, 10),
      ij('2022_2023', 'apprentissage', '32000004', 30, 25, 15, 5),
      // An older vintage where CAP Alpha did well: never read.
      ij('2021_2022', 'scolaire', 'M1', 40, 30, 27, 10),
    ])
    .execute();
  await db
    .insertInto('bcn_niveau')
    .values([
      { code: '500', niveau_interministeriel: '5', libelle_court: 'CAP', run_id: null },
      { code: '400', niveau_interministeriel: '4', libelle_court: 'BAC PRO', run_id: null },
      { code: '320', niveau_interministeriel: '3', libelle_court: 'BTS', run_id: null },
    ])
    .execute();
  await db
    .insertInto('bcn_diplome')
    .values([
      { cfd: '50000001', niveau: '500', libelle_long: 'CAP ALPHA (BCN)', bcn_table: 'N_FORMATION_DIPLOME', run_id: null },
      { cfd: '40000002', niveau: '400', libelle_long: 'BAC PRO BRAVO', bcn_table: 'N_FORMATION_DIPLOME', run_id: null },
      { cfd: '50000003', niveau: '500', libelle_long: 'CAP CHARLIE', bcn_table: 'N_FORMATION_DIPLOME', run_id: null },
      { cfd: '32000004', niveau: '320', libelle_long: 'BTS DELTA', bcn_table: 'N_FORMATION_DIPLOME', run_id: null },
    ])
    .execute();
  await db
    .insertInto('bcn_mef')
    .values([
      // Final-year MEF (InserJeunes) and first-year MEF (Affelnet) of the same diplomas.
      { mef: '1', mef_stat_11: 'M1', cfd: '50000001', run_id: null },
      { mef: '2', mef_stat_11: 'M2', cfd: '40000002', run_id: null },
      { mef: '3', mef_stat_11: 'M3', cfd: '50000003', run_id: null },
      { mef: '4', mef_stat_11: 'E1', cfd: '40000002', run_id: null },
    ])
    .execute();
  await db.insertInto('steering_mef_label').values({ mefstat11: 'M1', label: 'CAP Alpha', source: 'affelnet', run_id: null }).execute();
  await db
    .insertInto('steering_priority')
    .values({ region: '99', cfd: '50000001', label: 'CAP Alpha', diplome: 'CAP', run_id: null })
    .execute();
  const demand = (
    source: 'affelnet' | 'parcoursup',
    vintage: string,
    uai: string,
    mef: string,
    statut: 'scolaire' | 'apprentissage',
    cfd: string | null,
    capacity: number,
    wishes: number,
  ) => ({
    source,
    vintage,
    uai,
    mefstat11: mef,
    statut,
    label: null,
    cfd,
    capacity,
    wishes,
    run_id: null,
  });
  await db
    .insertInto('steering_demand')
    .values([
      demand('affelnet', '2022', '0910001A', 'E2', 'scolaire', '50000001', 50, 20),
      demand('affelnet', '2022', '0910001A', 'E1', 'scolaire', null, 24, 60),
      demand('affelnet', '2022', '0920002B', 'E1', 'scolaire', null, 30, 6),
      demand('affelnet', '2022', '0750001A', 'E2', 'scolaire', '50000001', 100, 0),
      demand('affelnet', '2021', '0910001A', 'E2', 'scolaire', '50000001', 50, 500),
      demand('parcoursup', '2024', '0920002B', 'P4', 'apprentissage', '32000004', 20, 50),
    ])
    .execute();
  await db
    .insertInto('steering_headcount')
    .values({ vintage: '2020', uai: '0910001A', mefstat11: 'E2', pupils: 20, run_id: null })
    .execute();
  await db
    .insertInto('steering_uai_commune')
    .values({ uai: '0920002B', commune: '92001', name: 'Lycée Bravo', source: 'affelnet', run_id: null })
    .execute();
  await db
    .insertInto('inserjeunes_etablissement')
    .values([
      {
        source: 'IJ',
        vintage: '2022_2023',
        geo_level: 'etablissement',
        geo_code: '0910001A',
        voie: 'pro',
        segment: 'ensemble',
        label: 'Lycée Alpha',
        region: '99',
        taux_emploi_6_mois: 30,
        taux_emploi_6_mois_attendu: 42,
        valeur_ajoutee: -12,
        taux_poursuite_etudes: 20,
        run_id: null,
      },
      {
        source: 'IJ',
        vintage: '2022_2023',
        geo_level: 'etablissement',
        geo_code: '0920002B',
        voie: 'apprentissage',
        segment: 'ensemble',
        label: 'CFA Bravo',
        region: '99',
        taux_emploi_6_mois: 70,
        taux_emploi_6_mois_attendu: 65,
        valeur_ajoutee: 5,
        taux_poursuite_etudes: 10,
        run_id: null,
      },
    ])
    .execute();
});
after(async () => {
  await handle?.close();
});

const formation = (r: Review, voie: string, key: string) => r.formations.find((f) => f.voie === voie && f.key === key);

test('les moyennes régionales par voie et les promotions de moins de 20 écartées', async () => {
  const r = await computeReview(db, { region: '99' });
  assert.equal(r.vintages.inserjeunes, '2022_2023');
  assert.deepEqual(
    r.averages.map((a) => [a.voie, a.employment, a.furtherStudy, a.formations]),
    [
      ['scolaire', 43, 34.2, 2],
      ['apprentissage', 66.2, 18.8, 2],
    ],
  );
  assert.equal(r.excludedSmallCohorts, 1);
  assert.equal(formation(r, 'scolaire', 'M3'), undefined, 'CAP Charlie (12 en terminale) n’est pas retenu');
  assert.deepEqual(
    r.quadrants.map((q) => q.formations),
    [2, 0, 0, 2],
  );
});

test('une formation très sous la moyenne est à examiner, avec sa raison en français', async () => {
  const r = await computeReview(db, { region: '99' });
  const alpha = formation(r, 'scolaire', 'M1')!;
  assert.equal(alpha.label, 'CAP Alpha');
  assert.equal(alpha.diplome, 'CAP');
  assert.equal(alpha.employmentGap, -23);
  assert.equal(alpha.quadrant, 'emploi- etudes-');
  assert.deepEqual(alpha.reasons, [
    'taux d’emploi à 6 mois de 20 % contre 43 % en moyenne régionale (voie scolaire), et poursuite d’études sous la moyenne (25 % contre 34 %)',
    'pression 0,4 : 40 demandes pour 100 places (Affelnet 2022, 20 demandes pour 50 places)',
    'remplissage 40 % : 40 élèves à la rentrée 2020 pour 100 places (Affelnet 2022)',
    'formation déclarée prioritaire par la région : à examiner avec elle',
  ]);
  assert.equal(alpha.priority, true);
  assert.deepEqual(
    r.toReview.map((f) => f.key),
    ['M1'],
  );
  // BTS Delta in apprenticeship: 6 points under its voie's average, not enough to be listed.
  const delta = formation(r, 'apprentissage', '32000004')!;
  assert.equal(delta.employmentGap, -6.2);
  assert.deepEqual(delta.reasons, []);
  assert.equal(delta.pressure, 2.5);
  assert.equal(delta.demandSource, 'Parcoursup 2024');
});

test('pression et remplissage : les établissements de la région, le dernier millésime, par diplôme et statut', async () => {
  const r = await computeReview(db, { region: '99' });
  assert.deepEqual(r.vintages, {
    inserjeunes: '2022_2023',
    etablissements: '2022_2023',
    affelnet: '2022',
    parcoursup: '2024',
    headcount: '2020',
  });
  const bravo = formation(r, 'scolaire', 'M2')!;
  assert.deepEqual([bravo.capacity, bravo.wishes, bravo.pressure, bravo.fillRate], [54, 66, 1.22, null]);
  // The apprenticeship Bac pro has no apprenticeship demand: the school places are not its own.
  assert.equal(formation(r, 'apprentissage', '40000002')!.capacity, null);
  assert.deepEqual(
    r.offers.map((o) => [o.uai, o.name, o.label, o.wishes, o.capacity, o.pressure]),
    [
      ['0920002B', 'Lycée Bravo', 'BAC PRO BRAVO', 6, 30, 0.2],
      ['0910001A', null, 'CAP ALPHA (BCN)', 20, 50, 0.4],
    ],
  );
  assert.deepEqual(
    r.etablissements.map((e) => [e.uai, e.voie, e.valueAdded]),
    [
      ['0910001A', 'lycée professionnel', -12],
      ['0920002B', 'CFA', 5],
    ],
  );
});

test('filtres : voie et niveau du diplôme ; texte du terminal', async () => {
  const appr = await computeReview(db, { region: '99', voie: 'apprentissage' });
  assert.deepEqual(appr.formations.map((f) => f.key).sort(), ['32000004', '40000002']);
  assert.deepEqual(
    appr.etablissements.map((e) => e.uai),
    ['0920002B'],
  );
  const bts = await computeReview(db, { region: '99', niveau: '3' });
  assert.deepEqual(
    bts.formations.map((f) => f.label),
    ['BTS DELTA'],
  );
  const text = reviewText(await computeReview(db, { region: '99' }));
  assert.match(text, /Formations à examiner \(1\) :\n {2}CAP Alpha \(voie scolaire, M1\) : taux d’emploi à 6 mois de 20 % contre 43 %/);
  assert.match(text, /Moyenne régionale, apprentissage : emploi à 6 mois 66,2 %, poursuite d’études 18,8 % \(2 formations retenues\)/);
  await assert.rejects(computeReview(db, { region: '98' }), /région 98 inconnue/);
});

test('l’API publique GET /api/v1/steering/review, ses filtres et ses erreurs en français', async () => {
  const server = await startServer(handle);
  try {
    const res = await server.app.inject({ method: 'GET', url: '/api/v1/steering/review?region=99&voie=scolaire' });
    assert.equal(res.statusCode, 200);
    const body = res.json() as Review;
    assert.deepEqual(
      body.toReview.map((f) => [f.label, f.reasons.length]),
      [['CAP Alpha', 4]],
    );
    assert.deepEqual(
      body.formations.map((f) => f.voie),
      ['scolaire', 'scolaire'],
    );
    const bad = await server.app.inject({ method: 'GET', url: '/api/v1/steering/review?region=99&voie=alternance' });
    assert.equal(bad.statusCode, 400);
    const unknown = await server.app.inject({ method: 'GET', url: '/api/v1/steering/review?region=98' });
    assert.equal(unknown.statusCode, 404);
    assert.match(unknown.json().error, /région 98 inconnue/);
  } finally {
    await server.app.close();
  }
});
