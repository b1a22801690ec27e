/**
 * The steering figures' import: on the real bundle, the figures a committee member knows
 * (apprenticeship contracts of Loire-Atlantique in 2022, BMO projects of the région, an Affelnet
 * line of a Châteaubriant lycée, accents of the Mac Roman offer file); on small hand-made files,
 * a cut or column-less file refused with its name, line and reason and the database unchanged,
 * faulty rows rejected with their line, and a second run that changes nothing.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { sql } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { silentProgress } from '../../src/platform/import/report.ts';
import { figuresSource } from '../../src/steering/figures-import.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';
/**
 * Hand-made files under the names the importer looks for, written into a temporary folder (the
 * values are invented; the Affelnet offer file is written in Mac Roman, as the official one is).
 */
const FIXTURES = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-figures-fixtures-'));
const FIXTURE_FILES: Record<string, { lines: string[]; macRoman?: boolean }> = {
  'marche-travail/ind-313.csv': {
    lines: [
      'indic_id,enforce_zone_id,metric_enforce_date,maille,indic_vi,indic_va,indic_vc,indic_ta',
      'IND-313,D44,2021-12-01,DEPT,0.0,,,',
      'IND-313,D44,2022-01-01,DEPT,,1500.0,,',
      'IND-313,D44,2022-02-01,DEPT,,2900.0,,',
      'IND-313,R52,2022-01-01,REG,,4000.0,,',
      'IND-313,FRANCE,2022-01-01,NAT,,22494.0,,',
      'IND-313,X44,2022-01-01,DEPT,,12.0,,',
      'IND-313,D49,janvier,DEPT,,12.0,,',
      'IND-313,D44,2022-02-01,DEPT,,3000.0,,',
      'IND-313,D2A,2022-01-01,DEPT,,80.0,,',
      'IND-313,D44,2022-01-01,DEPT,,1500.0,,',
    ],
  },
  'formations-demande/attractivite_capacite_2022.csv': {
    lines: [
      "Etablissement d'accueil;MEF STAT 11;Voeu de recensement O/N;Statut Offre de formation;Capacité carte scolaire;Demandes vœux 1;Famille de métiers;nb_apparitions_uai_mefstat;mef_stat_terminale",
      '0440001M;23210025223;N;ST;14;22;;1;',
      '0440005S;23811021112;N;ST;12;10;;2;23831021112',
      '0440005S;23811021112;N;ST;15;30;;2;23831021112',
      '0440005X1;23210025223;N;ST;12;10;;1;',
      '0440001M;23210031224;N;XX;15;25;;1;',
      '0440001M;23210031225;N;AP;quinze;25;;1;',
      '0490003M;23210031224;N;AP;8;;;1;',
    ],
  },
  'formations-demande/2020_05_12_AFFELNET.csv': {
    macRoman: true,
    lines: [
      'UAI;COMMUNE;ACADEMIE;MINISTERE;TYPE_ETABLISSEMENT;MNEMONIQUE_FORMATION_ACCUEIL;CODE_SPECIALITE_FORMATION_ACCUEIL;LIBELLE_FORMATION_ACCUEIL_BAN;CODE_FORMATION_ACCUEIL_BAN;CODE_COMMUNE_INSEE;CODE_POSTAL',
      '0161234Z ; Angoulême           ; POITIERS ; Education Nationale ; LYCEE PROFESSIONNEL             ;  2NDPRO                     ;  22105                           ;  2NDPRO BOULANGER-PÂTISSIER             ;  24722105310              ;  16015            ;  16000     ',
      '0440005S ; CHATEAUBRIANT CEDEX ; NANTES   ; Education Nationale ; LYCEE                           ;  1CAP2                      ;  25221                           ;  1CAP2  MAINT.MATERIELS OPT.A AGRICOLES ;  24125221210              ;  44036            ;  44146     ',
      '0440005S ; CHATEAUBRIANT CEDEX ; NANTES   ; Education Nationale ; LYCEE                           ;  1CAPC                      ;  25438                           ;  1CAP2 (APPR) REAL INDUS B SOUDAGE      ;  AFFECTATION              ;  44036            ;  44146     ',
      '0770983A ; MEAUX               ; CRETEIL  ; Education Nationale ; CENTRE DE FORMATION D APPRENTIS ;  1CAP2                      ;  22139                           ;  1CAP2  CUISINE                         ;  24122139210              ;  -                ;  77100     ',
      '0440005S ; NANTES              ; NANTES   ; Education Nationale ; LYCEE                           ;  1CAP2                      ;  22139                           ;  1CAP2  CUISINE                         ;  24122139210              ;  44109            ;  44000     ',
    ],
  },
};
for (const [file, { lines, macRoman }] of Object.entries(FIXTURE_FILES)) {
  fs.mkdirSync(path.dirname(path.join(FIXTURES, file)), { recursive: true });
  const text = `${lines.join('\n')}\n`;
  fs.writeFileSync(path.join(FIXTURES, file), macRoman ? iconv.encode(text, 'macintosh') : text);
}
const TABLES = [
  'steering_bmo',
  'steering_bassin_commune',
  'steering_barometre',
  'steering_demand',
  'steering_headcount',
  'steering_priority',
  'steering_uai_commune',
  'steering_mef_label',
  'import_run',
];

