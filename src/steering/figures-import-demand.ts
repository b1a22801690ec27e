/**
 * Training demand of `formations-demande/`: capacity and wishes per school × MEF (Affelnet for
 * the voie professionnelle, Parcoursup for BTS), rentrée headcounts, the régions' priority
 * trainings, and from the Affelnet offer of 2020 the commune of each school and the labels of
 * its trainings. National files: every région is kept.
 */
import { sql } from 'kysely';
import { findFile, findFiles, rowsOf, type BundleFile } from '../platform/import/bundle.ts';
import type { ImportContext } from '../platform/import/run.ts';
import { syncReported, type TableSpec } from '../platform/import/sync.ts';
import { CFD, COMMUNE, MEFSTAT11, UAI, count, fileHash, mergeRepeats, pad2, readMacRomanCsv } from './figures-import-read.ts';

export const DEMAND_FOLDER = 'formations-demande';
export const AFFELNET_FILE = /^attractivite_capacite_(\d{4})\.csv$/i;
export const PARCOURSUP_FILE = /^BTS_attractivite_capacite_(\d{4})\.csv$/i;
export const CONSTAT_FILE = /^constat_(\d{4})\.csv$/i;
export const PRIORITY_FILE = /^actions_prioritaires(.*)\.csv$/i;
export const OFFER_FILE = /^(\d{4})_\d{2}_\d{2}_AFFELNET\.csv$/i;

/** Floors, well under the published counts (Affelnet ≈ 19,700; Parcoursup 13,000-15,000; constat 44,446; priorities 525; offer 6,784). */
const FLOORS = { affelnet: 10_000, parcoursup: 8_000, constat: 30_000, priority: 300, offer: 4_000 };

const specs = {
  demand: (source: string, vintage: string): TableSpec => ({
    table: 'steering_demand',
    key: ['source', 'vintage', 'uai', 'mefstat11', 'statut'],
    columns: {
      source: 'text',
      vintage: 'text',
      uai: 'text',
      mefstat11: 'text',
      statut: 'text',
      label: 'text',
      cfd: 'text',
      capacity: 'int',
      wishes: 'int',
    },
    scope: sql`source = ${source} AND vintage = ${vintage}`,
    label: `places et vœux ${source} ${vintage}`,
  }),
  headcount: (vintage: string): TableSpec => ({
    table: 'steering_headcount',
    key: ['vintage', 'uai', 'mefstat11'],
    columns: { vintage: 'text', uai: 'text', mefstat11: 'text', pupils: 'int' },
    scope: sql`vintage = ${vintage}`,
    label: `effectifs du constat de rentrée ${vintage}`,
  }),
  priority: {
    table: 'steering_priority',
    key: ['region', 'cfd'],
    columns: { region: 'text', cfd: 'text', label: 'text', diplome: 'text' },
    label: 'formations prioritaires des régions',
  } satisfies TableSpec,
  uaiCommune: (source: string): TableSpec => ({
    table: 'steering_uai_commune',
    key: ['uai'],
    columns: { uai: 'text', commune: 'text', name: 'text', source: 'text' },
    scope: sql`source = ${source}`,
    label: 'communes des établissements',
  }),
  mefLabel: {
    table: 'steering_mef_label',
    key: ['mefstat11'],
    columns: { mefstat11: 'text', label: 'text', source: 'text' },
    label: 'libellés des formations (MEF_STAT_11)',
  } satisfies TableSpec,
};

export const demandFilesPresent = (dir: string): boolean =>
  [AFFELNET_FILE, PARCOURSUP_FILE, CONSTAT_FILE, PRIORITY_FILE, OFFER_FILE].some((p) => findFile(dir, DEMAND_FOLDER, p));

/** Labels per MEF_STAT_11 and where they come from, in order of precedence. */
type Labels = Map<string, { label: string; source: string }>;

