/**
 * Labour-market queries on the hand-written sample: tension at the finest level published, the
 * bassin figure, unemployment, InserJeunes outcomes of a formation and of an occupation.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import {
  tensionForRome,
  unemployment,
  outcomesForCertification,
  outcomesForRome,
  establishmentOutcomes,
} from '../../src/labour-market/index.ts';
import { openSampleDatabase } from './sample-db.ts';

let handle: DbHandle;
let db: DbHandle['db'];

before(async () => {
  ({ handle } = await openSampleDatabase());
  db = handle.db;
});

after(async () => {
  await handle?.close();
});

const where = (f: { geoLevel: string; geoCode: string; vintage: string; source: string }) => `${f.geoLevel}:${f.geoCode}:${f.vintage}`;

test('tensionForRome: each FAP at the finest level with a tension; components where they are published', async () => {
  const t = await tensionForRome(db, 'd1102', { departement: '44', region: '52' });
  assert.equal(t.rome, 'D1102');
  assert.deepEqual([t.romeV3, t.via], ['D1102', 'code']);
  assert.deepEqual(
    t.fap.map((f) => f.code),
    ['S0Z20', 'S0Z42'],
  );
  // Biggest family first.
  assert.deepEqual(
    t.dares.map((d) => [d.fap, where(d), d.tension, d.emploiMoyen]),
    [
      ['S0Z42', 'dep:44:2019', 0.7112345678901234, 1500],
      ['S0Z20', 'dep:44:2019', 1.1012345678901234, 800],
    ],
  );
  assert.equal(t.dares[0].source, 'DARES – France Travail, tensions 2019');
  assert.equal(where(t.dares[0].composantes!), 'dep:44:2019');
  // The département publishes only the main indicator for S0Z20: its components come from the région.
  assert.equal(where(t.dares[1].composantes!), 'reg:52:2019');
  assert.equal(t.dares[1].composantes!.inadequationGeographique, 4);
  assert.deepEqual(
    t.dares[0].serieNationale.map((s) => [s.vintage, s.geoLevel, s.tension]),
    [
      ['2017', 'nat', 0.4012345678901234],
      ['2018', 'nat', 0.7012345678901234],
      ['2019', 'nat', 0.9512345678901234],
    ],
  );
  assert.match(t.scales.categorie, /1 \(très faible\) à 5 \(très forte\)/);
  assert.equal(t.bassin, null);
});

test('tensionForRome: a département without a published tension falls back to its région, then France', async () => {
  const maine = await tensionForRome(db, 'D1102', { departement: '49', region: '52' });
  assert.deepEqual(
    maine.dares.map((d) => [d.fap, where(d), where(d.composantes!)]),
    [
      ['S0Z42', 'dep:49:2019', 'reg:52:2019'],
      ['S0Z20', 'reg:52:2019', 'reg:52:2019'],
    ],
  );
  const mayenne = await tensionForRome(db, 'D1102', { departement: '53', region: '53' });
  assert.deepEqual(
    mayenne.dares.map((d) => [d.fap, where(d)]),
    [
      ['S0Z42', 'reg:53:2019'],
      ['S0Z20', 'nat:FR:2019'],
    ],
  );
  const france = await tensionForRome(db, 'D1102');
  assert.ok(france.dares.every((d) => d.geoLevel === 'nat' && d.geoCode === 'FR'));
});

test('tensionForRome: the ROME × bassin BMO figure when the bassin is known', async () => {
  const t = await tensionForRome(db, 'D1102', { departement: '44', region: '52', bassin: 'EX01' });
  assert.deepEqual(t.bassin, {
    source: 'France Travail, tensions par métier ROME et bassin BMO 2021',
    vintage: '2021',
    geoLevel: 'bassin',
    geoCode: 'EX01',
    rome: 'D1102',
    offres: 410.5,
    demandeurs: 95.25,
    tension: 5,
    intensiteEmbauches: 5,
    manqueMainOeuvre: 4,
    nonDurabilite: 2,
    conditionsTravail: 5,
    inadequationGeographique: 3,
    lienFormationEmploi: 4,
  });
  assert.equal((await tensionForRome(db, 'D1102', { bassin: 'EX05' })).bassin, null);
  // A fiche the FAP table does not know, and one whose family has no published tension.
  const prof = await tensionForRome(db, 'K2107', { region: '52' });
  assert.deepEqual([prof.romeV3, prof.fap, prof.dares], [null, [], []]);
  const jardinier = await tensionForRome(db, 'A1203', { region: '52' });
  assert.deepEqual([jardinier.fap.map((f) => f.code), jardinier.dares], [['A1Z41'], []]);
});

test('unemployment: latest year and series, by département or région, with provenance', async () => {
  const loire = await unemployment(db, { departement: '44' });
  assert.deepEqual(loire.latest, {
    source: 'INSEE, taux de chômage',
    vintage: '2023',
    geoLevel: 'dep',
    geoCode: '44',
    taux: 5.4,
    label: 'LOIRE-ATLANTIQUE',
  });
  assert.deepEqual(
    loire.series.map((s) => [s.vintage, s.taux]),
    [
      ['2021', 6.1],
      ['2022', 5.3],
      ['2023', 5.4],
    ],
  );
  const pdl = await unemployment(db, { region: '52' });
  assert.deepEqual([pdl.latest?.geoLevel, pdl.latest?.vintage, pdl.latest?.taux, pdl.series.length], ['reg', '2023', 5.7, 3]);
  assert.deepEqual(await unemployment(db, { departement: '75' }), { latest: null, series: [] });
});

test('outcomesForCertification: latest millésime of each voie, cohort sizes, the threshold of 20 said', async () => {
  const cap = await outcomesForCertification(db, { cfd: '50099101' }, '52');
  assert.deepEqual(
    [cap.cfd, cap.mefstat11, cap.diplome],
    ['50099101', ['23210099101', '23220099101'], { libelle: 'BOULANGER (CAP)', niveau: "CERTIFICAT D'APTITUDE PROFESSIONNELLE" }],
  );
  const [appr, sco] = cap.outcomes;
  assert.deepEqual(
    [
      appr.voie,
      appr.vintage,
      appr.geoLevel,
      appr.geoCode,
      appr.effectifs.sortants,
      appr.effectifs.anneeTerminale,
      appr.tauxEmploi6Mois,
      appr.tauxEmploi12Mois,
      appr.tauxPoursuiteEtudes,
    ],
    ['apprentissage', '2022_2023', 'reg', '52', 85, 180, 61, 71, 53],
  );
  assert.equal(appr.source, 'InserJeunes (DEPP – DARES), indicateurs régionaux par formation');
  assert.deepEqual(appr.sousSeuil, { emploi: false, poursuiteEtudes: false });
  assert.deepEqual(appr.notes, ['Taux d’emploi à 18 et 24 mois pas encore connus pour ce millésime.']);
  assert.deepEqual(
    [sco.voie, sco.mefstat11, sco.effectifs.sortants, sco.tauxEmploi6Mois, sco.tauxPoursuiteEtudes],
    ['scolaire', '23220099101', 12, null, 60],
  );
  assert.deepEqual(sco.sousSeuil, { emploi: true, poursuiteEtudes: false });
  assert.deepEqual(sco.notes, ['Taux d’emploi non publiés : 12 sortant(s), sous le seuil de publication de 20.']);

  // The same formation by its Certif Info code or its MEF_STAT_11; another région.
  assert.deepEqual(await outcomesForCertification(db, { certifInfo: '99001' }, '52'), cap);
  const byMef = await outcomesForCertification(db, { mefstat11: '23220099101' }, '52');
  assert.deepEqual([byMef.cfd, byMef.outcomes.map((o) => o.voie)], ['50099101', ['apprentissage', 'scolaire']]);
  const bretagne = await outcomesForCertification(db, { cfd: '50099101' }, '53');
  assert.deepEqual(
    bretagne.outcomes.map((o) => [o.geoCode, o.tauxEmploi6Mois]),
    [['53', 65]],
  );
  const mc = await outcomesForCertification(db, { cfd: '01099102' }, '52');
  assert.deepEqual([mc.outcomes[0].tauxEmploi6Mois, mc.outcomes[0].sousSeuil.emploi], [null, true]);
  assert.match(mc.outcomes[0].notes[0], /19 sortant\(s\), sous le seuil de publication de 20/);
  const titre = await outcomesForCertification(db, { certifInfo: '99009' }, '52');
  assert.deepEqual([titre.cfd, titre.outcomes], [null, []]);
});

test('outcomesForRome: Certif Info ROME links → CFD → InserJeunes apprentissage, and → MEF_STAT_11 → voie scolaire', async () => {
  const baker = await outcomesForRome(db, 'D1102', '52');
  assert.deepEqual([baker.certifications, baker.sansDonnees], [4, 0]);
  assert.deepEqual(
    baker.items.map((i) => [i.certification.label, i.cfd, i.outcomes.map((o) => `${o.voie}:${o.vintage}`)]),
    [
      ['CAP boulanger', '50099101', ['apprentissage:2022_2023', 'scolaire:2022_2023']],
      ['MC boulangerie spécialisée', '01099102', ['apprentissage:2022_2023']],
      ['BP boulanger', '45099103', ['apprentissage:2022_2023']],
      // A side way in (boulanger is not its first ROME code): after the strong links (issue 18).
      ['CAP pâtissier', '50099104', ['apprentissage:2022_2023']],
    ],
  );
  const cook = await outcomesForRome(db, 'G1602', '52');
  assert.deepEqual(
    [cook.certifications, cook.items.map((i) => [i.cfd, i.outcomes[0].voie, i.outcomes[0].mefstat11])],
    [2, [['40099105', 'scolaire', '24730099105']]],
  );
  const dev = await outcomesForRome(db, 'M1805', '52');
  assert.deepEqual([dev.certifications, dev.sansDonnees, dev.items], [1, 1, []]);
});

test('establishmentOutcomes: figures of a UAI, the whole establishment first', async () => {
  const lycee = await establishmentOutcomes(db, '0449904d');
  assert.deepEqual(
    lycee.map((e) => [e.segment, e.tauxEmploi6Mois, e.tauxEmploi6MoisAttendu, e.valeurAjoutee]),
    [
      ['ensemble', 48, 46, 2],
      ['dont apprentis', 70, 66, 4],
      ['dont élèves en voie pro sco', 42, 43, -1],
    ],
  );
  assert.deepEqual(
    [lycee[0].source, lycee[0].vintage, lycee[0].geoLevel, lycee[0].geoCode, lycee[0].region],
    ['InserJeunes (DEPP), indicateurs par lycée professionnel', '2022_2023', 'etablissement', '0449904D', '52'],
  );
  assert.deepEqual(await establishmentOutcomes(db, '0000000A'), []);
});
