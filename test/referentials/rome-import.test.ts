import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { parse as parseCsv } from 'csv-parse/sync';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import type { FileReport } from '../../src/platform/import/report.ts';
import { reportOf } from '../helpers/reports.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { romeSource } from '../../src/referentials/import/rome.ts';
import { escoSource } from '../../src/referentials/import/esco.ts';
import { getFiche } from '../../src/referentials/fiche.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { snapshot, count, IMPORT_LOG } from '../helpers/tables.ts';

// The project's own hand-written sample, in the official formats.
const SAMPLE = fileURLToPath(new URL('../../sample-data', import.meta.url));
const SOURCES = [romeSource, escoSource];

/** A copy of the sample in a temporary folder; `edit` changes files in place. */
function sampleCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-rome-'));
  fs.cpSync(SAMPLE, dir, { recursive: true });
  edit(dir);
  return dir;
}

function editText(dir: string, file: string, change: (text: string) => string, encoding: 'utf8' | 'latin1' = 'utf8'): void {
  const p = path.join(dir, file);
  fs.writeFileSync(p, Buffer.from(change(fs.readFileSync(p).toString(encoding)), encoding));
}

/** Data records of a sample file (what its report must count as read), by an independent parse. */
function records(file: string): number {
  const text = fs.readFileSync(path.join(SAMPLE, file), 'latin1');
  const fromLine = file.includes('mapping_esco_rome') ? 17 : 1;
  return parseCsv(text, { from_line: fromLine, skip_empty_lines: true }).length - 1;
}

let handle: DbHandle;
let db: DbHandle['db'];
let first: FileReport[];

before(async () => {
  handle = await openTestDatabase();
  db = handle.db;
  ({ reports: first } = await runImport(db, SAMPLE, SOURCES, undefined, { sample: true }));
});

after(async () => {
  await handle?.close();
});

test('the sample is imported whole: every file read, nothing rejected, counts as in the files', async () => {
  const files = [
    ...fs
      .readdirSync(path.join(SAMPLE, 'rome'))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => `rome/${f}`),
    ...fs.readdirSync(path.join(SAMPLE, 'esco')).map((f) => `esco/${f}`),
  ];
  assert.deepEqual(first.map((r) => r.file).sort(), files.sort(), 'un rapport par fichier');
  for (const r of first) {
    assert.equal(r.read, records(r.file), `${r.file} : lignes lues`);
    assert.deepEqual(r.rejects, [], `${r.file} : rien de rejeté`);
  }
  assert.equal(reportOf(first, /referentiel_code_rome_v/).version, 'ROME 4.0 exemple Passerelles v000 (données fictives)');
  assert.equal(reportOf(first, /mapping_esco_rome/).version, 'ESCO–ROME V0.0 01/01/2000');

  assert.equal(await count(db, 'rome_grand_domaine'), 14);
  assert.equal(await count(db, 'rome_domaine_professionnel'), 10);
  assert.equal(await count(db, 'rome_fiche'), 15);
  assert.equal(await count(db, 'rome_appellation'), 48);
  assert.equal(await count(db, 'rome_appellation', sql`principale`), 15);
  assert.equal(await count(db, 'rome_competence', sql`NOT macro`), 44);
  assert.equal(await count(db, 'rome_competence', sql`macro`), 20);
  assert.equal(await count(db, 'rome_savoir'), 20);
  assert.equal(await count(db, 'rome_contexte'), 22);
  assert.equal(await count(db, 'rome_item'), 106);
  assert.equal(await count(db, 'rome_fiche_item'), 259);
  assert.equal(await count(db, 'rome_fiche_item', sql`coeur_metier = 'Principale'`), 52);
  assert.equal(await count(db, 'rome_fiche_item', sql`coeur_metier = 'Émergente'`), 5);
  assert.equal(await count(db, 'rome_mobilite'), 28);
  assert.equal(
    await count(
      db,
      'rome_fiche',
      sql`definition IS NOT NULL AND acces_metier IS NOT NULL AND riasec_majeur IS NOT NULL AND domaine_professionnel IS NOT NULL`,
    ),
    15,
  );
  assert.equal(await count(db, 'rome_classification', sql`kind = 'secteur_naf'`), 12);
  assert.equal(await count(db, 'rome_fiche_classification', sql`kind = 'sous_secteur_activite'`), 15);
  assert.equal(await count(db, 'esco_occupation'), 15);
  assert.equal(await count(db, 'esco_skill'), 12);
  assert.equal(await count(db, 'esco_rome'), 46);
});

