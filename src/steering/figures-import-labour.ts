/**
 * Labour-market figures of `marche-travail/`: the BMO survey (France Travail), the commune →
 * bassin BMO table, and the barometer of public action (IND-313 apprenticeship contracts,
 * IND-314 CEJ entries). National files: every région is kept.
 */
import { sql } from 'kysely';
import { findFile, findFiles, rowsOf, type BundleFile } from '../platform/import/bundle.ts';
import type { ImportContext } from '../platform/import/run.ts';
import { syncReported, type TableSpec } from '../platform/import/sync.ts';
import { COMMUNE, count, fileHash, mergeRepeats, pad2, readWorkbook } from './figures-import-read.ts';

export const LABOUR_FOLDER = 'marche-travail';
export const BMO_FILE = /^Base_open_data_BMO_(\d{4})\.xlsx$/i;
export const BASSIN_FILE = /^bassin_emploi(.*)\.csv$/i;
export const BAROMETRE_FILE = /^ind-(31[34])\.csv$/i;

/** Floors, well under the published counts (BMO 2024: 53,443 rows; bassins: 37,497; IND-313: 3,600; IND-314: 2,041). */
const BMO_FLOOR = 30_000;
const BASSIN_FLOOR = 30_000;
const BAROMETRE_FLOOR = 1_000;

/**
 * The vintage of the bassins of `bassin_emploi.csv` (the file does not say). Checked on
 * 2026-12-06: its codes and names for région 52 are those of BE24 (BMO 2024: 26 bassins, Redon
 * 5313 counted in Bretagne), and 3 communes of the Sarthe sit in another bassin than in BE19
 * (territoires/mobiville_lexique_bassins_bmo.csv). Nationally it stands between BE19 and BE24
 * (a few names of one or the other, Guadeloupe numbered 101-105 with 102 named twice): the
 * import notes every bassin whose code or name differs from the BMO file of this vintage.
 */
export const BASSIN_COMMUNE_VINTAGE = '2024';

/** The columns of the BMO workbook of a year: its bassins are named after it (BE24, NOMBE24 in 2024). */
const bmoColumns = (year: string) => {
  const yy = year.slice(2);
  return { bassin: `BE${yy}`, bassinName: `NOMBE${yy}` };
};
const BMO_COLUMNS = ['annee', 'Code métier BMO', 'Nom métier BMO', 'Famille_met', 'Lbl_fam_met', 'Dept', 'REG', 'met', 'xmet', 'smet'];

const specs = {
  bmo: (vintages: string[]): TableSpec => ({
    table: 'steering_bmo',
    key: ['vintage', 'bassin', 'departement', 'metier'],
    columns: {
      vintage: 'text',
      bassin: 'text',
      bassin_name: 'text',
      departement: 'text',
      region: 'text',
      metier: 'text',
      metier_label: 'text',
      famille: 'text',
      famille_label: 'text',
      projets: 'int',
      difficiles: 'int',
      saisonniers: 'int',
    },
    scope: sql`vintage = ANY(${vintages}::text[])`,
    label: 'projets de recrutement BMO (bassin × métier)',
  }),
  bassin: (vintage: string): TableSpec => ({
    table: 'steering_bassin_commune',
    key: ['vintage', 'commune'],
    columns: { vintage: 'text', commune: 'text', bassin: 'text', bassin_name: 'text', departement: 'text', region: 'text' },
    scope: sql`vintage = ${vintage}`,
    label: 'rattachements commune → bassin BMO',
  }),
  barometre: (indicator: string): TableSpec => ({
    table: 'steering_barometre',
    key: ['indicator', 'geo_level', 'geo_code', 'month'],
    columns: { indicator: 'text', geo_level: 'text', geo_code: 'text', month: 'text', value: 'float8' },
    scope: sql`indicator = ${indicator}`,
    label: `valeurs mensuelles de ${indicator}`,
  }),
} as const;

export const labourFilesPresent = (dir: string): boolean =>
  Boolean(
    findFile(dir, LABOUR_FOLDER, BMO_FILE) ?? findFile(dir, LABOUR_FOLDER, BASSIN_FILE) ?? findFile(dir, LABOUR_FOLDER, BAROMETRE_FILE),
  );

export async function importLabour(ctx: ImportContext): Promise<void> {
  for (const file of findFiles(ctx.dir, LABOUR_FOLDER, BMO_FILE)) await importBmo(ctx, file);
  const bassins = findFile(ctx.dir, LABOUR_FOLDER, BASSIN_FILE);
  if (bassins) await importBassins(ctx, bassins);
  for (const file of findFiles(ctx.dir, LABOUR_FOLDER, BAROMETRE_FILE)) await importBarometre(ctx, file);
}

type BmoRow = { line: number; vintage: string; bassin: string; departement: string; metier: string } & Record<string, unknown>;