let handle: DbHandle;
let db: DbHandle['db'];

before(
  async () => {
    if (!dir) return;
    handle = await openBundleDatabase();
    db = handle.db;
  },
  { timeout: 300_000 },
);
after(async () => {
  await handle?.close();
  fs.rmSync(FIXTURES, { recursive: true, force: true });
});

/** One hash per figures table (and the import runs): equal states, equal hashes. */
async function state(): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of TABLES) {
    const { rows } = await sql<{ n: number; h: string | null }>`
      SELECT count(*)::int AS n, md5(string_agg(t::text, '|' ORDER BY t::text)) AS h FROM ${sql.table(t)} AS t`.execute(db);
    out[t] = `${rows[0].n}:${rows[0].h}`;
  }
  return out;
}

const rows = async <T>(query: ReturnType<typeof sql<T>>) => (await query.execute(db)).rows;

test('the barometer: 20,475 new apprenticeship contracts in Loire-Atlantique in 2022, the five départements make the région', {
  skip,
}, async () => {
  const december = await rows<{ geo_level: string; geo_code: string; value: number }>(sql`
    SELECT geo_level, geo_code, value FROM steering_barometre
    WHERE indicator = 'IND-313' AND month = '2022-12'
      AND ((geo_level = 'dep' AND geo_code IN ('44', '49', '53', '72', '85')) OR (geo_level = 'reg' AND geo_code = '52'))
    ORDER BY geo_level, geo_code`);
  assert.deepEqual(
    december.map((r) => [r.geo_level, r.geo_code, r.value]),
    [
      ['dep', '44', 20475],
      ['dep', '49', 10797],
      ['dep', '53', 4301],
      ['dep', '72', 6660],
      ['dep', '85', 8997],
      ['reg', '52', 51230],
    ],
  );
  const deps = december.filter((r) => r.geo_level === 'dep').reduce((s, r) => s + r.value, 0);
  assert.equal(deps, 51230);
  // Corsica and the overseas départements keep their codes; CEJ entries are there too.
  const [other] = await rows<{ corse: number; reunion: number; cej: number }>(sql`
    SELECT count(*) FILTER (WHERE geo_code = '2A')::int AS corse, count(*) FILTER (WHERE geo_code = '974')::int AS reunion,
      count(*) FILTER (WHERE indicator = 'IND-314')::int AS cej FROM steering_barometre`);
  assert.ok(other.corse > 0 && other.reunion > 0 && other.cej > 1500, JSON.stringify(other));
});

test('BMO 2024: the région’s 187,291 recruitment projects are the sum over its 26 bassins, Nantes first', { skip }, async () => {
  const bassins = await rows<{ bassin: string; name: string; projets: number }>(sql`
    SELECT bassin, min(bassin_name) AS name, sum(projets)::int AS projets FROM steering_bmo
    WHERE vintage = '2024' AND region = '52' GROUP BY bassin ORDER BY projets DESC`);
  assert.equal(bassins.length, 26);
  assert.deepEqual(bassins[0], { bassin: '5220', name: 'NANTES', projets: 42283 });
  assert.equal(
    bassins.reduce((s, b) => s + b.projets, 0),
    187291,
  );
  // Redon (5313) is a bassin of Bretagne with a part in Loire-Atlantique: one row per part.
  const redon = await rows<{ departement: string; region: string; projets: number | null }>(sql`
    SELECT departement, region, projets FROM steering_bmo WHERE vintage = '2024' AND bassin = '5313' AND metier = 'A0X40' ORDER BY departement`);
  assert.deepEqual(redon, [
    { departement: '35', region: '53', projets: 62 },
    { departement: '44', region: '53', projets: 11 },
    { departement: '56', region: '53', projets: 11 },
  ]);
  const report = await storedReport(db, 'marche-travail/Base_open_data_BMO_2024.xlsx');
  assert.deepEqual([report.rows_read, report.inserted, report.rejected], [53443, 53443, 0]);
});