export async function importDemand(ctx: ImportContext): Promise<void> {
  for (const file of findFiles(ctx.dir, DEMAND_FOLDER, AFFELNET_FILE)) await importAffelnet(ctx, file);
  // Parcoursup labels ("BTS - Production - Electrotechnique") are written out in full; the
  // Affelnet offer's are the BCN's abbreviated capitals ("MAINT.MATERIELS OPT.A AGRICOLES").
  // So Parcoursup wins, its newest year first, and the offer fills the MEF it does not list.
  const labels: Labels = new Map();
  for (const file of findFiles(ctx.dir, DEMAND_FOLDER, PARCOURSUP_FILE).reverse()) await importParcoursup(ctx, file, labels);
  for (const file of findFiles(ctx.dir, DEMAND_FOLDER, CONSTAT_FILE)) await importConstat(ctx, file);
  const priority = findFile(ctx.dir, DEMAND_FOLDER, PRIORITY_FILE);
  if (priority) await importPriority(ctx, priority);
  const offer = findFile(ctx.dir, DEMAND_FOLDER, OFFER_FILE);
  if (offer) await importOffer(ctx, offer, labels);
  if (labels.size) {
    const report = ctx.report('libellés des formations (MEF_STAT_11), de Parcoursup puis de l’offre Affelnet', `${labels.size} MEF`);
    report.read = labels.size;
    const rows = [...labels].map(([mefstat11, l]) => ({ mefstat11, ...l }));
    await syncReported(ctx, report, specs.mefLabel, rows);
    const bySource = new Map<string, number>();
    for (const r of rows) bySource.set(r.source, (bySource.get(r.source) ?? 0) + 1);
    report.note(`${rows.length} libellés : ${[...bySource].map(([s, n]) => `${n} de ${s}`).join(', ')}`);
    ctx.progress.done(report);
  }
}

type DemandRow = {
  line: number;
  uai: string;
  mefstat11: string;
  statut: 'scolaire' | 'apprentissage';
  label: string | null;
  cfd: string | null;
  capacity: number | null;
  wishes: number | null;
};

/**
 * One row per school × MEF × statut. Both files list one line per offer, and a school may open
 * the same MEF several times (Affelnet counts them in nb_apparitions_uai_mefstat: sections of
 * a 2nde commune, Parcoursup "parcours" of a BTS), each with its own capacity and wishes: the
 * figure of the school × MEF is their sum (capacity null only when no offer gives one). The
 * label kept is the shortest, the one without a parcours.
 */
function sumOffers(rows: DemandRow[], report: { note(text: string): void }): DemandRow[] {
  const byKey = new Map<string, DemandRow>();
  let merged = 0;
  const add = (a: number | null, b: number | null) => (a === null ? b : b === null ? a : a + b);
  for (const r of rows) {
    const key = `${r.uai}/${r.mefstat11}/${r.statut}`;
    const seen = byKey.get(key);
    if (!seen) {
      byKey.set(key, { ...r });
      continue;
    }
    merged++;
    seen.capacity = add(seen.capacity, r.capacity);
    seen.wishes = add(seen.wishes, r.wishes);
    if (r.label && (!seen.label || r.label.length < seen.label.length)) seen.label = r.label;
    seen.cfd ??= r.cfd;
  }
  if (merged) report.note(`${merged} offre(s) d’un même établissement × MEF × statut additionnée(s) à la première`);
  return [...byKey.values()];
}

function checkDemand(
  report: { reject(line: number, reason: string): void },
  line: number,
  uai: string,
  mef: string,
  capacity: number | null | undefined,
  wishes: number | null | undefined,
): boolean {
  if (!UAI.test(uai)) report.reject(line, `UAI « ${uai.slice(0, 20)} » invalide (7 chiffres et une lettre attendus)`);
  else if (!MEFSTAT11.test(mef)) report.reject(line, `MEF_STAT_11 « ${mef.slice(0, 20)} » invalide (11 caractères attendus)`);
  else if (capacity === undefined) report.reject(line, 'capacité non numérique');
  else if (wishes === undefined) report.reject(line, 'nombre de vœux non numérique');
  else return true;
  return false;
}

