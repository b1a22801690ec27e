/**
 * Labour-market import on the project's hand-written sample (sample-data/insertion, marche-travail),
 * in the official formats: InserJeunes by region and by establishment, DARES tensions and FAP ↔ ROME
 * (Windows-1252), tensions by ROME × bassin BMO (decimal comma), INSEE unemployment ("044").
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import type { FileReport } from '../../src/platform/import/report.ts';
import { reportOf } from '../helpers/reports.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { romeSource } from '../../src/referentials/import/rome.ts';
import { labourMarketSource } from '../../src/labour-market/index.ts';
import { departementCode } from '../../src/labour-market/import.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { snapshot, count, IMPORT_LOG } from '../helpers/tables.ts';
import { SAMPLE, openSampleDatabase, sampleCopy } from './sample-db.ts';

/** Every table of figures, each with its provenance columns. */
const FIGURES = [
  'inserjeunes_region',
  'inserjeunes_etablissement',
  'dares_tension',
  'dares_tension_serie',
  'tension_rome_bassin',
  'chomage',
];

let handle: DbHandle;
let db: DbHandle['db'];
let first: FileReport[];

before(async () => {
  ({ handle, reports: first } = await openSampleDatabase());
  db = handle.db;
});

after(async () => {
  await handle?.close();
});

test('the sample is imported whole: one report per file, nothing rejected, counts as in the files', async () => {
  const files = ['insertion', 'marche-travail'].flatMap((f) => fs.readdirSync(path.join(SAMPLE, f)).map((n) => `${f}/${n}`));
  const mine = first.filter((r) => r.source === 'marche-travail');
  assert.deepEqual(mine.map((r) => r.file).sort(), files.sort());
  for (const r of mine) assert.deepEqual(r.rejects, [], r.file);
  assert.equal(await count(db, 'inserjeunes_region'), 10);
  assert.equal(await count(db, 'inserjeunes_region', sql`geo_code = '52'`), 8);
  assert.equal(await count(db, 'inserjeunes_etablissement'), 7);
  assert.equal(await count(db, 'fap_rome'), 10);
  assert.equal(await count(db, 'dares_tension'), 18);
  assert.equal(await count(db, 'dares_tension_serie'), 6);
  assert.equal(await count(db, 'tension_rome_bassin'), 7);
  assert.equal(await count(db, 'chomage', sql`geo_level = 'dep'`), 12);
  assert.equal(await count(db, 'chomage', sql`geo_level = 'reg'`), 5);
  assert.equal(reportOf(first, /ij_region_data/).version, 'InserJeunes, millésimes 2020_2021 à 2022_2023');
  assert.equal(reportOf(first, /dares_tensions/).version, 'DARES – France Travail, tensions 2019');
  assert.equal(reportOf(first, /2022_2023-pro/).version, 'InserJeunes par établissement, millésime 2022_2023 (lycées professionnels)');
});

test('every figure row carries a source, a vintage and a geographic level and code', async () => {
  for (const table of FIGURES) {
    const { rows } = await sql<{ source: string; vintage: string; geo_level: string; geo_code: string }>`
      SELECT DISTINCT source, vintage, geo_level, geo_code FROM ${sql.table(table)}`.execute(db);
    assert.ok(rows.length > 0, table);
    for (const r of rows) {
      assert.ok(r.source && r.vintage && r.geo_level && r.geo_code, `${table} : ${JSON.stringify(r)}`);
    }
  }
  // The database itself refuses a figure without them.
  await assert.rejects(
    sql`INSERT INTO chomage (source, vintage, geo_level, geo_code, taux) VALUES ('', '2023', 'dep', '44', 5)`.execute(db),
    /check/i,
  );
  await assert.rejects(
    sql`INSERT INTO chomage (source, vintage, geo_level, geo_code, taux) VALUES ('INSEE', '2023', 'canton', '44', 5)`.execute(db),
    /check/i,
  );
});

test('codes are normalised: "044" → 44, "02A" → 2A, region "52.0" → 52, "reg " → reg', async () => {
  assert.equal(departementCode('044'), '44');
  assert.equal(departementCode('02A'), '2A');
  assert.equal(departementCode('971'), '971');
  assert.equal(departementCode('4'), undefined);
  const loire = await db
    .selectFrom('chomage')
    .selectAll()
    .where('geo_level', '=', 'dep')
    .where('geo_code', '=', '44')
    .orderBy('vintage')
    .execute();
  assert.deepEqual(
    loire.map((r) => [r.vintage, r.taux]),
    [
      ['2021', 6.1],
      ['2022', 5.3],
      ['2023', 5.4],
    ],
  );
  assert.equal(loire[0].source, 'INSEE, taux de chômage');
  assert.equal(await count(db, 'chomage', sql`geo_code = '2A'`), 1);
  const fap87 = await db
    .selectFrom('dares_tension')
    .selectAll()
    .where('fap', '=', 'S0Z')
    .where('geo_level', '=', 'reg')
    .executeTakeFirstOrThrow();
  assert.deepEqual([fap87.geo_code, fap87.nomenclature, fap87.tension], ['52', 'FAP 87', 0.9112345678901234]);
});

