/**
 * LHEO import into the database: what is stored, partial acceptance, idempotent re-import, a
 * newer file updating and retiring offers (recorded as removals), files refused whole (not
 * well-formed, not LHEO, no valid offer left), bundle layout (gone sources kept unless
 * replaceAll), hostile text.
 * Runs on PGlite, and on PostgreSQL when DATABASE_URL is set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { ImportError } from '../../src/platform/import/errors.ts';
import { silentProgress } from '../../src/platform/import/report.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { importLheoFile, lheoFiles, lheoSource, sourceNameOf } from '../../src/trainings/import.ts';
import { readXmlRoot } from '../../src/trainings/lheo/xml.ts';
import { bundleDir, openTestDatabase } from '../helpers/db.ts';
import { storedReport } from '../helpers/reports.ts';
import { count, snapshot, IMPORT_LOG } from '../helpers/tables.ts';
import { CATALOGUE, HOSTILE, LATIN1, catalogueText, lineOf, replaceOnce, splitFormations, tempDir, tempFile } from './lheo-helpers.ts';

test('the catalogue is stored: offers, actions, sessions, places, codes, organismes', async () => {
  const h = await openTestDatabase();
  try {
    const { reports } = await importLheoFile(h.db, CATALOGUE);
    const [r] = reports;
    assert.equal(r.file, 'offres-pays-de-la-loire-2.3.xml');
    assert.equal(r.version, 'LHEO 2.3');
    assert.deepEqual([r.read, r.inserted, r.updated, r.deleted, r.rejects.length], [3, 3, 0, 0, 0]);
    const counts = Object.fromEntries(
      await Promise.all(
        [
          'training_formation',
          'training_action',
          'training_session',
          'training_lieu',
          'training_bloc',
          'training_formateur',
          'training_financeur',
          'training_domaine',
          'training_certification',
          'training_organisme',
        ].map(async (t) => [t, await count(h.db, t)]),
      ),
    );
    assert.deepEqual(counts, {
      training_formation: 3,
      training_action: 3,
      training_session: 4,
      training_lieu: 2,
      training_bloc: 2,
      training_formateur: 1,
      training_financeur: 3,
      training_domaine: 7,
      training_certification: 2,
      training_organisme: 3,
    });
    const source = await h.db.selectFrom('training_source').selectAll().executeTakeFirstOrThrow();
    assert.deepEqual(
      { ...source, run_id: undefined },
      {
        name: 'offres-pays-de-la-loire-2.3',
        kind: 'fichier',
        file: 'offres-pays-de-la-loire-2.3.xml',
        lheo_version: 'LHEO 2.3',
        run_id: undefined,
      },
    );

    const f = await h.db
      .selectFrom('training_formation')
      .select(['formation', 'demo', 'eligible_cpf', 'niveau_sortie', 'organisme_siret'])
      .orderBy('formation')
      .execute();
    assert.deepEqual(
      f.map((x) => [x.formation, x.demo, x.eligible_cpf]),
      [
        ['PDL-0001', false, true],
        ['PDL-0002', false, false],
        ['PDL-0003', true, false],
      ],
    );
    const a = await h.db
      .selectFrom('training_action')
      .select([
        'formation',
        'action',
        'alternance',
        'modalites_enseignement',
        'entrees_sorties_permanentes',
        'prix_total',
        'prix_horaire',
        'nombre_heures_total',
      ])
      .orderBy('formation')
      .execute();
    assert.deepEqual(
      a.map((x) => [x.action, x.alternance, x.modalites_enseignement, x.entrees_sorties_permanentes, x.prix_total, x.prix_horaire]),
      [
        ['PDL-0001-A1', true, '0', true, 8575, 12.5],
        ['PDL-0002-A1', true, '1', false, null, null],
        ['#1', false, '2', true, 0, null],
      ],
    );
    const lieu = await h.db
      .selectFrom('training_lieu')
      .select(['commune', 'lat', 'lon', 'codepostal', 'siret', 'uai'])
      .orderBy('formation')
      .execute();
    assert.deepEqual(lieu, [
      { commune: '44162', lat: 47.2176, lon: -1.6484, codepostal: '44800', siret: '12345678900017', uai: null },
      { commune: '49007', lat: 47.4784, lon: -0.5632, codepostal: '49000', siret: null, uai: '0491234B' },
    ]);
    const s = await sql<{ session: string; debut: string; fin: string; d: string | null; f: string | null; eligible_cpf: boolean }>`
      SELECT session, debut, fin, to_char(date_debut, 'YYYY-MM-DD') AS d, to_char(date_fin, 'YYYY-MM-DD') AS f, eligible_cpf
      FROM training_session ORDER BY formation, position`.execute(h.db);
    assert.deepEqual(
      s.rows.map((x) => [x.session, x.d, x.f, x.eligible_cpf]),
      [
        ['PDL-0001-S1', '2026-01-05', '2026-07-10', true],
        ['PDL-0001-S2', '2026-09-01', null, false],
        ['PDL-0002-S1', '2026-09-01', '2028-06-30', false],
        ['#1', null, null, false],
      ],
    );
    const org = await h.db.selectFrom('training_organisme').selectAll().orderBy('siret').execute();
    assert.deepEqual(
      org.map((o) => [o.siret, o.nom, o.responsable, o.formateur, o.lat, o.lon]),
      [
        ['11122233300014', 'Numérique pour tous (exemple)', true, false, null, null],
        ['12345678900017', "Centre de formation de l'Estuaire", true, true, 47.2176, -1.6484],
        ['98765432100019', 'CFA des métiers de bouche', true, false, null, null],
      ],
    );
    // French full text, accents folded; typo-tolerant folded title.
    const fts = await sql<{ formation: string }>`
      SELECT formation FROM training_formation WHERE fts @@ websearch_to_tsquery('fr', 'electricien batiment')`.execute(h.db);
    assert.deepEqual(
      fts.rows.map((x) => x.formation),
      ['PDL-0001'],
    );
    const trgm = await sql<{ formation: string }>`
      SELECT formation FROM training_formation WHERE word_similarity('patisier', intitule_folded) > 0.5`.execute(h.db);
    assert.deepEqual(
      trgm.rows.map((x) => x.formation),
      ['PDL-0002'],
    );
    // Radius search can use the (lat, lon) btree.
    const near = await sql<{ formation: string }>`
      SELECT formation FROM training_lieu WHERE lat BETWEEN 47.0 AND 47.3 AND lon BETWEEN -1.8 AND -1.5`.execute(h.db);
    assert.deepEqual(
      near.rows.map((x) => x.formation),
      ['PDL-0001'],
    );
  } finally {
    await h.close();
  }
});

test('re-importing the same file changes nothing', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE);
    await importLheoFile(h.db, LATIN1);
    const before = await snapshot(h.db, IMPORT_LOG);
    const { reports } = await importLheoFile(h.db, CATALOGUE);
    assert.deepEqual([reports[0].read, reports[0].inserted, reports[0].updated, reports[0].deleted], [3, 0, 0, 0]);
    assert.deepEqual(await snapshot(h.db, IMPORT_LOG), before);
  } finally {
    await h.close();
  }
});

test('one bad offer among good ones: it is rejected with identifier, line, column and reason', async () => {
  const text = replaceOnce(
    catalogueText(),
    '<lheo:debut>20260901</lheo:debut>\n            <lheo:fin>20280630</lheo:fin>',
    '<lheo:debut>20280901</lheo:debut>\n            <lheo:fin>20280630</lheo:fin>',
  );
  const h = await openTestDatabase();
  try {
    const { reports } = await importLheoFile(h.db, tempFile('offres.xml', text));
    const [r] = reports;
    assert.deepEqual([r.read, r.inserted, r.rejects.length], [3, 2, 1]);
    assert.equal(r.rejects[0].line, lineOf(text, '<lheo:debut>20280901') - 1);
    assert.match(
      r.rejects[0].reason,
      /^offre « PDL-0002 », colonne 11 : période incohérente : début 20280901 postérieur à la fin 20280630$/,
    );
    assert.deepEqual(
      (await h.db.selectFrom('training_formation').select('formation').orderBy('formation').execute()).map((x) => x.formation),
      ['PDL-0001', 'PDL-0003'],
    );
    const stored = await h.db.selectFrom('import_file').select(['rejected', 'rejects']).executeTakeFirstOrThrow();
    assert.equal(stored.rejected, 1);
  } finally {
    await h.close();
  }
});

test('a newer file updates, adds and retires offers by identifier; a rejected one keeps its previous version', async () => {
  const h = await openTestDatabase();
  try {
    const first = await importLheoFile(h.db, CATALOGUE, { source: 'carif' });
    // PDL-0001 leaves the file, PDL-0002 changes, PDL-0003 becomes invalid, PDL-0004 comes in.
    const { head, formations, tail } = splitFormations(catalogueText());
    const f2 = replaceOnce(formations.get('PDL-0002')!, 'CAP Pâtissier en apprentissage', 'CAP Pâtissier (apprentissage)');
    const f3 = replaceOnce(formations.get('PDL-0003')!, '<lheo:code-niveau-entree>11<', '<lheo:code-niveau-entree>99<');
    const f4 = replaceOnce(formations.get('PDL-0003')!, 'numero="PDL-0003"', 'numero="PDL-0004"');
    const newer = head + f2 + f3 + f4 + tail;
    const { reports, runId } = await importLheoFile(h.db, tempFile('carif.xml', newer), { source: 'carif' });
    const [r] = reports;
    assert.deepEqual([r.read, r.inserted, r.updated, r.deleted, r.rejects.length], [3, 1, 1, 1, 1]);
    assert.match(r.rejects[0].reason, /offre « PDL-0003 ».*code « 99 » inconnu pour <code-niveau-entree>/);
    assert.ok(r.notes.includes('1 offre(s) rejetée(s) gardée(s) dans leur version précédente'));
    const rows = await h.db.selectFrom('training_formation').select(['formation', 'intitule', 'run_id']).orderBy('formation').execute();
    assert.deepEqual(
      rows.map((x) => [x.formation, x.run_id === runId]),
      [
        ['PDL-0002', true],
        ['PDL-0003', false],
        ['PDL-0004', true],
      ],
    );
    assert.equal(rows[0].intitule, 'CAP Pâtissier (apprentissage)');
    assert.equal(rows[1].run_id, first.runId, 'the rejected offer keeps its previous version and run');
    // Retired offers take their actions, sessions and places with them; the directory follows.
    assert.equal(await count(h.db, 'training_action', sql`formation = 'PDL-0001'`), 0);
    assert.equal(await count(h.db, 'training_lieu', sql`formation = 'PDL-0001'`), 0);
    assert.equal(await count(h.db, 'training_organisme', sql`siret = '12345678900017'`), 0);
    // Unchanged child rows of an updated offer keep their run.
    const session = await h.db
      .selectFrom('training_session')
      .select('run_id')
      .where('formation', '=', 'PDL-0002')
      .executeTakeFirstOrThrow();
    assert.equal(session.run_id, first.runId);
  } finally {
    await h.close();
  }
});

test('a file that is not well-formed changes nothing at all', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE, { source: 'carif' });
    const before = await snapshot(h.db);
    const text = catalogueText();
    // Valid offers come first, then the file stops: they must not stay.
    const cut = text.slice(0, text.indexOf('<lheo:formation numero="PDL-0003">') + 100).replace('CAP Pâtissier', 'CAP Boulanger');
    await assert.rejects(importLheoFile(h.db, tempFile('carif.xml', cut), { source: 'carif' }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.match(e.message, /^carif\.xml:\d+:\d+: fin de fichier inattendue/);
      return true;
    });
    const entity = replaceOnce(text, 'CAP Pâtissier', 'CAP &eacute;');
    await assert.rejects(importLheoFile(h.db, tempFile('carif.xml', entity), { source: 'carif' }), /entité non déclarée « &eacute; »/);
    assert.deepEqual(await snapshot(h.db), before);
  } finally {
    await h.close();
  }
});

test('source names: file name without a trailing date', () => {
  assert.deepEqual(sourceNameOf('lheo-pdl-20261126.xml'), { source: 'lheo-pdl', token: '20261126' });
  assert.deepEqual(sourceNameOf('export_carif_2026-11-26.xml'), { source: 'export_carif', token: '20261126' });
  assert.deepEqual(sourceNameOf('intercarif-lheo-2.2-formation-07_10.xml'), { source: 'intercarif-lheo-2.2-formation-07_10', token: '' });
  assert.deepEqual(sourceNameOf('20261126.xml'), { source: '20261126', token: '' });
});

test('bundle layout: LHEO files of formations/, the newest of a source, the GML definition skipped, gone sources kept', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'formations'));
  const put = (name: string, content: string | Buffer) => fs.writeFileSync(path.join(dir, 'formations', name), content);
  put('offres-pdl-20261101.xml', replaceOnce(catalogueText(), 'CAP Pâtissier', 'CAP Ancien'));
  put('offres-pdl-20261201.xml', catalogueText());
  put('vendee.xml', fs.readFileSync(LATIN1));
  put(
    'lheo-definition.xml',
    '<?xml version="1.0"?>\n<!-- not LHEO -->\n<definitions xmlns="http://www.gelaba.org/gml/1.2" version="2.3"/>',
  );
  put('notes.txt', 'pas du XML');
  const h = await openTestDatabase();
  try {
    assert.equal(lheoSource.present(dir), true);
    const first = await runImport(h.db, dir, [lheoSource]);
    assert.deepEqual(
      first.reports.map((r) => [r.file, r.inserted]),
      [
        ['formations/offres-pdl-20261201.xml', 3],
        ['formations/vendee.xml', 1],
        ['formations/lheo-definition.xml', 0],
      ],
    );
    assert.ok(first.reports[0].notes.some((n) => /offres-pdl-20261101\.xml ignoré/.test(n)));
    assert.deepEqual(first.reports[2].notes, [
      'ignoré : formations/lheo-definition.xml n’est pas une offre LHEO (définition GML du format LHEO)',
    ]);
    assert.equal(first.reports[2].version, 'LHEO 2.3');
    const intitule = await h.db
      .selectFrom('training_formation')
      .select('intitule')
      .where('formation', '=', 'PDL-0002')
      .executeTakeFirstOrThrow();
    assert.equal(intitule.intitule, 'CAP Pâtissier en apprentissage');
    // A file imported on its own is not the bundle's to retire.
    await importLheoFile(h.db, HOSTILE);
    fs.rmSync(path.join(dir, 'formations', 'offres-pdl-20261101.xml'));
    fs.rmSync(path.join(dir, 'formations', 'offres-pdl-20261201.xml'));
    // A source whose file left the bundle is kept, and the report says so.
    const before = await snapshot(h.db, IMPORT_LOG);
    const second = await runImport(h.db, dir, [lheoSource]);
    assert.deepEqual(
      second.reports.map((r) => [r.file, r.inserted, r.deleted]),
      [
        ['formations/vendee.xml', 0, 0],
        ['formations/lheo-definition.xml', 0, 0],
      ],
    );
    assert.ok(
      second.reports[0].notes.includes('source « offres-pdl » absente du lot : gardée (3 offre(s)) ; --replace-all pour la retirer'),
      second.reports[0].notes.join('\n'),
    );
    assert.deepEqual(
      second.reports.flatMap((r) => r.removals),
      [],
    );
    assert.deepEqual(await snapshot(h.db, IMPORT_LOG), before);
    // --replace-all retires it, and the removal is recorded before commit.
    let told: unknown[] = [];
    const third = await runImport(
      h.db,
      dir,
      [lheoSource],
      {
        ...silentProgress,
        beforeCommit: (reports) => (told = reports.flatMap((r) => r.removals)),
      },
      { replaceAll: true },
    );
    assert.deepEqual(
      third.reports.map((r) => [r.file, r.inserted, r.deleted]),
      [
        ['formations/vendee.xml', 0, 3],
        ['formations/lheo-definition.xml', 0, 0],
      ],
    );
    assert.deepEqual(told, [{ what: 'offre(s) de la source « offres-pdl »', count: 3, why: 'source absente du lot, --replace-all' }]);
    assert.match(
      third.reports[0].notes.join('\n'),
      /source\(s\) absente\(s\) du lot retirée\(s\) \(--replace-all\) : offres-pdl \(3 offre\(s\)\)/,
    );
    const stored = await storedReport(h.db, 'formations/vendee.xml');
    assert.match(
      JSON.stringify(stored.notes),
      /retiré : 3 offre\(s\) de la source « offres-pdl » \(source absente du lot, --replace-all\)/,
    );
    const sources = await h.db.selectFrom('training_source').select(['name', 'kind']).orderBy('name').execute();
    assert.deepEqual(sources, [
      { name: 'texte-hostile', kind: 'fichier' },
      { name: 'vendee', kind: 'lot' },
    ]);
    assert.equal(await count(h.db, 'training_organisme', sql`source = 'offres-pdl'`), 0);
  } finally {
    await h.close();
  }
});

test('importing one provider’s bundle after the demonstration catalogue keeps the catalogue', async () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'formations'));
  fs.writeFileSync(path.join(dir, 'formations', 'catalogue.xml'), catalogueText());
  const h = await openTestDatabase();
  try {
    await runImport(h.db, dir, [lheoSource]);
    fs.rmSync(path.join(dir, 'formations', 'catalogue.xml'));
    fs.writeFileSync(path.join(dir, 'formations', 'vendee.xml'), fs.readFileSync(LATIN1));
    const { reports } = await runImport(h.db, dir, [lheoSource]);
    assert.deepEqual(
      reports.map((r) => [r.file, r.inserted, r.deleted]),
      [['formations/vendee.xml', 1, 0]],
    );
    assert.equal(await count(h.db, 'training_formation'), 4);
    // Without any LHEO file left, the kept sources are said in a report of the folder.
    fs.rmSync(path.join(dir, 'formations', 'vendee.xml'));
    fs.writeFileSync(path.join(dir, 'formations', 'lheo-2.3-gml-definition.xml'), '<definitions xmlns="http://www.gelaba.org/gml/1.2"/>');
    const only = await runImport(h.db, dir, [lheoSource]);
    assert.deepEqual(
      only.reports.map((r) => r.file),
      ['formations/lheo-2.3-gml-definition.xml', 'formations/'],
    );
    assert.deepEqual(only.reports[1].notes, [
      'source « catalogue » absente du lot : gardée (3 offre(s)) ; --replace-all pour la retirer',
      'source « vendee » absente du lot : gardée (1 offre(s)) ; --replace-all pour la retirer',
    ]);
    assert.equal(await count(h.db, 'training_formation'), 4);
  } finally {
    await h.close();
  }
});

test('an XML file of formations/ that is neither LHEO nor a known document refuses the whole import', async () => {
  const cases: [string, string | Buffer, RegExp][] = [
    ['vide.xml', '', /^formations\/vide\.xml:1:1: fichier vide$/],
    ['blancs.xml', '  \n\n', /^formations\/blancs\.xml:\d+:\d+: document vide : aucun élément racine$/],
    ['texte.xml', 'pas du XML', /^formations\/texte\.xml:1:\d+: texte hors de l’élément racine$/],
    [
      'catalogue.xml',
      '<?xml version="1.0"?>\n\n<catalogue><offre/></catalogue>',
      /^formations\/catalogue\.xml:3:1: élément racine <catalogue> : un fichier LHEO commence par <lheo> /,
    ],
    [
      'lheo-inconnu.xml',
      '<lheo xmlns="http://exemple.invalid/lheo"/>',
      /^formations\/lheo-inconnu\.xml:1:1: élément racine <lheo> \(espace de noms http:\/\/exemple\.invalid\/lheo\)/,
    ],
    ['utf16.xml', Buffer.from('\ufeff<lheo/>', 'utf16le'), /^formations\/utf16\.xml:1:1: fichier en UTF-16/],
    // A damaged copy of a known document is refused too (it is read whole).
    [
      'lheo-2.3-gml-definition.xml',
      '<definitions xmlns="http://www.gelaba.org/gml/1.2">\n<definition name="x">',
      /^formations\/lheo-2\.3-gml-definition\.xml:\d+:\d+: fin de fichier inattendue/,
    ],
  ];
  const h = await openTestDatabase();
  try {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'formations'));
    fs.writeFileSync(path.join(dir, 'formations', 'catalogue-pdl.xml'), catalogueText());
    await runImport(h.db, dir, [lheoSource]);
    const before = await snapshot(h.db);
    for (const [name, content, message] of cases) {
      const file = path.join(dir, 'formations', name);
      fs.writeFileSync(file, content);
      await assert.rejects(
        runImport(h.db, dir, [lheoSource]),
        (e: unknown) => {
          assert.ok(e instanceof ImportError, String(e));
          assert.match(e.message, message);
          if (name === 'catalogue.xml') assert.match(e.message, /; ce fichier n’est pas non plus un document connu de la publication LHEO/);
          return true;
        },
        name,
      );
      fs.rmSync(file);
      assert.deepEqual(await snapshot(h.db), before, name);
    }
    // `trainings import` refuses the same files: never zero offers.
    for (const [name, content, message] of cases.slice(0, 5)) {
      const file = tempFile(name, content);
      await assert.rejects(
        importLheoFile(h.db, file, { source: 'catalogue-pdl' }),
        (e: unknown) => {
          assert.ok(e instanceof ImportError, String(e));
          assert.match(e.message, new RegExp(message.source.replace('^formations\\/', '^')));
          return true;
        },
        name,
      );
    }
    assert.deepEqual(await snapshot(h.db), before);
  } finally {
    await h.close();
  }
});

test('a file without any valid offer for a source that has some is refused, unless allowShrink', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE, { source: 'carif' });
    const before = await snapshot(h.db);
    const { head, tail } = splitFormations(catalogueText());
    const none = tempFile('carif.xml', head + tail);
    await assert.rejects(importLheoFile(h.db, none, { source: 'carif' }), (e: unknown) => {
      assert.ok(e instanceof ImportError);
      assert.equal(
        e.message,
        'carif.xml:0: aucune offre valide dans ce fichier (0 lue(s), 0 rejetée(s)) alors que la source ' +
          '« carif » en compte 3 : elles seraient retirées. Fichier vide ou tronqué ? Relancez avec --allow-shrink si ce retrait est voulu.',
      );
      return true;
    });
    // Every offer rejected is no better.
    const bad = tempFile('carif.xml', catalogueText().replaceAll('<lheo:code-niveau-entree>', '<lheo:code-niveau-entree>9'));
    await assert.rejects(
      importLheoFile(h.db, bad, { source: 'carif' }),
      /aucune offre valide dans ce fichier \(3 lue\(s\), 3 rejetée\(s\)\)/,
    );
    assert.deepEqual(await snapshot(h.db), before);
    // A new source may start empty.
    await importLheoFile(h.db, none, { source: 'nouvelle' });
    // Said on purpose: the offers go, and the removal is recorded.
    let told: unknown[] = [];
    const { reports } = await importLheoFile(h.db, none, {
      source: 'carif',
      allowShrink: true,
      progress: { ...silentProgress, beforeCommit: (r) => (told = r.flatMap((x) => x.removals)) },
    });
    assert.equal(reports[0].deleted, 3);
    assert.deepEqual(told, [{ what: 'offre(s) de la source « carif »', count: 3, why: 'identifiants absents de carif.xml' }]);
    assert.equal(await count(h.db, 'training_formation'), 0);
  } finally {
    await h.close();
  }
});

test('offers absent from a newer file are recorded as removals', async () => {
  const h = await openTestDatabase();
  try {
    await importLheoFile(h.db, CATALOGUE, { source: 'carif' });
    const { head, formations, tail } = splitFormations(catalogueText());
    const { reports } = await importLheoFile(h.db, tempFile('carif-20261201.xml', head + formations.get('PDL-0002')! + tail), {
      source: 'carif',
    });
    assert.deepEqual(reports[0].removals, [
      { what: 'offre(s) de la source « carif »', count: 2, why: 'identifiants absents de carif-20261201.xml' },
    ]);
  } finally {
    await h.close();
  }
});

test('the real bundle: two LHEO files, the GML definition known and skipped', {
  skip: !bundleDir() && 'pas de lot de données',
}, async () => {
  const { files, ignored, others } = await lheoFiles(bundleDir()!);
  assert.deepEqual(files.map((f) => [f.label, f.version]).sort(), [
    ['formations/intercarif-lheo-2.2-formation-07_10.xml', 'LHEO 2.2'],
    ['formations/lheo-2.2-exemple-bts-onisep.xml', 'LHEO 2.2'],
  ]);
  assert.deepEqual(ignored, []);
  assert.deepEqual(
    others.map((d) => [d.label, d.what, d.version]),
    [['formations/lheo-2.3-gml-definition.xml', 'définition GML du format LHEO', 'LHEO 2.3']],
  );
  // Read whole, it is well-formed (its DOCTYPE names a DTD that is never fetched).
  const root = await readXmlRoot(others[0].path, { label: others[0].label, whole: true });
  assert.equal(root.local, 'definitions');
});

test('hostile text is stored as text, and the SQL in it never runs', async () => {
  const h = await openTestDatabase();
  try {
    const { reports } = await importLheoFile(h.db, HOSTILE);
    assert.equal(reports[0].inserted, 1);
    const f = await h.db.selectFrom('training_formation').selectAll().executeTakeFirstOrThrow();
    assert.equal(f.formation, 'H-1"\'<b>');
    assert.equal(f.intitule, '<script>alert("xss")</script> Formation & co');
    assert.equal(f.objectif, "'); DROP TABLE training_formation; --");
    assert.equal(f.resultats_attendus, '<img src=x onerror="alert(1)"> & <b>gras</b>');
    assert.equal(f.organisme_nom, '<b onmouseover="alert(3)">Organisme</b>');
    assert.equal(await count(h.db, 'training_formation'), 1);
    // Markup is not words for the full-text index.
    const hit = await sql<{ n: number }>`SELECT count(*)::int AS n FROM training_formation
      WHERE fts @@ websearch_to_tsquery('fr', 'formation')`.execute(h.db);
    assert.equal(hit.rows[0].n, 1);
  } finally {
    await h.close();
  }
});