async function importAffelnet(ctx: ImportContext, file: BundleFile): Promise<void> {
  const vintage = file.token;
  const report = ctx.report(file.label, fileHash(file));
  const rows: DemandRow[] = [];
  const STATUTS: Record<string, DemandRow['statut']> = { ST: 'scolaire', AP: 'apprentissage' };
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    delimiter: ';',
    columns: ["Etablissement d'accueil", 'MEF STAT 11', 'Statut Offre de formation', 'Capacité carte scolaire', 'Demandes vœux 1'],
    floor: FLOORS.affelnet,
  })) {
    const uai = row["Etablissement d'accueil"].trim().toUpperCase();
    const mef = row['MEF STAT 11'].trim().toUpperCase();
    const capacity = count(row['Capacité carte scolaire']);
    const wishes = count(row['Demandes vœux 1']);
    if (!checkDemand(report, line, uai, mef, capacity, wishes)) continue;
    const statut = STATUTS[row['Statut Offre de formation'].trim()];
    if (!statut) {
      report.reject(line, `statut « ${row['Statut Offre de formation'].slice(0, 10)} » inconnu (ST ou AP attendu)`);
      continue;
    }
    rows.push({ line, uai, mefstat11: mef, statut, label: null, cfd: null, capacity: capacity ?? null, wishes: wishes ?? null });
  }
  const kept = sumOffers(rows, report);
  report.note(`Affelnet ${vintage} : ${kept.length} formations d’établissement (capacité et demandes en vœu 1)`);
  await syncReported(
    ctx,
    report,
    specs.demand('affelnet', vintage),
    kept.map((r) => ({ ...r, source: 'affelnet', vintage })),
  );
  ctx.progress.done(report);
}

const psupLabel = (label: string) =>
  label
    .replace(/\s+/g, ' ')
    .replace(/ - en apprentissage$/i, '')
    .trim();

async function importParcoursup(ctx: ImportContext, file: BundleFile, labels: Labels): Promise<void> {
  const vintage = file.token;
  const report = ctx.report(file.label, fileHash(file));
  const rows: DemandRow[] = [];
  const STATUTS: Record<string, DemandRow['statut']> = { scolaire: 'scolaire', apprentissage: 'apprentissage' };
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    delimiter: ';',
    columns: ['UAI', 'LIBELLÉFORMATION', 'MEFSTAT11', 'NB_VOEUX_CONFIRMES', 'STATUT', 'CAPACITEPSUP'],
    floor: FLOORS.parcoursup,
  })) {
    const uai = row.UAI.trim().toUpperCase();
    // 2023 also gives MEFSTAT11_old, the code before a renovation: MEFSTAT11 is the current one.
    const mef = row.MEFSTAT11.trim().toUpperCase();
    const capacity = count(row.CAPACITEPSUP);
    const wishes = count(row.NB_VOEUX_CONFIRMES);
    if (!checkDemand(report, line, uai, mef, capacity, wishes)) continue;
    const statut = STATUTS[row.STATUT.trim().toLowerCase()];
    if (!statut) {
      report.reject(line, `statut « ${row.STATUT.slice(0, 20)} » inconnu (Scolaire ou Apprentissage attendu)`);
      continue;
    }
    const cfd = (row['CFD rectifié'] ?? row.CFD ?? '').trim().toUpperCase();
    const label = psupLabel(row.LIBELLÉFORMATION) || null;
    rows.push({
      line,
      uai,
      mefstat11: mef,
      statut,
      label,
      cfd: CFD.test(cfd) ? cfd : null,
      capacity: capacity ?? null,
      wishes: wishes ?? null,
    });
  }
  const kept = sumOffers(rows, report);
  report.note(`Parcoursup ${vintage} : ${kept.length} BTS d’établissement (capacité et vœux confirmés)`);
  await syncReported(
    ctx,
    report,
    specs.demand('parcoursup', vintage),
    kept.map((r) => ({ ...r, source: 'parcoursup', vintage })),
  );
  // The label of a MEF: the shortest of the file (without a parcours), the newest file first.
  const mine = new Map<string, string>();
  for (const r of kept) {
    const seen = mine.get(r.mefstat11);
    if (r.label && (!seen || r.label.length < seen.length)) mine.set(r.mefstat11, r.label);
  }
  for (const [mef, label] of mine) if (!labels.has(mef)) labels.set(mef, { label, source: `parcoursup-${vintage}` });
  ctx.progress.done(report);
}