async function importBmo(ctx: ImportContext, file: BundleFile): Promise<void> {
  const report = ctx.report(file.label, fileHash(file));
  const rows: BmoRow[] = [];
  const cols = bmoColumns(file.token);
  for (const { line, row } of await readWorkbook(ctx, file, report, [...BMO_COLUMNS, cols.bassin, cols.bassinName], BMO_FLOOR)) {
    const vintage = row.annee;
    const bassin = row[cols.bassin];
    const departement = pad2(row.Dept);
    const region = pad2(row.REG);
    const metier = row['Code métier BMO'];
    if (!/^\d{4}$/.test(vintage)) {
      report.reject(line, `année « ${vintage.slice(0, 20)} » invalide`);
      continue;
    }
    if (!/^\d{3,4}$/.test(bassin)) {
      report.reject(line, `code de bassin BMO « ${bassin.slice(0, 20)} » invalide (3 ou 4 chiffres attendus)`);
      continue;
    }
    if (!/^(\d{2}|2[AB]|97\d)$/.test(departement) || !/^\d{2}$/.test(region)) {
      report.reject(line, `département « ${row.Dept} » ou région « ${row.REG} » invalide`);
      continue;
    }
    if (!/^[A-Z0-9]{5}$/.test(metier) || !row['Nom métier BMO']) {
      report.reject(line, `métier BMO « ${metier.slice(0, 20)} » invalide ou sans libellé (code FAP de 5 caractères attendu)`);
      continue;
    }
    const values = ['met', 'xmet', 'smet'].map((c) => count(row[c], '*'));
    const bad = values.findIndex((v) => v === undefined);
    if (bad !== -1) {
      report.reject(
        line,
        `${['met', 'xmet', 'smet'][bad]} « ${row[['met', 'xmet', 'smet'][bad]].slice(0, 20)} » : nombre ou « * » attendu`,
      );
      continue;
    }
    rows.push({
      line,
      vintage,
      bassin,
      bassin_name: row[cols.bassinName],
      departement,
      region,
      metier,
      metier_label: row['Nom métier BMO'],
      famille: row.Famille_met,
      famille_label: row.Lbl_fam_met,
      projets: values[0],
      difficiles: values[1],
      saisonniers: values[2],
    });
  }
  const kept = mergeRepeats(
    rows,
    (r) => `${r.vintage}/${r.bassin}/${r.departement}/${r.metier}`,
    report,
    ({ line, ...v }) => v,
  );
  const vintages = [...new Set(kept.map((r) => r.vintage))].sort();
  const secret = kept.filter((r) => r.projets === null).length;
  report.note(
    `BMO ${vintages.join(', ')} : ${new Set(kept.map((r) => r.bassin)).size} bassins, ${new Set(kept.map((r) => r.metier)).size} métiers, ` +
      `${secret} ligne(s) dont le nombre de projets est couvert par le secret (« * »)`,
  );
  await syncReported(ctx, report, specs.bmo(vintages), kept);
  ctx.progress.done(report);
}

async function importBassins(ctx: ImportContext, file: BundleFile): Promise<void> {
  const report = ctx.report(file.label, `${fileHash(file)}, bassins BMO ${BASSIN_COMMUNE_VINTAGE}`);
  const rows: { line: number; commune: string; bassin: string; bassin_name: string; departement: string; region: string }[] = [];
  const names = new Map<string, Map<string, number>>();
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    columns: ['reg', 'dep', 'code_commune_insee', 'code_bassin_BMO', 'lib_bassin_BMO'],
    floor: BASSIN_FLOOR,
  })) {
    const commune = row.code_commune_insee.trim().toUpperCase();
    const bassin = row.code_bassin_BMO.trim();
    const name = row.lib_bassin_BMO.replace(/\s+/g, ' ').trim();
    if (!COMMUNE.test(commune)) {
      report.reject(line, `code commune invalide : « ${commune.slice(0, 20)} »`);
      continue;
    }
    if (!/^\d{3,4}$/.test(bassin) || !name) {
      report.reject(line, `bassin BMO « ${bassin.slice(0, 20)} » invalide ou sans libellé`);
      continue;
    }
    const byName = names.get(bassin) ?? new Map<string, number>();
    byName.set(name, (byName.get(name) ?? 0) + 1);
    names.set(bassin, byName);
    rows.push({ line, commune, bassin, bassin_name: name, departement: pad2(row.dep.trim()), region: pad2(row.reg.trim()) });
  }
  const kept = mergeRepeats(
    rows,
    (r) => r.commune,
    report,
    ({ line, ...v }) => v,
  );
  report.note(`${kept.length} communes dans ${names.size} bassins BMO (millésime ${BASSIN_COMMUNE_VINTAGE})`);
  for (const [code, byName] of names) {
    if (byName.size > 1)
      report.note(`bassin ${code} nommé de plusieurs façons : ${[...byName].map(([n, c]) => `« ${n} » (${c} communes)`).join(', ')}`);
  }
  await compareWithBmo(ctx, report, names);
  await syncReported(
    ctx,
    report,
    specs.bassin(BASSIN_COMMUNE_VINTAGE),
    kept.map((r) => ({ ...r, vintage: BASSIN_COMMUNE_VINTAGE })),
  );
  ctx.progress.done(report);
}