test('bassins BMO 2024: every commune of the région in one; La Bazoge moved to La Flèche since BE19', { skip }, async () => {
  const [region] = await rows<{ communes: number; without: number; bassins: number }>(sql`
    SELECT count(*)::int AS communes, count(*) FILTER (WHERE b.bassin IS NULL)::int AS without, count(DISTINCT b.bassin)::int AS bassins
    FROM commune c LEFT JOIN steering_bassin_commune b ON b.commune = c.code AND b.vintage = '2024' WHERE c.region = '52'`);
  // 26 bassins of the région, and Redon (Bretagne) for three communes of Loire-Atlantique.
  assert.deepEqual(region, { communes: 1228, without: 0, bassins: 27 });
  const moved = await rows<{ commune: string; be19: string; be24: string }>(sql`
    SELECT c.code AS commune, c.bassin_bmo AS be19, b.bassin AS be24 FROM commune c
    JOIN steering_bassin_commune b ON b.commune = c.code AND b.vintage = '2024'
    WHERE c.region = '52' AND c.bassin_bmo <> b.bassin ORDER BY c.code`);
  assert.deepEqual(moved, [
    { commune: '72009', be19: '5211', be24: '5212' },
    { commune: '72100', be19: '5211', be24: '5212' },
  ]);
});

test('Affelnet, Parcoursup, constat and priorities of a lycée of Châteaubriant and of the région', { skip }, async () => {
  const affelnet = await rows(sql`
    SELECT source, vintage, statut, capacity, wishes FROM steering_demand
    WHERE uai = '0440001M' AND mefstat11 = '23210025223' ORDER BY vintage`);
  assert.deepEqual(affelnet.at(-1), { source: 'affelnet', vintage: '2022', statut: 'scolaire', capacity: 13, wishes: 21 });
  const [bts] = await rows(sql`
    SELECT label, cfd, capacity, wishes FROM steering_demand
    WHERE source = 'parcoursup' AND vintage = '2023' AND uai = '0440001M' AND mefstat11 = '32211031212'`);
  assert.deepEqual(bts, {
    label: 'BTS - Services - Négociation et digitalisation de la Relation Client',
    cfd: '32031212',
    capacity: 18,
    wishes: 413,
  });
  const [pupils] = await rows(
    sql`SELECT pupils FROM steering_headcount WHERE vintage = '2020' AND uai = '0440001M' AND mefstat11 = '23210025223'`,
  );
  assert.deepEqual(pupils, { pupils: 11 });
  const [priorities] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM steering_priority WHERE region = '52'`);
  assert.equal(priorities.n, 28);
  // Parcoursup's pseudo-UAI of a national distance school is rejected with its line.
  const psup = await storedReport(db, 'formations-demande/BTS_attractivite_capacite_2024.csv');
  assert.deepEqual((psup.rejects as { line: number; reason: string }[])[0], {
    line: 3027,
    reason: 'UAI « C752887F » invalide (7 chiffres et une lettre attendus)',
  });
});

test('the Affelnet offer of 2020 (Mac Roman): accents decoded, schools placed, MEF labels from the BCN code MEF', { skip }, async () => {
  const [label] = await rows(sql`SELECT label, source FROM steering_mef_label WHERE mefstat11 = '23810022105'`);
  assert.deepEqual(label, { label: 'BOULANGER-PÂTISSIER', source: 'affelnet-2020' });
  const [cap] = await rows(sql`SELECT label FROM steering_mef_label WHERE mefstat11 = '23210025221'`);
  assert.deepEqual(cap, { label: 'MAINT.MATERIELS OPT.A AGRICOLES' });
  const [school] = await rows(sql`SELECT commune, name FROM steering_uai_commune WHERE uai = '0693764S'`);
  assert.deepEqual(school, { commune: '69034', name: 'CENTRE DE FORMATION D APPRENTIS, Vals-près-le-Puy' });
  const [angers] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM steering_uai_commune WHERE commune = '49007'`);
  assert.ok(angers.n >= 5);
});

test('a file cut short, or without a column, is refused with its name, line and reason; nothing changes', { skip }, async () => {
  const before = await state();
  const noColumn = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-figures-'));
  fs.mkdirSync(path.join(noColumn, 'formations-demande'));
  fs.writeFileSync(
    path.join(noColumn, 'formations-demande/2020_05_12_AFFELNET.csv'),
    'UAI;COMMUNE;TYPE_ETABLISSEMENT;MNEMONIQUE_FORMATION_ACCUEIL;LIBELLE_FORMATION_ACCUEIL_BAN;CODE_FORMATION_ACCUEIL_BAN\n' +
      '0440005S ; NANTES ; LYCEE ; 1CAP2 ; 1CAP2  CUISINE ; 24122139210\n',
  );
  try {
    // The hand-made files are far shorter than the official ones: taken as official, refused.
    await assert.rejects(runImport(db, FIXTURES, [figuresSource]), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(
        e.message,
        'marche-travail/ind-313.csv:11: 10 ligne(s) de données seulement, or le fichier officiel en compte au moins 1000 : fichier tronqué ?',
      );
      return true;
    });
    await assert.rejects(runImport(db, noColumn, [figuresSource], silentProgress, { sample: true }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(e.message, "formations-demande/2020_05_12_AFFELNET.csv:1: colonne(s) absente(s) de l'en-tête : CODE_COMMUNE_INSEE");
      return true;
    });
    assert.deepEqual(await state(), before);
  } finally {
    fs.rmSync(noColumn, { recursive: true, force: true });
  }
});