async function importConstat(ctx: ImportContext, file: BundleFile): Promise<void> {
  const report = ctx.report(file.label, fileHash(file));
  const rows: { line: number; vintage: string; uai: string; mefstat11: string; pupils: number }[] = [];
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    delimiter: ';',
    columns: ['Rentrée scolaire', 'UAI', 'Mef Bcp 11', "Nombre d'élèves : Total"],
    floor: FLOORS.constat,
  })) {
    const vintage = row['Rentrée scolaire'].trim();
    const uai = row.UAI.trim().toUpperCase();
    const mef = row['Mef Bcp 11'].trim().toUpperCase();
    const pupils = count(row["Nombre d'élèves : Total"]);
    if (vintage !== file.token) {
      report.reject(line, `rentrée « ${vintage.slice(0, 10)} » dans le constat de ${file.token}`);
      continue;
    }
    if (!checkDemand(report, line, uai, mef, 0, pupils)) continue;
    if (pupils == null) {
      report.reject(line, 'nombre d’élèves absent');
      continue;
    }
    rows.push({ line, vintage, uai, mefstat11: mef, pupils });
  }
  const kept = mergeRepeats(
    rows,
    (r) => `${r.uai}/${r.mefstat11}`,
    report,
    (r) => r.pupils,
  );
  report.note(
    `constat de rentrée ${file.token} : ${kept.length} formations d’établissement, ${kept.reduce((s, r) => s + r.pupils, 0)} élèves`,
  );
  await syncReported(ctx, report, specs.headcount(file.token), kept);
  ctx.progress.done(report);
}

async function importPriority(ctx: ImportContext, file: BundleFile): Promise<void> {
  const report = ctx.report(file.label, fileHash(file));
  const rows: { line: number; region: string; cfd: string; label: string; diplome: string | null }[] = [];
  for await (const { line, row } of rowsOf(ctx, file, report, {
    encoding: 'utf-8',
    delimiter: ';',
    columns: ['Formation', 'Diplôme', 'cfd', 'codeRegion'],
    floor: FLOORS.priority,
  })) {
    const region = pad2(row.codeRegion.trim());
    const cfd = row.cfd.trim().toUpperCase();
    const label = row.Formation.replace(/\s+/g, ' ').trim();
    if (!/^\d{2}$/.test(region)) {
      report.reject(line, `code région « ${row.codeRegion.slice(0, 10)} » invalide`);
      continue;
    }
    if (!CFD.test(cfd)) {
      report.reject(line, `code formation diplôme « ${cfd.slice(0, 20)} » invalide (8 caractères attendus)`);
      continue;
    }
    if (!label) {
      report.reject(line, `formation ${cfd} sans intitulé`);
      continue;
    }
    rows.push({ line, region, cfd, label, diplome: row.Diplôme.trim() || null });
  }
  const kept = mergeRepeats(
    rows,
    (r) => `${r.region}/${r.cfd}`,
    report,
    ({ line, ...v }) => v,
  );
  report.note(`${kept.length} formations prioritaires dans ${new Set(kept.map((r) => r.region)).size} régions`);
  await syncReported(ctx, report, specs.priority, kept);
  ctx.progress.done(report);
}

const OFFER_COLUMNS = [
  'UAI',
  'COMMUNE',
  'TYPE_ETABLISSEMENT',
  'MNEMONIQUE_FORMATION_ACCUEIL',
  'LIBELLE_FORMATION_ACCUEIL_BAN',
  'CODE_FORMATION_ACCUEIL_BAN',
  'CODE_COMMUNE_INSEE',
];