test('DARES: tension and the six components as published; blanks stay null', async () => {
  const s = await db
    .selectFrom('dares_tension')
    .selectAll()
    .where('fap', '=', 'S0Z42')
    .where('geo_level', '=', 'dep')
    .where('geo_code', '=', '44')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    [
      s.source,
      s.vintage,
      s.emploi_moyen,
      s.categorie,
      s.intensite_embauches,
      s.lien_formation_emploi,
      s.manque_main_oeuvre,
      s.non_durabilite,
      s.conditions_travail,
      s.inadequation_geo,
    ],
    ['DARES – France Travail, tensions 2019', '2019', 1500, 5, 5, 5, 3, 3, 5, 1],
  );
  const mayenne = await db
    .selectFrom('dares_tension')
    .selectAll()
    .where('fap', '=', 'S0Z42')
    .where('geo_code', '=', '53')
    .where('geo_level', '=', 'dep')
    .executeTakeFirstOrThrow();
  assert.deepEqual([mayenne.emploi_moyen, mayenne.tension, mayenne.categorie], [300, null, null]);
  assert.match(
    reportOf(first, /dares_tensions/).notes[0],
    /nat 6, reg 6, dep 6 ; 1 ligne\(s\) sans indicateur de tension, 2 sans composantes/,
  );
});

test('FAP ↔ ROME: Windows-1252 labels, "*" markers kept apart, NA and blank lines skipped with a note', async () => {
  const rows = await db
    .selectFrom('fap_rome')
    .select(['fap', 'rome', 'rome_label', 'marker'])
    .where('rome', 'in', ['D1104', 'G1603', 'H2913'])
    .orderBy('rome')
    .execute();
  assert.deepEqual(rows, [
    { fap: 'S0Z42', rome: 'D1104', rome_label: 'Pâtisserie et chocolaterie (exemple)', marker: null },
    { fap: 'S1Z80', rome: 'G1603', rome_label: 'Restauration polyvalente (exemple)', marker: '*' },
    { fap: 'D1Z40', rome: 'H2913', rome_label: 'Soudage (exemple)', marker: '**' },
  ]);
  assert.deepEqual(reportOf(first, /fap225_rome/).notes, ['2 ligne(s) vide(s) (;;) ignorée(s)', '1 FAP sans code ROME (NA) : S0Z00']);
});

test('ROME × bassin: decimal commas read, empty indicator null', async () => {
  const r = await db.selectFrom('tension_rome_bassin').selectAll().where('rome', '=', 'D1104').executeTakeFirstOrThrow();
  assert.deepEqual(
    [r.geo_level, r.geo_code, r.vintage, r.offres, r.demandeurs, r.tension, r.lien_formation_emploi],
    ['bassin', 'EX01', '2021', 150.75, 40, 4, null],
  );
  assert.equal(r.source, 'France Travail, tensions par métier ROME et bassin BMO 2021');
});

test('InserJeunes: counts and rates as published, keyed by id; establishments by UAI with their millésime and voie', async () => {
  const cap = await db
    .selectFrom('inserjeunes_region')
    .selectAll()
    .where('id', '=', '2022_2023_17_apprentissage_50099101')
    .executeTakeFirstOrThrow();
  assert.deepEqual(
    [
      cap.vintage,
      cap.geo_level,
      cap.geo_code,
      cap.voie,
      cap.cfd,
      cap.mefstat11,
      cap.nb_sortant,
      cap.nb_annee_term,
      cap.taux_emploi_6_mois,
      cap.taux_emploi_12_mois,
      cap.taux_emploi_24_mois,
      cap.taux_poursuite_etudes,
    ],
    ['2022_2023', 'reg', '52', 'apprentissage', '50099101', null, 85, 180, 61, 71, null, 53],
  );
  const lycee = await db
    .selectFrom('inserjeunes_etablissement')
    .selectAll()
    .where('geo_code', '=', '0449904D')
    .orderBy('segment')
    .execute();
  assert.deepEqual(
    lycee.map((r) => [r.segment, r.vintage, r.voie, r.region, r.valeur_ajoutee]),
    [
      ['dont apprentis', '2022_2023', 'pro', '52', 4],
      ['dont élèves en voie pro sco', '2022_2023', 'pro', '52', -1],
      ['ensemble', '2022_2023', 'pro', '52', 2],
    ],
  );
  const nd = await db.selectFrom('inserjeunes_etablissement').selectAll().where('geo_code', '=', '0499902B').executeTakeFirstOrThrow();
  assert.deepEqual([nd.taux_emploi_6_mois, nd.valeur_ajoutee, nd.source], [null, null, 'InserJeunes (DEPP), indicateurs par CFA']);
});