test('faulty rows are rejected with their line and reason; a second run changes nothing (hand-made files as example data)', {
  skip,
}, async () => {
  const options = { sample: true, allowShrink: true };
  const { reports } = await runImport(db, FIXTURES, [figuresSource], silentProgress, options);
  const rejects = Object.fromEntries(reports.map((r) => [r.file, r.rejects]));
  assert.deepEqual(rejects['marche-travail/ind-313.csv'], [
    { line: 7, reason: 'zone « X44 » de maille « DEPT » inconnue (D44, R52 ou FRANCE attendus)' },
    { line: 8, reason: 'date « janvier » invalide (AAAA-MM-JJ attendu)' },
    { line: 9, reason: 'même clé (dep/44/2022-02) que la ligne 4, avec d’autres valeurs' },
  ]);
  assert.deepEqual(rejects['formations-demande/attractivite_capacite_2022.csv'], [
    { line: 5, reason: 'UAI « 0440005X1 » invalide (7 chiffres et une lettre attendus)' },
    { line: 6, reason: 'statut « XX » inconnu (ST ou AP attendu)' },
    { line: 7, reason: 'capacité non numérique' },
  ]);
  assert.deepEqual(rejects['formations-demande/2020_05_12_AFFELNET.csv'], [
    { line: 5, reason: '0770983A : code commune « - » invalide' },
    { line: 6, reason: '0440005S placé dans la commune 44109, mais dans 44036 ligne 3' },
  ]);
  assert.deepEqual(
    await rows(
      sql`SELECT geo_level, geo_code, month, value FROM steering_barometre WHERE indicator = 'IND-313' ORDER BY geo_level, geo_code, month`,
    ),
    [
      { geo_level: 'dep', geo_code: '2A', month: '2022-01', value: 80 },
      { geo_level: 'dep', geo_code: '44', month: '2022-01', value: 1500 },
      { geo_level: 'dep', geo_code: '44', month: '2022-02', value: 2900 },
      { geo_level: 'nat', geo_code: 'FR', month: '2022-01', value: 22494 },
      { geo_level: 'reg', geo_code: '52', month: '2022-01', value: 4000 },
    ],
  );
  // Two offers of one school × MEF are added up; an apprenticeship line without wishes keeps its places.
  assert.deepEqual(
    await rows(
      sql`SELECT uai, mefstat11, statut, capacity, wishes FROM steering_demand WHERE source = 'affelnet' AND vintage = '2022' ORDER BY uai, mefstat11`,
    ),
    [
      { uai: '0440001M', mefstat11: '23210025223', statut: 'scolaire', capacity: 14, wishes: 22 },
      { uai: '0440005S', mefstat11: '23811021112', statut: 'scolaire', capacity: 27, wishes: 40 },
      { uai: '0490003M', mefstat11: '23210031224', statut: 'apprentissage', capacity: 8, wishes: null },
    ],
  );
  assert.deepEqual(await rows(sql`SELECT uai, commune, name FROM steering_uai_commune ORDER BY uai`), [
    { uai: '0161234Z', commune: '16015', name: 'LYCEE PROFESSIONNEL, Angoulême' },
    { uai: '0440005S', commune: '44036', name: 'LYCEE, CHATEAUBRIANT CEDEX' },
  ]);
  assert.deepEqual(await rows(sql`SELECT mefstat11, label, source FROM steering_mef_label ORDER BY mefstat11`), [
    { mefstat11: '23210025221', label: 'MAINT.MATERIELS OPT.A AGRICOLES', source: 'affelnet-2020' },
    { mefstat11: '23810022105', label: 'BOULANGER-PÂTISSIER', source: 'affelnet-2020' },
  ]);
  // The other files are absent from this bundle: their rows stay as the real bundle left them.
  const [kept] = await rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM steering_bmo WHERE region = '52'`);
  assert.equal(kept.n, 3462);

  const before = await state();
  const again = await runImport(db, FIXTURES, [figuresSource], silentProgress, options);
  assert.deepEqual(
    again.reports.map((r) => [r.file, r.inserted, r.updated, r.deleted]).filter(([, i, u, d]) => i || u || d),
    [],
  );
  const after = await state();
  assert.notEqual(after.import_run, before.import_run);
  assert.deepEqual({ ...after, import_run: '' }, { ...before, import_run: '' });
});