/**
 * The Affelnet offer of 2020. CODE_FORMATION_ACCUEIL_BAN is not a MEF_STAT_11: it is the BCN
 * code MEF (10 characters: dispositif, spécialité, durée, année) followed by one character
 * ('0', or 'A' for a few local apprenticeship codes), or "AFFECTATION" for offers without a
 * national training (a CFA's catch-all). Its MEF_STAT_11 comes from the BCN (bcn_mef, imported
 * by the referentials); its label is the BCN short label without the leading mnemonic
 * ("1CAP2  MAINT.MATERIELS OPT.A AGRICOLES" → "MAINT.MATERIELS OPT.A AGRICOLES").
 */
async function importOffer(ctx: ImportContext, file: BundleFile, labels: Labels): Promise<void> {
  const source = `affelnet-${file.token}`;
  const report = ctx.report(file.label, `${fileHash(file)}, Mac Roman`);
  const { rows: mefs } = await sql<{ mef: string; mef_stat_11: string }>`
    SELECT mef, mef_stat_11 FROM bcn_mef WHERE mef_stat_11 IS NOT NULL`.execute(ctx.trx);
  const statOf = new Map(mefs.map((m) => [m.mef, m.mef_stat_11]));
  const schools = new Map<string, { line: number; uai: string; commune: string; name: string | null; source: string }>();
  const offered = new Map<string, string>();
  let noCode = 0;
  const unknown = new Set<string>();
  for (const { line, row } of readMacRomanCsv(ctx, file, report, OFFER_COLUMNS, FLOORS.offer)) {
    const uai = row.UAI.toUpperCase();
    const commune = row.CODE_COMMUNE_INSEE.toUpperCase();
    if (!UAI.test(uai)) {
      report.reject(line, `UAI « ${uai.slice(0, 20)} » invalide (7 chiffres et une lettre attendus)`);
      continue;
    }
    if (!COMMUNE.test(commune)) {
      report.reject(line, `${uai} : code commune « ${commune.slice(0, 20)} » invalide`);
      continue;
    }
    // Every offer line repeats its school: one row per UAI, a line placing it elsewhere rejected.
    const first = schools.get(uai);
    if (first && first.commune !== commune) {
      report.reject(line, `${uai} placé dans la commune ${commune}, mais dans ${first.commune} ligne ${first.line}`);
      continue;
    }
    const type = row.TYPE_ETABLISSEMENT.replace(/\s+/g, ' ');
    const town = row.COMMUNE.replace(/\s+/g, ' ');
    if (!first) schools.set(uai, { line, uai, commune, name: [type, town].filter(Boolean).join(', ') || null, source });
    const code = row.CODE_FORMATION_ACCUEIL_BAN.toUpperCase();
    if (!/^[0-9A-Z]{10}[0-9A-Z]$/.test(code) || code === 'AFFECTATION') {
      noCode++;
      continue;
    }
    const stat = statOf.get(code.slice(0, 10));
    if (!stat) {
      unknown.add(code);
      continue;
    }
    const raw = row.LIBELLE_FORMATION_ACCUEIL_BAN.replace(/\s+/g, ' ');
    const mnemonic = row.MNEMONIQUE_FORMATION_ACCUEIL.replace(/\s+/g, ' ');
    const label = (raw.startsWith(`${mnemonic} `) ? raw.slice(mnemonic.length) : raw.replace(/^\S+\s+/, '')).trim();
    if (label && !offered.has(stat)) offered.set(stat, label);
  }
  const kept = [...schools.values()];
  report.note(`${kept.length} établissements placés dans leur commune`);
  report.note(
    `${noCode} offre(s) sans code de formation national (« AFFECTATION ») ; ` +
      `${unknown.size} code(s) MEF absent(s) de la BCN, sans libellé${unknown.size ? ` : ${[...unknown].sort().slice(0, 10).join(', ')}` : ''}`,
  );
  await syncReported(ctx, report, specs.uaiCommune(source), kept);
  for (const [stat, label] of offered) if (!labels.has(stat)) labels.set(stat, { label, source });
  ctx.progress.done(report);
}
