/**
 * Certifications: the Certif Info export of the Réseau des Carif-Oref (`formations/certif_info*.csv`)
 * and the BCN tables of the Éducation nationale (`formations/[bcn_]nFormationDiplome*.csv` …).
 *
 * Files are found by pattern (the bundle's `bcn_` prefix is optional, the sample's `_exemple`
 * suffix is accepted). A file missing from the bundle leaves its table as it is: every file here
 * stands alone, and a partial bundle (Certif Info only) must not empty the BCN tables.
 *
 * Row faults are rejected with their line; structural faults (encoding, column count) abort the
 * whole import.
 * Every row of a file is read and checked before its table is written, and the report opens
 * once the file's edition is known (latest Date_MaJ, latest BCN intervention date).
 */
import { noteCounts } from '../../platform/import/bundle.ts';
import { sql } from 'kysely';
import type { Encoding } from '../../platform/import/csv.ts';
import type { FileReport } from '../../platform/import/report.ts';
import type { ImportContext, ImportSource } from '../../platform/import/run.ts';
import { syncRows, uniqueByKey, type SyncCounts, type TableSpec } from '../../platform/import/sync.ts';
import { findFile, rowsOf, sync, text, type FoundFile } from '../import/files.ts';
import { parseNumericFrenchDate } from '../../common/dates.ts';
import { PendingReport as Pending } from '../../platform/import/report.ts';
import { ROME_CODE } from '../../common/codes.ts';

const FOLDER = 'formations';

interface FileDef {
  pattern: RegExp;
  encoding: Encoding;
}

/** Declared encodings, checked on the bundle (BCN N_FORMATION_DIPLOME is Windows-1252). */
const FILES = {
  certifInfo: { pattern: /^certif_?info.*\.csv$/i, encoding: 'utf-8' },
  niveau: { pattern: /^(?:bcn_)?n_?niveau_?formation_?diplome.*\.csv$/i, encoding: 'utf-8' },
  dispositif: { pattern: /^(?:bcn_)?n_?dispositif_?formation.*\.csv$/i, encoding: 'utf-8' },
  vDiplome: { pattern: /^(?:bcn_)?v_?formation_?diplome.*\.csv$/i, encoding: 'utf-8' },
  nDiplome: { pattern: /^(?:bcn_)?n_?formation_?diplome.*\.csv$/i, encoding: 'windows-1252' },
  mef: { pattern: /^(?:bcn_)?n_?mef(?:[^a-z].*)?\.csv$/i, encoding: 'utf-8' },
} as const satisfies Record<string, FileDef>;

type FileKey = keyof typeof FILES;

export const certificationSource: ImportSource = {
  name: 'certifications',
  present: (dir) => Object.values(FILES).some((f) => findFile(dir, FOLDER, f.pattern) !== undefined),
  run: importCertifications,
};

const CFD = /^[0-9A-Z]{8}$/;
const ROME_COLUMNS = ['Code_Rome_1', 'Code_Rome_2', 'Code_Rome_3', 'Code_Rome_4', 'Code_Rome_5'];
const ACCESS = ['fi', 'ca', 'fc', 'cp', 'vae', 'ind'] as const;

type Row = Record<string, unknown> & { line: number };

/** Fewest rows of the national files (Certif Info: 10,067 certifications in 2025). */
const FLOORS: Partial<Record<FileKey, number>> = { certifInfo: 5000, vDiplome: 5000, mef: 5000 };

function rows(ctx: ImportContext, file: FoundFile, key: FileKey, columns: readonly string[], pending: Pending) {
  // These exports never quote: a '"' is part of the text ("A REMPLACE LES MC "RECTIFICATION"…").
  return rowsOf(ctx, file, pending, { encoding: FILES[key].encoding, delimiter: ';', quoted: false, columns, floor: FLOORS[key] });
}

async function importCertifications(ctx: ImportContext): Promise<void> {
  const found = {} as Record<FileKey, FoundFile | undefined>;
  for (const key of Object.keys(FILES) as FileKey[]) found[key] = findFile(ctx.dir, FOLDER, FILES[key].pattern);
  if (found.niveau) await importCodeTable(ctx, found.niveau, NIVEAUX);
  if (found.dispositif) await importCodeTable(ctx, found.dispositif, DISPOSITIFS);
  if (found.vDiplome || found.nDiplome) await importDiplomes(ctx, found.vDiplome, found.nDiplome);
  if (found.mef) await importMef(ctx, found.mef);
  if (found.certifInfo) await importCertifInfo(ctx, found.certifInfo);
}