test('flags and lists are typed: booleans, RIASEC, ESCO label lists', async () => {
  const f1602 = await db.selectFrom('rome_fiche').selectAll().where('code', '=', 'F1602').executeTakeFirstOrThrow();
  assert.equal(f1602.emploi_reglemente, true);
  assert.equal(f1602.emploi_cadre, false);
  assert.equal(f1602.transition_eco, 'Emploi stratégique pour la Transition écologique');
  const m1805 = await db.selectFrom('rome_fiche').selectAll().where('code', '=', 'M1805').executeTakeFirstOrThrow();
  assert.deepEqual([m1805.transition_num, m1805.emploi_cadre, m1805.riasec_majeur, m1805.riasec_mineur], [true, true, 'I', 'C']);
  const fournier = await db.selectFrom('rome_appellation').selectAll().where('code_ogr', '=', '991024').executeTakeFirstOrThrow();
  assert.deepEqual([fournier.code_rome, fournier.principale, fournier.peu_usite], ['D1102', false, true]);
  const cook = await db.selectFrom('esco_occupation').selectAll().where('label', '=', 'cuisinier/cuisinière').executeTakeFirstOrThrow();
  assert.deepEqual(cook.alt_labels, ['cuisinier', 'cuisinière', 'commis de cuisine']);
  assert.deepEqual(cook.hidden_labels, ['cuistot']);
});

test('an ESCO occupation listed twice keeps its latest version, and the report names it', async () => {
  const uri = 'http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000000001';
  const baker = await db.selectFrom('esco_occupation').selectAll().where('uri', '=', uri).executeTakeFirstOrThrow();
  assert.match(baker.description ?? '', /pétrissent, façonnent et cuisent/);
  assert.ok(baker.alt_labels.includes('fournier'));
  assert.equal(baker.modified_at?.toISOString(), '2025-06-15T09:00:00.000Z');
  const report = reportOf(first, /occupations_fr/);
  assert.equal(report.read, 16);
  assert.equal(report.inserted, 15);
  assert.equal(report.notes.length, 1);
  assert.match(report.notes[0], /1 URI présente\(s\) plusieurs fois.*plus récente/);
  assert.ok(report.notes[0].includes(uri) && report.notes[0].includes('lignes 2, 56'), report.notes[0]);
});