test('a second import of the same files changes nothing', async () => {
  const before = await snapshot(db, IMPORT_LOG);
  const { reports } = await runImport(db, SAMPLE, [romeSource, labourMarketSource], undefined, { sample: true });
  for (const r of reports.filter((x) => x.source === 'marche-travail')) {
    assert.deepEqual([r.inserted, r.updated, r.deleted, r.rejects.length], [0, 0, 0, 0], r.summary());
  }
  assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
});

test('structural faults refuse the whole import with file:line: reason; the database is unchanged', async () => {
  const cases: { file: string; line: number; reason: RegExp; edit: (b: Buffer) => Buffer }[] = [
    {
      file: 'marche-travail/dares_tensions_2019_exemple.csv',
      line: 4,
      reason: /nombre de colonnes incorrect \(15 attendues, 14 trouvées\)/,
      edit: (b) =>
        Buffer.from(
          b
            .toString('utf8')
            .split('\n')
            .map((l, i) => (i === 3 ? l.replace(/,[^,]*$/, '') : l))
            .join('\n'),
        ),
    },
    {
      file: 'insertion/ij_region_data_exemple.csv',
      line: 6,
      reason: /octets invalides pour l’encodage UTF-8/,
      edit: (b) => {
        const lines = b.toString('latin1').split('\n');
        lines[5] = lines[5].replace('apprentissage', 'appr\xe9ntissage');
        return Buffer.from(lines.join('\n'), 'latin1');
      },
    },
    {
      file: 'insertion/depp-2022-etablissements-2022_2023-apprentissage-exemple.csv',
      line: 3,
      reason: /guillemet non fermé/,
      edit: (b) =>
        Buffer.from(
          b
            .toString('utf8')
            .split('\r\n')
            .map((l, i) => (i === 2 ? l.replace('Centre', '"Centre') : l))
            .join('\r\n'),
        ),
    },
  ];
  for (const c of cases) {
    const dir = sampleCopy(
      (d) => {
        const p = path.join(d, c.file);
        fs.writeFileSync(p, c.edit(fs.readFileSync(p)));
      },
      ['rome', 'insertion', 'marche-travail'],
    );
    try {
      const before = await snapshot(db);
      await assert.rejects(runImport(db, dir, [romeSource, labourMarketSource], undefined, { sample: true }), (e: unknown) => {
        assert.ok(e instanceof ImportError, String(e));
        assert.ok(e.message.startsWith(`${c.file}:${c.line}: `), e.message);
        assert.match(e.message, c.reason);
        return true;
      });
      assert.deepEqual(await snapshot(db), before, `${c.file} : la base est exactement comme avant`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('row faults are rejected with their line and reason; the rest is kept', async () => {
  const dir = sampleCopy(
    (d) => {
      const ij = path.join(d, 'insertion/ij_region_data_exemple.csv');
      // Line 12: a rate above 100; line 13: a scolaire row without MEF_STAT_11; line 14: the id of line 3 again.
      fs.appendFileSync(
        ij,
        [
          '2022_2023_17_apprentissage_50099199;2022_2023;17;52;apprentissage;50099199;;40;20;;;18;10;30;67;;;600;25',
          '2022_2023_17_scolaire_;2022_2023;17;52;scolaire;;;40;20;;;18;10;30;67;;;60;25',
          '2021_2022_17_apprentissage_50099101;2021_2022;17;52;apprentissage;50099101;;172;62;;;55;90;82;76;;;67;52',
          '',
        ].join('\n'),
      );
      const chomage = path.join(d, 'marche-travail/chomage_departemental_INSEE_exemple.csv');
      // Line 14: not a département code; line 15: a rate written with letters.
      fs.appendFileSync(chomage, '4444;NULLE PART;2023;5,0\n085;VENDEE;2021;cinq\n');
    },
    ['rome', 'insertion', 'marche-travail'],
  );
  const other = await openTestDatabase();
  try {
    const { reports } = await runImport(other.db, dir, [romeSource, labourMarketSource], undefined, { sample: true });
    assert.deepEqual(reportOf(reports, /ij_region_data/).rejects, [
      { line: 12, reason: 'taux (0 à 100) invalide « 600 » (taux_emploi_6_mois)' },
      { line: 13, reason: 'MEF_STAT_11 invalide «  » pour la voie scolaire (11 caractères attendus)' },
      { line: 14, reason: 'doublon de la ligne 3 (clé 2021_2022_17_apprentissage_50099101)' },
    ]);
    assert.deepEqual(reportOf(reports, /chomage_departemental/).rejects, [
      { line: 14, reason: 'code département invalide « 4444 »' },
      { line: 15, reason: 'taux de chômage invalide « cinq » (tauxChomage)' },
    ]);
    assert.equal(await count(other.db, 'inserjeunes_region'), 10);
    assert.equal(await count(other.db, 'chomage', sql`geo_level = 'dep'`), 12);
  } finally {
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