// ---- small readers ---------------------------------------------------------------------------

function year(value: string | undefined): number | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  return /^(19|20)\d{2}$/.test(v) ? Number(v) : undefined;
}

function smallInt(value: string | undefined): number | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  return /^\d{1,4}$/.test(v) ? Number(v) : undefined;
}

/**
 * Converts fields with `convert`; the first that fails rejects the row (undefined). Keeps the
 * per-field code short: `get('DATE_OUVERTURE', parseNumericFrenchDate, 'date')`.
 */
class Fields {
  failed = false;
  constructor(
    private readonly row: Record<string, string>,
    private readonly line: number,
    private readonly reject: (line: number, reason: string) => void,
  ) {}

  get<T>(column: string, convert: (v: string | undefined) => T | null | undefined, what: string): T | null {
    if (this.failed) return null;
    const out = convert(this.row[column]);
    if (out === undefined) {
      this.failed = true;
      this.reject(this.line, `${what} invalide « ${this.row[column]} » (${column})`);
      return null;
    }
    return out;
  }
}

function latest(dates: (string | null)[]): string | null {
  let best: string | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

function frenchDay(iso: string | null): string {
  return iso ? iso.split('-').reverse().join('/') : 'date inconnue';
}

// ---- BCN ------------------------------------------------------------------------------------

const DATE_COLUMNS = { date_ouverture: 'date', date_fermeture: 'date' } as const;

/** A small BCN code table: a 3-character code, text columns and opening/closing dates. */
interface BcnCodeTable {
  kind: 'niveau' | 'dispositif';
  /** BCN table name, for the version string. */
  bcn: string;
  table: string;
  codeColumn: string;
  /** CSV column → table column, text values. */
  texts: Record<string, string>;
  /** Read when present, not required in the header. */
  optionalTexts?: Record<string, string>;
}

const NIVEAUX: BcnCodeTable = {
  kind: 'niveau',
  bcn: 'N_NIVEAU_FORMATION_DIPLOME',
  table: 'bcn_niveau',
  codeColumn: 'NIVEAU_FORMATION_DIPLOME',
  texts: { NIVEAU_INTERMINISTERIEL: 'niveau_interministeriel', LIBELLE_COURT: 'libelle_court', LIBELLE_100: 'libelle' },
  optionalTexts: { NIVEAU_QUALIFICATION_RNCP: 'niveau_qualification_rncp' },
};

const DISPOSITIFS: BcnCodeTable = {
  kind: 'dispositif',
  bcn: 'N_DISPOSITIF_FORMATION',
  table: 'bcn_dispositif',
  codeColumn: 'DISPOSITIF_FORMATION',
  texts: { NIVEAU_FORMATION_DIPLOME: 'niveau', LIBELLE_COURT: 'libelle_court', LIBELLE_LONG: 'libelle_long' },
};

async function importCodeTable(ctx: ImportContext, file: FoundFile, spec: BcnCodeTable): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  const interventions: (string | null)[] = [];
  const texts = { ...spec.texts, ...spec.optionalTexts };
  const columns = [spec.codeColumn, ...Object.keys(spec.texts), 'DATE_OUVERTURE', 'DATE_FERMETURE'];
  for await (const { line, row } of rows(ctx, file, spec.kind, columns, pending)) {
    const code = row[spec.codeColumn].trim();
    if (!/^[0-9A-Z]{3}$/.test(code)) {
      pending.reject(line, `code de ${spec.kind} invalide « ${row[spec.codeColumn]} » (3 caractères attendus)`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = { line, code };
    for (const [csv, column] of Object.entries(texts)) r[column] = text(row[csv]);
    r.date_ouverture = f.get('DATE_OUVERTURE', parseNumericFrenchDate, 'date');
    r.date_fermeture = f.get('DATE_FERMETURE', parseNumericFrenchDate, 'date');
    if (f.failed) continue;
    interventions.push(parseNumericFrenchDate(row.DATE_INTERVENTION) ?? null);
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => String(r.code), pending.reject);
  const report = pending.open(ctx, file, bcnVersion(spec.bcn, interventions));
  const textColumns = Object.fromEntries(Object.values(texts).map((c) => [c, 'text']));
  await sync(ctx, report, { table: spec.table, key: ['code'], columns: { code: 'text', ...textColumns, ...DATE_COLUMNS } }, kept);
  ctx.progress.done(report);
}

function bcnVersion(table: string, interventions: (string | null)[]): string {
  return `BCN ${table}, dernière intervention le ${frenchDay(latest(interventions))}`;
}

const DIPLOME_COLUMNS = [
  'FORMATION_DIPLOME',
  'NIVEAU_FORMATION_DIPLOME',
  'GROUPE_SPECIALITE',
  'LETTRE_SPECIALITE',
  'LIBELLE_COURT',
  'LIBELLE_STAT_33',
  'LIBELLE_LONG_200',
  'DATE_OUVERTURE',
  'DATE_FERMETURE',
  'DATE_PREMIERE_SESSION',
  'DATE_DERNIERE_SESSION',
  'NATURE_FORMATION_DIPLOME',
  'GESTIONNAIRE_FORMATION_DIPLOME',
  'DATE_INTERVENTION',
];

const DIPLOME_SPEC = (bcnTable: string): TableSpec => ({
  table: 'bcn_diplome',
  key: ['cfd'],
  scope: sql`t.bcn_table = ${bcnTable}`,
  columns: {
    cfd: 'text',
    niveau: 'text',
    groupe_specialite: 'text',
    lettre_specialite: 'text',
    libelle_court: 'text',
    libelle_stat_33: 'text',
    libelle_long: 'text',
    ...DATE_COLUMNS,
    premiere_session: 'smallint',
    derniere_session: 'smallint',
    nature: 'text',
    gestionnaire: 'text',
    niveau_qualification_rncp: 'text',
    date_intervention: 'date',
    bcn_table: 'text',
  },
});

interface DiplomeFile {
  file: FoundFile;
  pending: Pending;
  rows: Map<string, Row>;
  /** ANCIEN_DIPLOME_n / NOUVEAU_DIPLOME_n links (N_FORMATION_DIPLOME only). */
  successions: Row[];
  badSuccessions: number;
  /** DATE_INTERVENTION of every row read: the latest is the file's edition. */
  interventions: (string | null)[];
}

/**
 * V_FORMATION_DIPLOME (all ministries) and N_FORMATION_DIPLOME (Éducation nationale, with the
 * renewal links) describe the same CFD codes twice: the row with the latest DATE_INTERVENTION
 * is kept, and `bcn_table` says which. Each file syncs the rows it gave, so its report counts them.
 */
async function importDiplomes(ctx: ImportContext, vFile: FoundFile | undefined, nFile: FoundFile | undefined): Promise<void> {
  const v = vFile ? await readDiplomes(ctx, vFile, 'vDiplome', 'V_FORMATION_DIPLOME') : undefined;
  const n = nFile ? await readDiplomes(ctx, nFile, 'nDiplome', 'N_FORMATION_DIPLOME') : undefined;
  let fromN = 0;
  let both = 0;
  if (v && n) {
    for (const [cfd, row] of n.rows) {
      const other = v.rows.get(cfd);
      if (!other) continue;
      both++;
      if (String(row.date_intervention ?? '') > String(other.date_intervention ?? '')) {
        v.rows.delete(cfd);
        fromN++;
      } else {
        n.rows.delete(cfd);
      }
    }
  }
  for (const [d, table] of [
    [v, 'V_FORMATION_DIPLOME'],
    [n, 'N_FORMATION_DIPLOME'],
  ] as const) {
    if (!d) continue;
    const report = d.pending.open(ctx, d.file, bcnVersion(table, d.interventions));
    if (both) {
      report.note(
        `${both} CFD présents dans les deux tables BCN : la ligne modifiée le plus récemment (DATE_INTERVENTION) est retenue ` +
          `(${table === 'N_FORMATION_DIPLOME' ? fromN : both - fromN} depuis ce fichier)`,
      );
    }
    await sync(ctx, report, DIPLOME_SPEC(table), [...d.rows.values()]);
    if (table === 'N_FORMATION_DIPLOME') {
      // Both ends list a renewal (A names B as new, B names A as old): one link.
      const links = uniqueByKey(
        d.successions,
        (r) => `${r.cfd}|${r.nouveau_cfd}`,
        () => {},
      );
      noteCounts(
        report,
        'liens ancien → nouveau diplôme',
        await syncRows(
          ctx.trx,
          {
            table: 'bcn_diplome_succession',
            key: ['cfd', 'nouveau_cfd'],
            columns: { cfd: 'text', nouveau_cfd: 'text' },
          },
          links,
          ctx.runId,
        ),
      );
      report.note(
        `${links.length} liens ancien → nouveau diplôme (ANCIEN_DIPLOME_n, NOUVEAU_DIPLOME_n)` +
          (d.badSuccessions ? ` ; ${d.badSuccessions} code(s) de diplôme lié(s) ignoré(s) car ce ne sont pas des CFD à 8 caractères` : ''),
      );
    }
    ctx.progress.done(report);
  }
}

async function readDiplomes(ctx: ImportContext, file: FoundFile, key: 'vDiplome' | 'nDiplome', bcnTable: string): Promise<DiplomeFile> {
  const pending = new Pending();
  const out: Row[] = [];
  const successions: Row[] = [];
  let badSuccessions = 0;
  for await (const { line, row } of rows(ctx, file, key, DIPLOME_COLUMNS, pending)) {
    const cfd = row.FORMATION_DIPLOME.trim();
    if (!CFD.test(cfd)) {
      pending.reject(line, `CFD invalide « ${row.FORMATION_DIPLOME} » (8 caractères attendus)`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      cfd,
      niveau: text(row.NIVEAU_FORMATION_DIPLOME),
      groupe_specialite: text(row.GROUPE_SPECIALITE),
      lettre_specialite: text(row.LETTRE_SPECIALITE),
      libelle_court: text(row.LIBELLE_COURT),
      libelle_stat_33: text(row.LIBELLE_STAT_33),
      libelle_long: text(row.LIBELLE_LONG_200),
      date_ouverture: f.get('DATE_OUVERTURE', parseNumericFrenchDate, 'date'),
      date_fermeture: f.get('DATE_FERMETURE', parseNumericFrenchDate, 'date'),
      premiere_session: f.get('DATE_PREMIERE_SESSION', year, 'année'),
      derniere_session: f.get('DATE_DERNIERE_SESSION', year, 'année'),
      nature: text(row.NATURE_FORMATION_DIPLOME),
      gestionnaire: text(row.GESTIONNAIRE_FORMATION_DIPLOME),
      niveau_qualification_rncp: text(row.NIVEAU_QUALIFICATION_RNCP),
      date_intervention: f.get('DATE_INTERVENTION', parseNumericFrenchDate, 'date'),
      bcn_table: bcnTable,
    };
    if (f.failed) continue;
    if (!r.libelle_long && !r.libelle_court) {
      pending.reject(line, `diplôme ${cfd} sans libellé`);
      continue;
    }
    out.push(r);
    for (let i = 1; i <= 7; i++) {
      const ancien = row[`ANCIEN_DIPLOME_${i}`]?.trim();
      const nouveau = row[`NOUVEAU_DIPLOME_${i}`]?.trim();
      for (const [from, to, code] of [
        [ancien, cfd, ancien],
        [cfd, nouveau, nouveau],
      ] as const) {
        if (!code) continue;
        if (CFD.test(code)) successions.push({ line, cfd: from, nouveau_cfd: to });
        else badSuccessions++;
      }
    }
  }
  const kept = uniqueByKey(out, (r) => String(r.cfd), pending.reject);
  const interventions = kept.map((r) => r.date_intervention as string | null);
  return { file, pending, rows: new Map(kept.map((r) => [String(r.cfd), r])), successions, badSuccessions, interventions };
}

async function importMef(ctx: ImportContext, file: FoundFile): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  const interventions: (string | null)[] = [];
  const columns = [
    'MEF',
    'DISPOSITIF_FORMATION',
    'FORMATION_DIPLOME',
    'DUREE_DISPOSITIF',
    'ANNEE_DISPOSITIF',
    'LIBELLE_COURT',
    'LIBELLE_LONG',
    'DATE_OUVERTURE',
    'DATE_FERMETURE',
    'STATUT_MEF',
    'MEF_STAT_11',
    'MEF_STAT_9',
  ];
  for await (const { line, row } of rows(ctx, file, 'mef', columns, pending)) {
    const mef = row.MEF.trim();
    if (!/^[0-9A-Z]{10}$/.test(mef)) {
      pending.reject(line, `code MEF invalide « ${row.MEF} » (10 caractères attendus)`);
      continue;
    }
    const cfd = text(row.FORMATION_DIPLOME);
    if (cfd !== null && !CFD.test(cfd)) {
      pending.reject(line, `CFD invalide « ${row.FORMATION_DIPLOME} » (8 caractères attendus)`);
      continue;
    }
    const stat11 = text(row.MEF_STAT_11);
    if (stat11 !== null && !/^[0-9A-Z]{11}$/.test(stat11)) {
      pending.reject(line, `MEF_STAT_11 invalide « ${row.MEF_STAT_11} » (11 caractères attendus)`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      mef,
      cfd,
      dispositif: text(row.DISPOSITIF_FORMATION),
      duree: f.get('DUREE_DISPOSITIF', smallInt, 'durée'),
      annee: f.get('ANNEE_DISPOSITIF', smallInt, 'année de dispositif'),
      libelle_court: text(row.LIBELLE_COURT),
      libelle_long: text(row.LIBELLE_LONG),
      date_ouverture: f.get('DATE_OUVERTURE', parseNumericFrenchDate, 'date'),
      date_fermeture: f.get('DATE_FERMETURE', parseNumericFrenchDate, 'date'),
      statut: text(row.STATUT_MEF),
      mef_stat_11: stat11,
      mef_stat_9: text(row.MEF_STAT_9),
    };
    if (f.failed) continue;
    interventions.push(parseNumericFrenchDate(row.DATE_INTERVENTION) ?? null);
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => String(r.mef), pending.reject);
  const report = pending.open(ctx, file, bcnVersion('N_MEF', interventions));
  await sync(
    ctx,
    report,
    {
      table: 'bcn_mef',
      key: ['mef'],
      columns: {
        mef: 'text',
        dispositif: 'text',
        cfd: 'text',
        duree: 'smallint',
        annee: 'smallint',
        libelle_court: 'text',
        libelle_long: 'text',
        ...DATE_COLUMNS,
        statut: 'text',
        mef_stat_11: 'text',
        mef_stat_9: 'text',
      },
    },
    kept,
  );
  ctx.progress.done(report);
}

// ---- Certif Info ----------------------------------------------------------------------------

const CERTIF_COLUMNS = [
  'Code_Diplome',
  'Libelle_Diplome',
  'Libelle_Type_Diplome',
  'Code_Niveau_Europeen',
  'Date_MaJ',
  'Code_FormaCode',
  'Libelle_FormaCode',
  ...ROME_COLUMNS,
  'Code_Nsf',
  'Code_RNCP',
  'Code_RS',
  'Code_Scolarité',
  'valideur',
  'certificateur',
  'Annee_Premiere_Session',
  'Annee_Derniere_Session',
  'Etat',
  'Etat_Libelle',
  ...ACCESS.map((a) => `accessibilite_${a}`),
  'code_type_diplome',
];

const CERTIFICATION_SPEC: TableSpec = {
  table: 'certification',
  key: ['code'],
  columns: {
    code: 'text',
    label: 'text',
    type_code: 'text',
    type_label: 'text',
    niveau_europeen: 'smallint',
    rncp: 'text',
    rs: 'text[]',
    cfd: 'text',
    formacode: 'text',
    formacode_label: 'text',
    nsf: 'text',
    valideur: 'text',
    certificateur: 'text',
    etat: 'text',
    etat_label: 'text',
    acces_fi: 'boolean',
    acces_ca: 'boolean',
    acces_fc: 'boolean',
    acces_cp: 'boolean',
    acces_vae: 'boolean',
    acces_ind: 'boolean',
    premiere_session: 'smallint',
    derniere_session: 'smallint',
    date_maj: 'date',
    ideo: 'text[]',
  },
};

/** Fields that may differ between lines repeating one code (gathered into arrays). */
const MULTI = ['rs', 'ideo'] as const;

function access(value: string | undefined): boolean | null | undefined {
  const v = value?.trim() ?? '';
  if (v === '1') return true;
  if (v === '0') return false;
  if (v === '2' || v === '') return null;
  return undefined;
}

function niveauEuropeen(value: string | undefined): number | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  return /^[1-8]$/.test(v) ? Number(v) : undefined;
}

function digits(value: string | undefined): string | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  return /^\d+$/.test(v) ? v : undefined;
}

function cfdCode(value: string | undefined): string | null | undefined {
  const v = value?.trim() ?? '';
  if (!v) return null;
  return CFD.test(v) ? v : undefined;
}

async function importCertifInfo(ctx: ImportContext, file: FoundFile): Promise<void> {
  const pending = new Pending();
  const byCode = new Map<string, Row & { romes: string[]; rs: string[]; ideo: string[]; signature: string }>();
  let merged = 0;
  for await (const { line, row } of rows(ctx, file, 'certifInfo', CERTIF_COLUMNS, pending)) {
    const code = row.Code_Diplome.trim();
    if (!/^\d+$/.test(code)) {
      pending.reject(line, `code Certif Info invalide « ${row.Code_Diplome} » (chiffres attendus)`);
      continue;
    }
    const label = text(row.Libelle_Diplome);
    if (label === null) {
      pending.reject(line, 'libellé de la certification vide');
      continue;
    }
    const romes: string[] = [];
    let badRome: string | undefined;
    for (const column of ROME_COLUMNS) {
      const v = row[column].trim();
      if (!v) continue;
      if (!ROME_CODE.test(v)) badRome ??= `code ROME invalide « ${row[column]} » (${column} : une lettre de A à N et 4 chiffres attendus)`;
      else if (!romes.includes(v)) romes.push(v);
    }
    if (badRome) {
      pending.reject(line, badRome);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r = {
      line,
      code,
      label,
      type_code: text(row.code_type_diplome),
      type_label: text(row.Libelle_Type_Diplome),
      niveau_europeen: f.get('Code_Niveau_Europeen', niveauEuropeen, 'niveau européen'),
      rncp: f.get('Code_RNCP', digits, 'code RNCP'),
      cfd: f.get('Code_Scolarité', cfdCode, 'CFD'),
      formacode: f.get('Code_FormaCode', digits, 'Formacode'),
      formacode_label: text(row.Libelle_FormaCode),
      nsf: text(row.Code_Nsf),
      valideur: text(row.valideur),
      certificateur: text(row.certificateur),
      etat: text(row.Etat),
      etat_label: text(row.Etat_Libelle),
      ...Object.fromEntries(ACCESS.map((a) => [`acces_${a}`, f.get(`accessibilite_${a}`, access, 'accessibilité (0, 1 ou 2)')])),
      premiere_session: f.get('Annee_Premiere_Session', year, 'année'),
      derniere_session: f.get('Annee_Derniere_Session', year, 'année'),
      date_maj: f.get('Date_MaJ', parseNumericFrenchDate, 'date'),
      romes,
      rs: [] as string[],
      ideo: [] as string[],
      signature: '',
    };
    const rs = f.get('Code_RS', digits, 'code RS');
    if (f.failed) continue;
    if (rs) r.rs.push(rs);
    const ideo = text(row.codeIdeo2);
    if (ideo) r.ideo.push(ideo);
    const { line: _l, rs: _r, ideo: _i, signature: _s, ...rest } = r;
    r.signature = JSON.stringify(rest);

    const first = byCode.get(code);
    if (!first) {
      byCode.set(code, r);
      continue;
    }
    // The export repeats a certification once per RS or Idéo code: gather them; any other
    // difference is a real conflict and the later line is rejected.
    if (first.signature !== r.signature) {
      const differs = Object.keys(rest).filter(
        (k) => JSON.stringify((first as Record<string, unknown>)[k]) !== JSON.stringify((rest as Record<string, unknown>)[k]),
      );
      pending.reject(line, `doublon de la ligne ${first.line} (code ${code}) avec des valeurs différentes : ${differs.join(', ')}`);
      continue;
    }
    for (const k of MULTI) for (const v of r[k]) if (!first[k].includes(v)) first[k].push(v);
    merged++;
  }

  const certifications = [...byCode.values()];
  const version = `Certif Info, mise à jour la plus récente le ${frenchDay(latest(certifications.map((c) => c.date_maj as string | null)))}`;
  if (merged) {
    pending.notes.push(
      `${merged} ligne(s) répètent le code d'une certification déjà lue, avec un autre code RS ou Idéo : ` +
        `réunies en une seule certification (${certifications.length} certifications pour ${pending.read - pending.rejectLog.count} lignes retenues)`,
    );
  }

  // ROME codes are checked against the fiches in the database (imported earlier in this run or before).
  const links: Row[] = [];
  const status = await romeStatus(ctx);
  const off = { domaine: new Set<string>(), inconnu: new Set<string>() };
  for (const c of certifications) {
    c.romes.forEach((rome, i) => {
      const s = status(rome);
      if (s !== 'fiche') off[s].add(rome);
      links.push({ line: c.line, certification: c.code, rome, rang: i + 1, status: s });
    });
  }
  if (off.domaine.size || off.inconnu.size) {
    const parts = [];
    if (off.domaine.size)
      parts.push(`${off.domaine.size} code(s) de domaine professionnel écrits comme des codes ROME (${sample([...off.domaine])})`);
    if (off.inconnu.size) parts.push(`${off.inconnu.size} code(s) inconnu(s) du ROME importé (${sample([...off.inconnu])})`);
    const count = links.filter((l) => l.status !== 'fiche').length;
    pending.notes.push(
      `${count} lien(s) certification → ROME ne désignent pas une fiche ROME 4.0 ; conservés et signalés (statut « domaine » ou « inconnu ») : ${parts.join(' ; ')}`,
    );
  }
  const withCfd = certifications.filter((c) => c.cfd);
  if (withCfd.length) {
    const {
      rows: [known],
    } = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM bcn_diplome WHERE cfd = ANY(${withCfd.map((c) => c.cfd as string)}::text[])`.execute(ctx.trx);
    if (known.n < new Set(withCfd.map((c) => c.cfd)).size) {
      pending.notes.push(
        `${new Set(withCfd.map((c) => c.cfd)).size - known.n} CFD (Code_Scolarité) distincts absents des tables BCN importées`,
      );
    }
  }

  const report = pending.open(ctx, file, version);
  await sync(ctx, report, CERTIFICATION_SPEC, certifications);
  report.note(`${links.length} liens vers un code ROME pour ${certifications.filter((c) => c.romes.length).length} certifications`);
  noteCounts(
    report,
    'liens certification → ROME',
    await syncRows(
      ctx.trx,
      {
        table: 'certification_rome',
        key: ['certification', 'rome'],
        columns: { certification: 'text', rome: 'text', rang: 'smallint', status: 'text' },
      },
      links,
      ctx.runId,
    ),
  );
  ctx.progress.done(report);
}

/** What a ROME code is in the imported ROME: a fiche, a domaine professionnel written as "D1100", or unknown. */
async function romeStatus(ctx: ImportContext): Promise<(code: string) => 'fiche' | 'domaine' | 'inconnu'> {
  const fiches = new Set((await ctx.trx.selectFrom('rome_fiche').select('code').execute()).map((r) => r.code));
  const domaines = new Set((await ctx.trx.selectFrom('rome_domaine_professionnel').select('code').execute()).map((r) => r.code));
  return (code) => {
    if (fiches.has(code)) return 'fiche';
    if (code.endsWith('00') && domaines.has(code.slice(0, 3))) return 'domaine';
    return 'inconnu';
  };
}

/** Changes to a table that a file feeds besides its own (links), as a note when there are any. */

function sample(codes: string[]): string {
  const sorted = codes.sort();
  return sorted.length > 10 ? `${sorted.slice(0, 10).join(', ')}…` : sorted.join(', ');
}