const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\bSAINT\b/g, 'ST')
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim();

/** Notes the bassins whose code or name differs from the BMO survey of the same vintage, when imported. */
async function compareWithBmo(
  ctx: ImportContext,
  report: { note(text: string): void },
  names: Map<string, Map<string, number>>,
): Promise<void> {
  const { rows } = await sql<{ bassin: string; name: string }>`
    SELECT DISTINCT bassin, bassin_name AS name FROM steering_bmo WHERE vintage = ${BASSIN_COMMUNE_VINTAGE}`.execute(ctx.trx);
  if (!rows.length) return;
  const bmo = new Map(rows.map((r) => [r.bassin, r.name]));
  const absent = [...names.keys()].filter((code) => !bmo.has(code)).sort();
  const missing = [...bmo.keys()].filter((code) => !names.has(code)).sort();
  const renamed = [...names]
    .filter(([code, byName]) => bmo.has(code) && [...byName.keys()].some((n) => fold(n) !== fold(bmo.get(code)!)))
    .map(([code, byName]) => `${code} « ${[...byName.keys()].join(' » / « ')} » (BMO : « ${bmo.get(code)} »)`)
    .sort();
  if (absent.length) report.note(`bassin(s) absent(s) du BMO ${BASSIN_COMMUNE_VINTAGE} : ${absent.join(', ')}`);
  if (missing.length) report.note(`bassin(s) du BMO ${BASSIN_COMMUNE_VINTAGE} sans aucune commune ici : ${missing.join(', ')}`);
  if (renamed.length) report.note(`bassin(s) nommé(s) autrement que dans le BMO ${BASSIN_COMMUNE_VINTAGE} : ${renamed.join(' ; ')}`);
}

const LEVELS: Record<string, { level: 'nat' | 'reg' | 'dep'; zone: RegExp }> = {
  NAT: { level: 'nat', zone: /^(FRANCE|FR|NAT)$/ },
  REG: { level: 'reg', zone: /^R(\d{2})$/ },
  DEPT: { level: 'dep', zone: /^D(\d{2}|2[AB]|97\d)$/ },
};

async function importBarometre(ctx: ImportContext, file: BundleFile): Promise<void> {
  const indicator = `IND-${file.token}`;
  const report = ctx.report(file.label, fileHash(file));
  const rows: { line: number; indicator: string; geo_level: string; geo_code: string; month: string; value: number }[] = [];
  let unpublished = 0;
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    columns: ['indic_id', 'enforce_zone_id', 'metric_enforce_date', 'maille', 'indic_va'],
    floor: BAROMETRE_FLOOR,
  })) {
    if (row.indic_id.trim() !== indicator) {
      report.reject(line, `indicateur « ${row.indic_id.slice(0, 20)} » dans le fichier de ${indicator}`);
      continue;
    }
    const level = LEVELS[row.maille.trim()];
    const zone = level?.zone.exec(row.enforce_zone_id.trim());
    if (!level || !zone) {
      report.reject(
        line,
        `zone « ${row.enforce_zone_id.slice(0, 20)} » de maille « ${row.maille.slice(0, 10)} » inconnue (D44, R52 ou FRANCE attendus)`,
      );
      continue;
    }
    const date = /^(\d{4}-\d{2})-\d{2}$/.exec(row.metric_enforce_date.trim());
    if (!date) {
      report.reject(line, `date « ${row.metric_enforce_date.slice(0, 20)} » invalide (AAAA-MM-JJ attendu)`);
      continue;
    }
    // Rows without indic_va carry the initial value (indic_vi) or a target (indic_vc, indic_ta).
    const raw = row.indic_va.trim();
    if (!raw) {
      unpublished++;
      continue;
    }
    const value = Number(raw);
    if (!Number.isFinite(value) || value < 0) {
      report.reject(line, `valeur « ${raw.slice(0, 20)} » invalide`);
      continue;
    }
    rows.push({ line, indicator, geo_level: level.level, geo_code: level.level === 'nat' ? 'FR' : zone[1], month: date[1], value });
  }
  const kept = mergeRepeats(
    rows,
    (r) => `${r.geo_level}/${r.geo_code}/${r.month}`,
    report,
    (r) => r.value,
  );
  report.note(
    `${indicator} : ${kept.length} valeurs cumulées depuis janvier (indic_va), ${unpublished} ligne(s) sans indic_va (valeur initiale ou cible) non retenue(s)`,
  );
  await syncReported(ctx, report, specs.barometre(indicator), kept);
  ctx.progress.done(report);
}
