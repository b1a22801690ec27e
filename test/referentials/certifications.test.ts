/**
 * Certif Info and BCN import on the project's hand-written sample (sample-data/formations), in the
 * official formats: unquoted `;` files, Windows-1252 N_FORMATION_DIPLOME, UTF-8 BOM BCN views.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type Kysely } from 'kysely';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import type { FileReport } from '../../src/platform/import/report.ts';
import { reportOf } from '../helpers/reports.ts';
import { runImport } from '../../src/platform/import/run.ts';
import { romeSource } from '../../src/referentials/import/rome.ts';
import { certificationSource, certificationsForRome, getCertification, bcnDiplomes } from '../../src/referentials/certifications/index.ts';
import { openTestDatabase } from '../helpers/db.ts';
import { snapshot, count, IMPORT_LOG } from '../helpers/tables.ts';

const SAMPLE = fileURLToPath(new URL('../../sample-data', import.meta.url));
const SOURCES = [romeSource, certificationSource];
const CERTIF = 'formations/certif_info_exemple.csv';

/** A copy of the sample's rome/ and formations/ folders; `edit` changes files in place. */
function sampleCopy(edit: (dir: string) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-certif-'));
  for (const folder of ['rome', 'formations']) fs.cpSync(path.join(SAMPLE, folder), path.join(dir, folder), { recursive: true });
  edit(dir);
  return dir;
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

test('the sample is imported whole: one report per file, nothing rejected, versions from the content', async () => {
  const mine = first.filter((r) => r.source === 'certifications');
  assert.deepEqual(
    mine.map((r) => r.file).sort(),
    fs
      .readdirSync(path.join(SAMPLE, 'formations'))
      .filter((f) => f.endsWith('.csv'))
      .map((f) => `formations/${f}`)
      .sort(),
  );
  for (const r of mine) assert.deepEqual(r.rejects, [], r.file);
  const certif = reportOf(first, /certif_info/);
  assert.equal(certif.read, 15);
  assert.equal(certif.version, 'Certif Info, mise à jour la plus récente le 28/06/2024');
  assert.equal(reportOf(first, /nFormationDiplome/).version, 'BCN N_FORMATION_DIPLOME, dernière intervention le 12/09/2024');

  assert.equal(await count(db, 'certification'), 14);
  assert.equal(await count(db, 'certification_rome'), 19);
  assert.equal(await count(db, 'bcn_diplome'), 9);
  assert.equal(await count(db, 'bcn_mef'), 7);
  assert.equal(await count(db, 'bcn_niveau'), 6);
  assert.equal(await count(db, 'bcn_dispositif'), 3);
  assert.equal(await count(db, 'bcn_diplome_succession'), 1);
});

test('lines repeating a certification with another RS or Idéo code are gathered, and the report says so', async () => {
  const c = await getCertification(db, '99010');
  assert.ok(c);
  assert.deepEqual(c.rs, ['99910', '99911']);
  const { ideo } = await db.selectFrom('certification').select('ideo').where('code', '=', '99010').executeTakeFirstOrThrow();
  assert.deepEqual(ideo, ['FOR.99010', 'FOR.99011']);
  assert.match(
    reportOf(first, /certif_info/).notes.join('\n'),
    /1 ligne\(s\) répètent le code d'une certification déjà lue.*14 certifications pour 15 lignes/,
  );
});

test('ROME codes are checked against the fiches: domain codes and unknown codes are kept and flagged', async () => {
  const links = await db
    .selectFrom('certification_rome')
    .select(['certification', 'rome', 'status'])
    .where('status', '<>', 'fiche')
    .orderBy('rome')
    .execute();
  assert.deepEqual(links, [
    { certification: '99010', rome: 'D1100', status: 'domaine' },
    { certification: '99013', rome: 'K9999', status: 'inconnu' },
  ]);
  assert.match(
    reportOf(first, /certif_info/).notes.join('\n'),
    /1 code\(s\) de domaine professionnel.*\(D1100\).*1 code\(s\) inconnu\(s\).*\(K9999\)/,
  );
});

test('certificationsForRome: certifications leading to a fiche, with level, type and RNCP, strong links first, then lowest level', async () => {
  const baker = await certificationsForRome(db, 'd1102');
  assert.deepEqual(
    baker.map((c) => [c.code, c.label, c.niveauEuropeen, c.rang]),
    [
      ['99001', 'CAP boulanger', 3, 1],
      ['99002', 'MC boulangerie spécialisée', 3, 1],
      ['99003', 'BP boulanger', 4, 1],
      // Boulanger is not its first ROME code: a side way in, after the strong links (issue 18).
      ['99004', 'CAP pâtissier', 3, 2],
    ],
  );
  assert.deepEqual(baker[0], {
    code: '99001',
    label: 'CAP boulanger',
    type: "Certificat d'aptitude professionnelle",
    niveauEuropeen: 3,
    rncp: '99101',
    rs: [],
    cfd: '50099101',
    etat: '0',
    etatLabel: 'Publié',
    derniereSession: null,
    rome: 'D1102',
    rang: 1,
    romeCount: 2,
    lien: 'fort',
    via: 'code',
  });
  assert.deepEqual(await certificationsForRome(db, 'B9999'), []);
});

test('getCertification: accessibility, sessions, the BCN diploma with its level and MEF, provenance', async () => {
  const c = await getCertification(db, '99003');
  assert.ok(c);
  assert.deepEqual(c.acces, {
    formationInitiale: false,
    apprentissage: true,
    formationContinue: true,
    professionnalisation: true,
    vae: true,
    candidatIndividuel: false,
  });
  assert.equal(c.source.file, CERTIF);
  assert.equal(c.source.version, 'Certif Info, mise à jour la plus récente le 28/06/2024');
  assert.equal(c.dateMaj, '2024-01-10');
  assert.deepEqual(c.romes, [{ code: 'D1102', rang: 1, status: 'fiche', label: 'Boulanger / Boulangère' }]);
  assert.deepEqual(c.diplome, {
    cfd: '45099103',
    libelle: 'BOULANGER (BP)',
    libelleCourt: 'BP',
    niveau: { code: '450', libelle: 'BREVET PROFESSIONNEL' },
    niveauQualificationRncp: '04',
    dateOuverture: '2013-09-01',
    dateFermeture: null,
    mefStat11: [],
  });
  // Not stated (2) is null; a quote inside a field is plain text in these exports.
  const habilitation = await getCertification(db, '99010');
  assert.equal(habilitation?.acces.vae, null);
  const porteur = await db.selectFrom('certification').select('label').where('code', '=', '99011').executeTakeFirstOrThrow();
  assert.match(porteur.label, /porteur/);
  assert.equal(await getCertification(db, '123'), undefined);
});

test('BCN: the row changed last wins between N_ and V_FORMATION_DIPLOME; renewals and MEF_STAT_11 are kept', async () => {
  const d = await db.selectFrom('bcn_diplome').selectAll().where('cfd', '=', '50099101').executeTakeFirstOrThrow();
  assert.equal(d.bcn_table, 'N_FORMATION_DIPLOME');
  // 50099100 has the same DATE_INTERVENTION in both: V_ is kept.
  assert.equal(await count(db, 'bcn_diplome', sql`bcn_table = 'V_FORMATION_DIPLOME'`), 7);
  assert.deepEqual(await db.selectFrom('bcn_diplome_succession').select(['cfd', 'nouveau_cfd']).execute(), [
    { cfd: '50099100', nouveau_cfd: '50099101' },
  ]);
  const cap = (await bcnDiplomes(db, ['50099101'])).get('50099101');
  assert.deepEqual(cap?.mefStat11, ['23210099101', '23220099101']);
  assert.equal(cap?.niveau?.libelle, "CERTIFICAT D'APTITUDE PROFESSIONNELLE");
  // "PÂTISSERIE" of the Windows-1252 N_ file and "PÂTISSIER" of the UTF-8 V_ file both read right.
  const {
    rows: [n],
  } = await sql<{ accents: number }>`
    SELECT count(*)::int AS accents FROM bcn_diplome WHERE libelle_long LIKE '%PÂTISSIER%' OR libelle_long LIKE '%PÂTISSERIE%'`.execute(db);
  assert.equal(n.accents, 2);
});

test('a second import of the same files changes nothing', async () => {
  const before = await snapshot(db, IMPORT_LOG);
  const { reports } = await runImport(db, SAMPLE, SOURCES, undefined, { sample: true });
  for (const r of reports.filter((x) => x.source === 'certifications')) {
    assert.deepEqual([r.inserted, r.updated, r.deleted, r.rejects.length], [0, 0, 0, 0], r.summary());
  }
  assert.deepEqual(await snapshot(db, IMPORT_LOG), before);
});

test('structural faults refuse the whole import with file:line: reason; the database is unchanged', async () => {
  const cases: { file: string; line: number; reason: RegExp; edit: (b: Buffer) => Buffer }[] = [
    {
      file: CERTIF,
      line: 5,
      reason: /nombre de colonnes incorrect \(37 attendues, 38 trouvées\)/,
      edit: (b) =>
        Buffer.from(
          b
            .toString('utf8')
            .split('\n')
            .map((l, i) => (i === 4 ? `${l};en trop` : l))
            .join('\n'),
        ),
    },
    {
      file: CERTIF,
      line: 3,
      reason: /octets invalides pour l’encodage UTF-8/,
      edit: (b) => {
        const lines = b.toString('latin1').split('\n');
        lines[2] = lines[2].replace('MC', 'M\xff');
        return Buffer.from(lines.join('\n'), 'latin1');
      },
    },
    {
      file: 'formations/bcn_nMef_exemple.csv',
      line: 1,
      reason: /colonne\(s\) absente\(s\) de l'en-tête : MEF_STAT_11/,
      edit: (b) => Buffer.from(b.toString('utf8').replace('MEF_STAT_11', 'MEF_STAT_XI')),
    },
  ];
  for (const c of cases) {
    const dir = sampleCopy((d) => {
      const p = path.join(d, c.file);
      fs.writeFileSync(p, c.edit(fs.readFileSync(p)));
    });
    try {
      const before = await snapshot(db);
      await assert.rejects(runImport(db, dir, SOURCES, undefined, { sample: true }), (e: unknown) => {
        assert.ok(e instanceof ImportError, String(e));
        assert.equal(e.file, c.file);
        assert.equal(e.line, c.line, e.message);
        assert.match(e.message, c.reason);
        assert.ok(e.message.startsWith(`${c.file}:${c.line}: `), e.message);
        return true;
      });
      assert.deepEqual(await snapshot(db), before, `${c.file} : la base est exactement comme avant`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
});

test('row faults are rejected with their line and reason; the rest is kept', async () => {
  const dir = sampleCopy((d) => {
    const p = path.join(d, CERTIF);
    const lines = fs.readFileSync(p, 'utf8').split('\n');
    const baker = lines[1].split(';');
    // Line 17: a bad ROME code in Code_Rome_2; line 18: an impossible date; line 19: the CAP again with another label.
    const bad = [...baker];
    bad[0] = '99901';
    bad[8] = 'D11O2';
    const date = [...baker];
    date[0] = '99902';
    date[4] = '31/02/2024';
    const twin = [...baker];
    twin[1] = 'CAP boulanger (autre libellé)';
    fs.writeFileSync(p, [...lines.slice(0, -1), bad.join(';'), date.join(';'), twin.join(';'), ''].join('\n'));
  });
  const other = await openTestDatabase();
  try {
    const { reports } = await runImport(other.db, dir, SOURCES, undefined, { sample: true });
    assert.deepEqual(reportOf(reports, /certif_info/).rejects, [
      { line: 17, reason: 'code ROME invalide « D11O2 » (Code_Rome_2 : une lettre de A à N et 4 chiffres attendus)' },
      { line: 18, reason: 'date invalide « 31/02/2024 » (Date_MaJ)' },
      { line: 19, reason: 'doublon de la ligne 2 (code 99001) avec des valeurs différentes : label' },
    ]);
    assert.equal(await count(other.db, 'certification'), 14);
    assert.equal((await getCertification(other.db, '99001'))?.label, 'CAP boulanger');
  } finally {
    await other.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
