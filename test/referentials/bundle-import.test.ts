/**
 * ROME 4.0 and ESCO import of the real data bundle (PASSERELLES_DATA_DIR). Skipped without a
 * bundle, except in CI. The bundle is imported once per test process (openBundleDatabase).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { readCsv } from '../../src/platform/import/csv.ts';
import { findFile } from '../../src/referentials/import/files.ts';
import { getFiche } from '../../src/referentials/fiche.ts';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { count } from '../helpers/tables.ts';
import { storedReport } from '../helpers/reports.ts';

const dir = bundleDir();
const skip = dir ? false : 'pas de lot de données (PASSERELLES_DATA_DIR)';

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
});

test('ROME 4.0: every fiche, appellation, compétence, savoir and link of the bundle', { skip }, async () => {
  assert.equal(await count(db, 'rome_fiche'), 1584);
  assert.equal(await count(db, 'rome_grand_domaine'), 14);
  assert.equal(await count(db, 'rome_domaine_professionnel'), 110);
  assert.equal(await count(db, 'rome_fiche', sql`domaine_professionnel IS NOT NULL AND riasec_majeur IS NOT NULL`), 1584);
  assert.equal(await count(db, 'rome_appellation'), 13120);
  assert.equal(await count(db, 'rome_appellation', sql`principale`), 1584);
  assert.equal(await count(db, 'rome_competence', sql`NOT macro`), 17810);
  assert.equal(await count(db, 'rome_competence', sql`macro`), 507);
  assert.equal(await count(db, 'rome_savoir'), 15354);
  assert.equal(await count(db, 'rome_contexte'), 179);
  assert.equal(await count(db, 'rome_item'), 33850);
  assert.equal(await count(db, 'rome_fiche_item'), 118923);
  assert.equal(await count(db, 'rome_fiche_item', sql`coeur_metier = 'Principale'`), 18900);
  assert.equal(await count(db, 'rome_fiche_item', sql`coeur_metier = 'Émergente'`), 1731);
  // The bundle carries the development sample of the mobilités, and the report says so.
  assert.equal(await count(db, 'rome_mobilite'), 1501);
  const mobilites = await storedReport(db, 'rome/unix_rubrique_mobilite_v%');
  assert.match(mobilites.file, /\.sample\.csv$/);
  assert.match(JSON.stringify(mobilites.notes), /fichier d'échantillon/);
  assert.equal(await count(db, 'rome_fiche_classification', sql`kind = 'centre_interet'`), 4444);
  assert.equal(await count(db, 'rome_fiche_classification', sql`kind = 'secteur_naf'`), 2920);
  assert.equal(await count(db, 'rome_fiche_classification', sql`kind = 'theme'`), 1348);

  const fiches = await storedReport(db, 'rome/unix_referentiel_code_rome_v%');
  assert.equal(fiches.version, 'ROME 4.0 version 60 - 25M09');
  for (const file of [
    'rome/unix_referentiel_code_rome_v%',
    'rome/unix_referentiel_appellation_v%',
    'rome/unix_liens_rome_referentiels_v%',
    'rome/unix_coherence_item_v%',
  ]) {
    assert.equal((await storedReport(db, file)).rejected, 0, file);
  }
});

test('texts: every fiche with definition or accès au métier sentences has them, in order', { skip }, async () => {
  const texte = findFile(dir!, 'rome', /^unix_texte_v(\d+)_utf8\.csv$/)!;
  const withDefinition = new Set<string>();
  const withAcces = new Set<string>();
  for await (const { row } of readCsv(texte.path, { encoding: 'utf-8', columns: ['code_rome', 'libelle_type_texte'] })) {
    (row.libelle_type_texte === 'definition' ? withDefinition : withAcces).add(row.code_rome);
  }
  const rows = await db.selectFrom('rome_fiche').select(['code', 'definition', 'acces_metier']).execute();
  assert.deepEqual(
    rows
      .filter((r) => r.definition)
      .map((r) => r.code)
      .sort(),
    [...withDefinition].sort(),
  );
  assert.deepEqual(
    rows
      .filter((r) => r.acces_metier)
      .map((r) => r.code)
      .sort(),
    [...withAcces].sort(),
  );
  assert.ok(
    rows.every((r) => !r.definition?.includes("''")),
    'apostrophes doublées corrigées',
  );

  const boulanger = await getFiche(db, 'D1102');
  assert.ok(boulanger);
  assert.match(boulanger.definition!, /règles d'hygiène/);
  assert.ok(boulanger.savoirFaire.length > 5);
  assert.ok(boulanger.savoirFaire.some((g) => g.items.some((i) => i.coeurMetier)));
  assert.deepEqual(boulanger.esco[0], {
    uri: boulanger.esco[0].uri,
    label: 'boulanger/boulangère',
    relation: 'exactMatch',
  });
  assert.equal(new Set(boulanger.esco.map((e) => e.uri)).size, boulanger.esco.length, 'une ligne par métier ESCO');
});

test('the NAF tree, named _utf8 but written in ISO-8859-15, reads right', { skip }, async () => {
  const naf = await storedReport(db, 'rome/unix_arborescence_secteur_naf_v%');
  assert.equal(naf.rows_read, 2920);
  assert.equal(naf.rejected, 0);
  // Each line repeats its fiche's label; a wrong decoding would make them differ and be noted.
  assert.deepEqual(naf.notes, []);
  const file = findFile(dir!, 'rome', /^unix_arborescence_secteur_naf_v(\d+)_utf8\.csv$/)!;
  const labels = new Map<string, string>();
  for await (const { row } of readCsv(file.path, { encoding: 'iso-8859-15', columns: ['code_rome', 'libelle_rome'] })) {
    labels.set(row.code_rome, row.libelle_rome);
  }
  assert.equal(labels.get('F1704'), 'Manœuvre bâtiment');
  const linked = await db
    .selectFrom('rome_fiche_classification as fc')
    .innerJoin('rome_classification as c', (j) => j.onRef('c.kind', '=', 'fc.kind').onRef('c.code', '=', 'fc.code'))
    .select('c.label')
    .where('fc.kind', '=', 'secteur_naf')
    .where('fc.code_rome', '=', 'F1704')
    .execute();
  assert.ok(
    linked.some((l) => l.label === 'Construction de batiments'),
    JSON.stringify(linked),
  );
});

test('ESCO: occupations (duplicates resolved and named), skills and the ESCO–ROME crosswalk', { skip }, async () => {
  assert.equal(await count(db, 'esco_occupation'), 3039);
  const occupations = await storedReport(db, 'esco/esco_v%_occupations_fr.csv');
  assert.equal(occupations.rows_read, 3043);
  assert.match(JSON.stringify(occupations.notes), /4 URI présente\(s\) plusieurs fois.*assistant pédagogique en école maternelle/);
  const kept = await db
    .selectFrom('esco_occupation')
    .select('modified_at')
    .where('uri', '=', 'http://data.europa.eu/esco/occupation/4d27152a-a8ee-4f5a-9f93-a2fb4fb2b2e3')
    .executeTakeFirstOrThrow();
  assert.equal(kept.modified_at?.toISOString(), '2025-11-26T10:02:16.164Z');

  assert.equal(await count(db, 'esco_skill'), 13485);
  assert.equal(await count(db, 'esco_rome'), 11118);
  assert.equal(await count(db, 'esco_rome', sql`relation = 'exactMatch'`), 1144);
  const mapping = await storedReport(db, 'esco/FR_%_mapping_esco_rome.csv');
  assert.equal(mapping.version, 'ESCO–ROME V1.4 13/07/2022');
  assert.equal(mapping.rejected, 0);
  const {
    rows: [reach],
  } = await sql<{ n: number }>`
    SELECT count(DISTINCT a.code_rome)::int AS n FROM esco_rome r JOIN rome_appellation a ON a.code_ogr = r.code_ogr`.execute(db);
  assert.equal(reach.n, 1421);
});