test('getFiche(D1102) gives the whole fiche: texts, grouped skills, mobilités, ESCO', async () => {
  const f = await getFiche(db, 'D1102');
  assert.ok(f);
  assert.equal(f.label, 'Boulanger / Boulangère');
  assert.equal(f.grandDomaine?.label, 'Commerce, Vente et Grande distribution');
  assert.equal(f.domaineProfessionnel?.label, 'Commerce alimentaire et métiers de bouche');
  assert.deepEqual(f.riasec, { majeur: 'R', mineur: 'A' });
  // Sentences joined in their order, the export's doubled apostrophes undone.
  assert.equal(f.definition?.split('\n').length, 4);
  assert.match(f.definition!, /^Fabrique des pains .* règles d'hygiène/);
  assert.ok(!f.definition!.includes("''"));
  assert.match(f.accesMetier!, /CAP Boulanger\.\nUn Brevet professionnel/);

  assert.deepEqual(
    f.appellations.map((a) => a.label),
    [
      'Boulanger / Boulangère',
      'Aide-boulanger / Aide-boulangère',
      'Boulanger-pâtissier / Boulangère-pâtissière',
      'Ouvrier boulanger / Ouvrière boulangère',
      'Fournier / Fournière',
    ],
  );
  assert.equal(f.appellations[0].principale, true);

  const preparations = f.savoirFaire[0];
  assert.equal(preparations.label, 'Réaliser des préparations de boulangerie, pâtisserie et viennoiserie');
  assert.deepEqual(
    preparations.items.map((i) => [i.label, i.coeurMetier]),
    [
      ['Cuire des pains et des viennoiseries', true],
      ['Pétrir et façonner des pâtes à pain', true],
      ['Confectionner des viennoiseries', false],
      ['Réaliser des crèmes et des garnitures pâtissières', false],
    ],
  );
  const client = f.savoirFaire.find((g) => g.label === 'Accueillir et conseiller un client');
  assert.ok(client?.cited, 'la macro-compétence citée par la fiche est signalée');
  assert.deepEqual(
    client.items.map((i) => i.label),
    ['Renseigner un client sur la composition des produits'],
  );
  assert.equal(
    f.savoirFaire.reduce((n, g) => n + g.items.length, 0),
    8,
  );
  assert.deepEqual(
    f.savoirEtre.map((s) => s.label),
    ["Avoir l'esprit d'équipe", "Faire preuve d'autonomie", 'Faire preuve de rigueur et de précision'],
  );
  assert.deepEqual(
    f.savoirs.map((g) => g.categorie),
    ["Domaines d'expertise", 'Normes et procédés', 'Produits, outils et matières', 'Techniques professionnelles'],
  );
  assert.equal(f.savoirs.find((g) => g.categorie === 'Techniques professionnelles')?.items[0].coeurMetier, true);
  assert.deepEqual(
    f.contextes.map((c) => c.type),
    ['Conditions de travail et risques professionnels', 'Horaires et durée du travail', 'Types de structures', "Statut d'emploi"],
  );
  assert.deepEqual(
    f.contextes[1].items.map((i) => i.label),
    ['Travail de nuit', 'Travail le week-end'],
  );

  assert.deepEqual(f.mobilites, [
    { code: 'D1104', label: 'Pâtissier / Pâtissière', ordre: 1 },
    { code: 'G1602', label: 'Cuisinier / Cuisinière', ordre: 2 },
    { code: 'D1106', label: 'Vendeur / Vendeuse en alimentation générale', ordre: 3 },
  ]);
  // Four crosswalk rows name the baker (exact, close, broad): one line, the strongest relation.
  assert.deepEqual(
    f.esco.map((e) => [e.label, e.relation]),
    [
      ['boulanger/boulangère', 'exactMatch'],
      ['opérateur de four de boulangerie/opératrice de four de boulangerie', 'closeMatch'],
      ['pâtissier/pâtissière', 'broadMatch'],
    ],
  );
  assert.deepEqual(
    f.centresInteret.map((c) => [c.label, c.principal]),
    [
      ['Je suis passionné / passionnée par la cuisine', true],
      ["J'aime travailler de mes mains", false],
    ],
  );
  assert.deepEqual(
    f.secteursActivite[0].sousSecteurs.map((s) => s.label),
    ['Boulangerie-pâtisserie', 'Commerce alimentaire de détail'],
  );
  assert.ok(f.secteursNaf.some((s) => s.label === 'Industries alimentaires (viandes, œufs, boulangerie)'));
  assert.deepEqual(
    f.themes.map((t) => t.code),
    ['003'],
  );

  assert.equal(await getFiche(db, 'D9999'), null);
  assert.equal(await getFiche(db, 'nimporte'), null);
});

test('the NAF tree file is read as ISO-8859-15, as it is written', async () => {
  const bytes = fs.readFileSync(path.join(SAMPLE, 'rome/unix_arborescence_secteur_naf_v000_utf8.csv'));
  assert.equal(isUtf8(bytes), false, 'le fichier d’exemple est bien en octets simples');
  assert.ok(bytes.includes(0xbd), 'œ = 0xBD en ISO-8859-15');
  // Each line repeats the fiche's label: decoded right, all of them match (no note).
  assert.deepEqual(reportOf(first, /arborescence_secteur_naf/).notes, []);

  // The same file re-encoded in UTF-8 would decode wrongly under its declared encoding: the report says so.
  const dir = sampleCopy((d) => {
    const p = path.join(d, 'rome/unix_arborescence_secteur_naf_v000_utf8.csv');
    fs.writeFileSync(p, Buffer.from(iconv.decode(fs.readFileSync(p), 'iso-8859-15'), 'utf8'));
  });
  const other = await openTestDatabase();
  try {
    const { reports } = await runImport(other.db, dir, SOURCES, undefined, { sample: true });
    const naf = reportOf(reports, /arborescence_secteur_naf/);
    assert.ok(
      naf.notes.some((n) => /Ã.*encodage du fichier à vérifier/.test(n)),
      naf.notes.join('\n'),
    );
  } finally {
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a second import of the same files changes nothing', async () => {
  const before = await snapshot(db, IMPORT_LOG);
  const { reports } = await runImport(db, SAMPLE, SOURCES, undefined, { sample: true });
  for (const r of reports) {
    assert.deepEqual([r.inserted, r.updated, r.deleted, r.rejects.length], [0, 0, 0, 0], r.summary());
  }
  assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
});

// Structural faults: the whole import is refused with file:line: reason, and nothing changes.
const corruptions: {
  name: string;
  file: string;
  line: number;
  reason: RegExp;
  edit: (text: string) => string;
  raw?: (b: Buffer) => Buffer;
}[] = [
  {
    name: 'last line cut in the middle of a field',
    file: 'rome/unix_referentiel_appellation_v000_utf8.csv',
    line: 49,
    reason: /guillemet non fermé/,
    edit: (t) => t.slice(0, t.lastIndexOf('","') + 4),
  },
  {
    name: 'unbalanced quote',
    file: 'rome/unix_liens_rome_referentiels_v000_utf8.csv',
    line: 10,
    reason: /guillemet/,
    edit: (t) =>
      t
        .split('\n')
        .map((l, i) => (i === 9 ? l.replace('","5","', '","5,"') : l))
        .join('\n'),
  },
  {
    name: 'wrong column count',
    file: 'rome/unix_referentiel_code_rome_v000_utf8.csv',
    line: 5,
    reason: /nombre de colonnes incorrect/,
    edit: (t) =>
      t
        .split('\n')
        .map((l, i) => (i === 4 ? `${l},"en trop"` : l))
        .join('\n'),
  },
  {
    name: 'invalid UTF-8 bytes in a UTF-8 file',
    file: 'rome/unix_texte_v000_utf8.csv',
    line: 7,
    reason: /UTF-8/,
    edit: (t) => t,
    raw: (b) => {
      const lines = b.toString('latin1').split('\n');
      lines[6] = lines[6].replace('e', '\xff\xfe');
      return Buffer.from(lines.join('\n'), 'latin1');
    },
  },
  {
    name: 'ESCO crosswalk cut in a quoted field (CRLF file, last line truncated)',
    file: 'esco/FR_20000101_mapping_esco_rome.csv',
    line: 64,
    reason: /guillemet non fermé/,
    edit: (t) => `${t}http://data.europa.eu/esco/occupation/x,"libellé sans f`,
  },
];

for (const c of corruptions) {
  test(`a structural fault refuses the import whole: ${c.name}`, async () => {
    const dir = sampleCopy((d) => {
      if (c.raw) fs.writeFileSync(path.join(d, c.file), c.raw(fs.readFileSync(path.join(d, c.file))));
      else editText(d, c.file, c.edit);
    });
    try {
      const before = await snapshot(db);
      await assert.rejects(runImport(db, dir, SOURCES, undefined, { sample: true }), (error: unknown) => {
        assert.ok(error instanceof ImportError, String(error));
        assert.equal(error.file, c.file);
        assert.equal(error.line, c.line, error.message);
        assert.match(error.message, new RegExp(`^${c.file.replace(/\./g, '\\.')}:${c.line}: `));
        assert.match(error.reason, c.reason);
        return true;
      });
      assert.deepEqual(await snapshot(db), before, 'la base est exactement comme avant');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('a missing file stops the import instead of emptying its table', async () => {
  const dir = sampleCopy((d) => fs.rmSync(path.join(d, 'rome/unix_referentiel_savoir_v000_utf8.csv')));
  try {
    const before = await snapshot(db);
    await assert.rejects(
      runImport(db, dir, SOURCES, undefined, { sample: true }),
      /rome\/unix_referentiel_savoir_v\*_utf8\.csv:0: fichier introuvable/,
    );
    assert.deepEqual(await snapshot(db), before);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('row faults are rejected with their line and reason; the rest is kept', async () => {
  const dir = sampleCopy((d) => {
    // Line 17: a bad code ROME; line 18: an empty label.
    editText(
      d,
      'rome/unix_referentiel_code_rome_v000_utf8.csv',
      (t) =>
        `${t}"X12345","1","999001","Métier au code faux","Emploi Blanc","N","N","N","N","X12345"\n` +
        `"D1199","1","999002","","Emploi Blanc","N","N","N","N","D1199"\n`,
    );
    // Line 50: the appellation 991021 again (duplicate key); line 51: attached to an unknown fiche.
    editText(
      d,
      'rome/unix_referentiel_appellation_v000_utf8.csv',
      (t) =>
        `${t}"991021","Boulanger bis","Boulanger bis","D1102","","","","","","SYNONYME","","D1102","N"\n` +
        `"999003","Orpheline","Orpheline","B9999","","","","","","SYNONYME","","B9999","N"\n`,
    );
    // Line 261: a link to an unknown item.
    editText(d, 'rome/unix_liens_rome_referentiels_v000_utf8.csv', (t) => `${t}"D1102","5","1","123456"\n`);
    // Crosswalk line 64: an appellation that ROME does not know.
    editText(
      d,
      'esco/FR_20000101_mapping_esco_rome.csv',
      (t) =>
        `${t}http://data.europa.eu/esco/occupation/00000000-0000-4000-8000-000000000001,boulanger/boulangère,123456,Inconnue,skos:exactMatch\r\n`,
    );
  });
  const other = await openTestDatabase();
  try {
    const { reports } = await runImport(other.db, dir, SOURCES, undefined, { sample: true });
    assert.deepEqual(reportOf(reports, /referentiel_code_rome_v/).rejects, [
      { line: 17, reason: 'code ROME invalide « X12345 » (attendu une lettre de A à N et 4 chiffres)' },
      { line: 18, reason: 'libellé vide' },
    ]);
    const firstBaker =
      fs
        .readFileSync(path.join(SAMPLE, 'rome/unix_referentiel_appellation_v000_utf8.csv'), 'utf8')
        .split('\n')
        .findIndex((l) => l.startsWith('"991021"')) + 1;
    assert.deepEqual(reportOf(reports, /referentiel_appellation/).rejects, [
      { line: 51, reason: 'fiche ROME inconnue : B9999' },
      { line: 50, reason: `doublon de la ligne ${firstBaker} (clé 991021)` },
    ]);
    assert.deepEqual(reportOf(reports, /liens_rome/).rejects, [{ line: 261, reason: 'item inconnu : code OGR 123456' }]);
    assert.deepEqual(reportOf(reports, /mapping_esco_rome/).rejects, [{ line: 64, reason: 'appellation ROME inconnue : code OGR 123456' }]);
    assert.equal(await count(other.db, 'rome_fiche'), 15);
    assert.equal(await count(other.db, 'rome_appellation'), 48);
    assert.equal((await getFiche(other.db, 'D1102'))?.appellations[0].label, 'Boulanger / Boulangère');
    assert.equal(await count(other.db, 'rome_fiche_item'), 259);
    assert.equal(await count(other.db, 'esco_rome'), 46);
    // The reasons reach import_file, where `data status` reads them.
    const stored = await other.db
      .selectFrom('import_file')
      .select(['rejected', 'rejects'])
      .where('file', '=', 'rome/unix_referentiel_code_rome_v000_utf8.csv')
      .executeTakeFirstOrThrow();
    assert.equal(stored.rejected, 2);
    assert.match(JSON.stringify(stored.rejects), /X12345/);
  } finally {
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a newer release beside the old one is taken (v001 over v000), full mobilités over the sample file', async () => {
  const dir = sampleCopy((d) => {
    const rome = path.join(d, 'rome');
    fs.rmSync(path.join(rome, 'rome_version_v000.txt'));
    const v000 = path.join(rome, 'unix_referentiel_code_rome_v000_utf8.csv');
    fs.writeFileSync(
      path.join(rome, 'unix_referentiel_code_rome_v001_utf8.csv'),
      fs.readFileSync(v000, 'utf8').replace('"Boulanger / Boulangère"', '"Boulanger / Boulangère (v001)"'),
    );
    // A development sample of the mobilités beside the full file: the full file wins.
    fs.writeFileSync(
      path.join(rome, 'unix_rubrique_mobilite_v000_utf8.sample.csv'),
      '"code_rome","code_rome_cible","numero_ordre"\n"D1102","D1104","1"\n',
    );
  });
  const other = await openTestDatabase();
  try {
    const { reports } = await runImport(other.db, dir, SOURCES, undefined, { sample: true });
    const fiches = reportOf(reports, /referentiel_code_rome_v/);
    assert.equal(fiches.file, 'rome/unix_referentiel_code_rome_v001_utf8.csv');
    assert.equal(fiches.version, 'ROME v001');
    assert.match(fiches.notes.join(' '), /versions différentes .*v001.*v000|versions différentes .*v000.*v001/);
    assert.equal((await getFiche(other.db, 'D1102'))?.label, 'Boulanger / Boulangère (v001)');
    assert.equal(reportOf(reports, /rubrique_mobilite/).file, 'rome/unix_rubrique_mobilite_v000_utf8.csv');
    assert.equal(await count(other.db, 'rome_mobilite'), 28);

    // Without the full file, the sample file is imported, and the report says it is a sample.
    fs.rmSync(path.join(dir, 'rome/unix_rubrique_mobilite_v000_utf8.csv'));
    const again = await runImport(other.db, dir, SOURCES, undefined, { sample: true });
    const mob = reportOf(again.reports, /rubrique_mobilite/);
    assert.equal(mob.file, 'rome/unix_rubrique_mobilite_v000_utf8.sample.csv');
    assert.match(mob.notes.join(' '), /fichier d'échantillon/);
    assert.equal(mob.deleted, 27);
    assert.equal(await count(other.db, 'rome_mobilite'), 1);
  } finally {
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
