/**
 * Labour market: InserJeunes outcomes (`insertion/`), DARES tensions, FAP ↔ ROME, tensions by ROME
 * × bassin BMO and INSEE unemployment (`marche-travail/`).
 *
 * Files are found by pattern (the sample's `-exemple` names too). Each file stands alone: one
 * missing from the bundle leaves its table as it is (a bundle may bring only this year's
 * tensions). Row faults are rejected with their line; structural faults abort the whole import.
 * Every row is stored with its source, vintage and geographic level (see migrations.ts), taken
 * from the file's content (Année, millésime, niveau_geo) or name (millésime of the DEPP files).
 */
import { sql } from 'kysely';
import type { ImportContext, ImportSource } from '../platform/import/run.ts';
import { uniqueByKey } from '../platform/import/sync.ts';
import {
  decimal,
  Fields,
  findFiles,
  integer,
  Pending,
  percent,
  quintile,
  range,
  rowsOf,
  sample,
  sync,
  text,
  type BundleFile,
} from './files.ts';
import { foldWords } from '../common/text.ts';
import { REGION_CODE, ROME_CODE } from '../common/codes.ts';

const INSERTION = 'insertion';
const MARCHE = 'marche-travail';

const PATTERNS = {
  ijRegion: /^ij_region_data.*\.csv$/i,
  ijEtablissement: /^depp-\d{4}-etablissements-(\d{4}_\d{4})-(apprentissage|pro)(?:[-_.].*)?\.csv$/i,
  tensions: /^dares_tensions.*\.csv$/i,
  tensionSerie: /^dares_evol_tensions.*\.csv$/i,
  fapRome: /^dares_fap225_rome.*\.csv$/i,
  romeBassin: /tension_rome_bassin.*\.csv$/i,
  chomageDep: /^chomage_departemental.*\.csv$/i,
  chomageReg: /^chomage_regional.*\.csv$/i,
};

/** Source of each kind of figure, as shown next to it. */
export const SOURCES = {
  ijRegion: 'InserJeunes (DEPP – DARES), indicateurs régionaux par formation',
  ijCfa: 'InserJeunes (DEPP), indicateurs par CFA',
  ijLycee: 'InserJeunes (DEPP), indicateurs par lycée professionnel',
  tensions: (year: string) => `DARES – France Travail, tensions ${year}`,
  tensionSerie: 'DARES – France Travail, série nationale de l’indicateur de tension',
  romeBassin: (year: string) => `France Travail, tensions par métier ROME et bassin BMO ${year}`,
  chomage: 'INSEE, taux de chômage',
};

export const labourMarketSource: ImportSource = {
  name: 'marche-travail',
  present: (dir) =>
    [PATTERNS.ijRegion, PATTERNS.ijEtablissement].some((p) => findFiles(dir, INSERTION, p).length > 0) ||
    [PATTERNS.tensions, PATTERNS.tensionSerie, PATTERNS.fapRome, PATTERNS.romeBassin, PATTERNS.chomageDep, PATTERNS.chomageReg].some(
      (p) => findFiles(dir, MARCHE, p).length > 0,
    ),
  run: importLabourMarket,
};

async function importLabourMarket(ctx: ImportContext): Promise<void> {
  for (const f of findFiles(ctx.dir, INSERTION, PATTERNS.ijRegion)) await importIjRegion(ctx, f);
  for (const f of findFiles(ctx.dir, INSERTION, PATTERNS.ijEtablissement)) await importIjEtablissement(ctx, f);
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.fapRome)) await importFapRome(ctx, f);
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.tensions)) await importTensions(ctx, f);
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.tensionSerie)) await importTensionSerie(ctx, f);
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.romeBassin)) await importRomeBassin(ctx, f);
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.chomageDep)) await importChomage(ctx, f, 'dep');
  for (const f of findFiles(ctx.dir, MARCHE, PATTERNS.chomageReg)) await importChomage(ctx, f, 'reg');
  await sql`ANALYZE inserjeunes_region, inserjeunes_etablissement, fap_rome, dares_tension, dares_tension_serie,
    tension_rome_bassin, chomage`.execute(ctx.trx);
}

type Row = Record<string, unknown> & { line: number };

const PROVENANCE_COLUMNS = { source: 'text', vintage: 'text', geo_level: 'text', geo_code: 'text' } as const;
const MILLESIME = /^\d{4}_\d{4}$/;
const DEPARTEMENT_CODE = /^(\d{2}|2[AB]|\d{3})$/;

// ---- InserJeunes ----------------------------------------------------------------------------

const IJ_COUNTS = [
  'nb_annee_term',
  'nb_poursuite_etudes',
  'nb_sortant',
  'nb_en_emploi_6_mois',
  'nb_en_emploi_12_mois',
  'nb_en_emploi_18_mois',
  'nb_en_emploi_24_mois',
];
const IJ_RATES = ['taux_emploi_6_mois', 'taux_emploi_12_mois', 'taux_emploi_18_mois', 'taux_emploi_24_mois', 'taux_poursuite_etudes'];

async function importIjRegion(ctx: ImportContext, file: BundleFile): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  const columns = ['id', 'millesime', 'code_region_ij', 'code_region', 'voie', 'cfd', 'mefstat11', ...IJ_COUNTS, ...IJ_RATES];
  for await (const { line, row } of rowsOf(ctx, file, pending, { encoding: 'utf-8', delimiter: ';', columns })) {
    const id = row.id.trim();
    const millesime = row.millesime.trim();
    const region = row.code_region.trim();
    const voie = row.voie.trim();
    const cfd = text(row.cfd);
    const mefstat11 = text(row.mefstat11);
    if (!id) {
      pending.reject(line, 'identifiant (id) vide');
      continue;
    }
    if (!MILLESIME.test(millesime)) {
      pending.reject(line, `millésime invalide « ${row.millesime} » (attendu AAAA_AAAA)`);
      continue;
    }
    if (!REGION_CODE.test(region)) {
      pending.reject(line, `code région invalide « ${row.code_region} » (2 chiffres attendus)`);
      continue;
    }
    if (
      voie === 'apprentissage'
        ? !cfd || !/^[0-9A-Z]{8}$/.test(cfd)
        : voie === 'scolaire'
          ? !mefstat11 || !/^[0-9A-Z]{11}$/.test(mefstat11)
          : true
    ) {
      pending.reject(
        line,
        voie === 'apprentissage'
          ? `CFD invalide « ${row.cfd} » pour la voie apprentissage (8 caractères attendus)`
          : voie === 'scolaire'
            ? `MEF_STAT_11 invalide « ${row.mefstat11} » pour la voie scolaire (11 caractères attendus)`
            : `voie inattendue « ${row.voie} » (attendu scolaire ou apprentissage)`,
      );
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      id,
      source: SOURCES.ijRegion,
      vintage: millesime,
      geo_level: 'reg',
      geo_code: region,
      code_region_ij: text(row.code_region_ij),
      voie,
      cfd: voie === 'apprentissage' ? cfd : null,
      mefstat11: voie === 'scolaire' ? mefstat11 : null,
    };
    for (const c of IJ_COUNTS) r[c] = f.get(c, integer, 'effectif');
    for (const c of IJ_RATES) r[c] = f.get(c, percent, 'taux (0 à 100)');
    if (f.failed) continue;
    if (
      (r.nb_sortant as number | null) !== null &&
      (r.nb_en_emploi_6_mois as number | null) !== null &&
      (r.nb_en_emploi_6_mois as number) > (r.nb_sortant as number)
    ) {
      pending.reject(line, `plus de sortants en emploi à 6 mois (${r.nb_en_emploi_6_mois}) que de sortants (${r.nb_sortant})`);
      continue;
    }
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => String(r.id), pending.reject);
  const regions = new Map<string, number>();
  for (const r of kept) regions.set(String(r.geo_code), (regions.get(String(r.geo_code)) ?? 0) + 1);
  pending.notes.push(
    `${kept.length} lignes dans ${regions.size} régions ; taux publiés tels quels (non publiés sous 20 sortants ou 20 élèves d'année terminale)`,
  );
  const report = pending.open(ctx, file, `InserJeunes, millésimes ${range(kept.map((r) => String(r.vintage)))}`);
  await sync(
    ctx,
    report,
    {
      table: 'inserjeunes_region',
      key: ['id'],
      columns: {
        id: 'text',
        ...PROVENANCE_COLUMNS,
        code_region_ij: 'text',
        voie: 'text',
        cfd: 'text',
        mefstat11: 'text',
        ...Object.fromEntries(IJ_COUNTS.map((c) => [c, 'int'])),
        ...Object.fromEntries(IJ_RATES.map((c) => [c, 'smallint'])),
      },
    },
    kept,
  );
  ctx.progress.done(report);
}

/** Current régions by folded name, for the DEPP files that name them ("PAYS DE LA LOIRE"). */
const REGIONS: Record<string, string> = Object.fromEntries(
  Object.entries({
    '01': 'Guadeloupe',
    '02': 'Martinique',
    '03': 'Guyane',
    '04': 'La Réunion',
    '06': 'Mayotte',
    '11': 'Île-de-France',
    '24': 'Centre-Val de Loire',
    '27': 'Bourgogne-Franche-Comté',
    '28': 'Normandie',
    '32': 'Hauts-de-France',
    '44': 'Grand Est',
    '52': 'Pays de la Loire',
    '53': 'Bretagne',
    '75': 'Nouvelle-Aquitaine',
    '76': 'Occitanie',
    '84': 'Auvergne-Rhône-Alpes',
    '93': "Provence-Alpes-Côte d'Azur",
    '94': 'Corse',
  }).map(([code, name]) => [foldWords(name), code]),
);

const ETAB_COLUMNS = {
  uai: "n°UAI de l'établissement",
  label: "Libellé de l'établissement",
  region: 'Région',
  segment: 'Dont apprentis en EPLE',
  tauxPoursuite: "Taux de poursuite d'études",
  taux: 'Taux',
  attendu: 'Taux attendu',
  valeurAjoutee: 'Valeur ajoutée',
  partPoursuite: "Part en poursuite d'études",
  partEmploi: 'Part en emploi 6 mois après la sortie',
  partAutres: 'Part des autres situations',
};

/** One DEPP file: millésime and voie from its name (depp-2022-etablissements-2022_2023-pro.csv). */
async function importIjEtablissement(ctx: ImportContext, file: BundleFile): Promise<void> {
  const millesime = file.match[1];
  const voie = file.match[2].toLowerCase();
  const source = voie === 'apprentissage' ? SOURCES.ijCfa : SOURCES.ijLycee;
  const c = ETAB_COLUMNS;
  const columns = [
    c.uai,
    c.label,
    c.region,
    c.tauxPoursuite,
    c.taux,
    c.attendu,
    c.valeurAjoutee,
    c.partPoursuite,
    c.partEmploi,
    c.partAutres,
  ];
  if (voie === 'pro') columns.push(c.segment);
  const pending = new Pending();
  const out: Row[] = [];
  const unknownRegions = new Set<string>();
  const nd = ['nd'];
  const pct = (v: string | undefined) => percent(v, nd);
  for await (const { line, row } of rowsOf(ctx, file, pending, { encoding: 'utf-8', delimiter: ';', columns })) {
    const uai = row[c.uai].trim().toUpperCase();
    if (!/^\d{7}[A-Z]$/.test(uai)) {
      pending.reject(line, `UAI invalide « ${row[c.uai]} » (7 chiffres et une lettre attendus)`);
      continue;
    }
    const label = text(row[c.label]);
    if (!label) {
      pending.reject(line, `établissement ${uai} sans libellé`);
      continue;
    }
    const regionLabel = text(row[c.region]);
    const region = regionLabel ? (REGIONS[foldWords(regionLabel)] ?? null) : null;
    if (regionLabel && !region) unknownRegions.add(regionLabel);
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      source,
      vintage: millesime,
      geo_level: 'etablissement',
      geo_code: uai,
      voie,
      segment: voie === 'pro' ? (text(row[c.segment]) ?? 'ensemble') : 'ensemble',
      label,
      region,
      region_label: regionLabel,
      taux_poursuite_etudes: f.get(c.tauxPoursuite, pct, 'taux'),
      taux_emploi_6_mois: f.get(c.taux, pct, 'taux'),
      taux_emploi_6_mois_attendu: f.get(c.attendu, pct, 'taux'),
      valeur_ajoutee: f.get(c.valeurAjoutee, (v) => integer(v, nd), 'valeur ajoutée'),
      part_poursuite_etudes: f.get(c.partPoursuite, pct, 'part'),
      part_emploi_6_mois: f.get(c.partEmploi, pct, 'part'),
      part_autres_situations: f.get(c.partAutres, pct, 'part'),
    };
    if (f.failed) continue;
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => `${r.geo_code}|${r.segment}`, pending.reject);
  if (unknownRegions.size) pending.notes.push(`région(s) non reconnue(s), code région laissé vide : ${sample(unknownRegions)}`);
  const report = pending.open(
    ctx,
    file,
    `InserJeunes par établissement, millésime ${millesime} (${voie === 'pro' ? 'lycées professionnels' : 'CFA'})`,
  );
  await sync(
    ctx,
    report,
    {
      table: 'inserjeunes_etablissement',
      key: ['geo_code', 'vintage', 'voie', 'segment'],
      scope: sql`t.vintage = ${millesime} AND t.voie = ${voie}`,
      columns: {
        ...PROVENANCE_COLUMNS,
        voie: 'text',
        segment: 'text',
        label: 'text',
        region: 'text',
        region_label: 'text',
        taux_poursuite_etudes: 'smallint',
        taux_emploi_6_mois: 'smallint',
        taux_emploi_6_mois_attendu: 'smallint',
        valeur_ajoutee: 'smallint',
        part_poursuite_etudes: 'smallint',
        part_emploi_6_mois: 'smallint',
        part_autres_situations: 'smallint',
      },
    },
    kept,
  );
  ctx.progress.done(report);
}

// ---- DARES ----------------------------------------------------------------------------------

const FAP = /^[A-Z]\d[A-Z](\d{2})?$/;

/** FAP 2009 ↔ ROME v3 (Windows-1252). Families without a ROME code ("NA") and blank lines are skipped. */
async function importFapRome(ctx: ImportContext, file: BundleFile): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  let blank = 0;
  const withoutRome = new Set<string>();
  for await (const { line, row } of rowsOf(ctx, file, pending, {
    encoding: 'windows-1252',
    delimiter: ';',
    columns: ['Fap', 'Rome', 'intitule_rome'],
  })) {
    const fap = row.Fap.trim();
    const rome = row.Rome.trim();
    if (!fap && !rome && !row.intitule_rome.trim()) {
      blank++;
      continue;
    }
    if (!FAP.test(fap)) {
      pending.reject(line, `code FAP invalide « ${row.Fap} » (ex. S0Z42)`);
      continue;
    }
    if (rome === 'NA' || rome === '') {
      withoutRome.add(fap);
      continue;
    }
    if (!ROME_CODE.test(rome)) {
      pending.reject(line, `code ROME invalide « ${row.Rome} » (une lettre de A à N et 4 chiffres attendus)`);
      continue;
    }
    const published = row.intitule_rome.trim();
    const marker = /\s*(\*+)$/.exec(published);
    out.push({ line, fap, rome, rome_label: text(marker ? published.slice(0, marker.index) : published), marker: marker?.[1] ?? null });
  }
  const kept = uniqueByKey(out, (r) => `${r.fap}|${r.rome}`, pending.reject);
  if (blank) pending.notes.push(`${blank} ligne(s) vide(s) (;;) ignorée(s)`);
  if (withoutRome.size) pending.notes.push(`${withoutRome.size} FAP sans code ROME (NA) : ${sample(withoutRome)}`);
  const unknown = await unknownRomes(
    ctx,
    kept.map((r) => String(r.rome)),
  );
  if (unknown.length)
    pending.notes.push(`${unknown.length} code(s) ROME absent(s) des fiches ROME importées, conservé(s) : ${sample(unknown)}`);
  const report = pending.open(ctx, file, `Correspondance FAP 2009 – ROME v3 (DARES), ${new Set(kept.map((r) => r.fap)).size} FAP`);
  await sync(
    ctx,
    report,
    {
      table: 'fap_rome',
      key: ['fap', 'rome'],
      columns: { fap: 'text', rome: 'text', rome_label: 'text', marker: 'text' },
    },
    kept,
  );
  ctx.progress.done(report);
}

/** ROME codes not among the imported fiches (none imported: no check, nothing said). */
async function unknownRomes(ctx: ImportContext, codes: string[]): Promise<string[]> {
  const { rows } = await sql<{ code: string }>`
    SELECT DISTINCT c AS code FROM unnest(${[...new Set(codes)]}::text[]) AS c
    WHERE EXISTS (SELECT 1 FROM rome_fiche) AND NOT EXISTS (SELECT 1 FROM rome_fiche f WHERE f.code = c)`.execute(ctx.trx);
  return rows.map((r) => r.code);
}

const TENSION_COLUMNS = {
  fap: 'fap',
  emploi: 'Emploi moyen',
  tension: 'Tension',
  categorie: 'Catégorie Tension',
  intensite_embauches: "Intensité d'embauches",
  lien_formation_emploi: 'Lien formation-emploi',
  manque_main_oeuvre: "Manque de main-d'œuvre disponible",
  non_durabilite: "Non-durabilité de l'emploi",
  conditions_travail: 'Conditions de travail contraignantes',
  inadequation_geo: 'Inadéquation géographique',
  annee: 'Année',
  niveauGeo: 'niveau_geo',
  niveauFap: 'niveau_fap',
  reg: 'reg',
  dep: 'dep',
};

const COMPONENTS = [
  'intensite_embauches',
  'lien_formation_emploi',
  'manque_main_oeuvre',
  'non_durabilite',
  'conditions_travail',
  'inadequation_geo',
] as const;

/** "52.0" (written as a float by the publication) → "52"; "1.0" → "01". */
function regionCode(value: string): string | undefined {
  const m = /^(\d{1,2})(?:\.0+)?$/.exec(value.trim());
  return m ? m[1].padStart(2, '0') : undefined;
}

async function importTensions(ctx: ImportContext, file: BundleFile): Promise<void> {
  const c = TENSION_COLUMNS;
  const pending = new Pending();
  const out: Row[] = [];
  for await (const { line, row } of rowsOf(ctx, file, pending, { encoding: 'utf-8', delimiter: ',', columns: Object.values(c) })) {
    const fap = row[c.fap].trim();
    if (!FAP.test(fap)) {
      pending.reject(line, `code FAP invalide « ${row[c.fap]} »`);
      continue;
    }
    const year = row[c.annee].trim();
    if (!/^\d{4}$/.test(year)) {
      pending.reject(line, `année invalide « ${row[c.annee]} »`);
      continue;
    }
    // The file writes "reg " with a trailing space for the FAP 87 rows.
    const level = row[c.niveauGeo].trim();
    let geoCode: string | undefined;
    if (level === 'nat') geoCode = 'FR';
    else if (level === 'reg') geoCode = regionCode(row[c.reg]);
    else if (level === 'dep') geoCode = DEPARTEMENT_CODE.test(row[c.dep].trim()) ? row[c.dep].trim() : undefined;
    else {
      pending.reject(line, `niveau géographique inattendu « ${row[c.niveauGeo]} » (attendu nat, reg ou dep)`);
      continue;
    }
    if (!geoCode) {
      pending.reject(line, `code ${level === 'reg' ? 'région' : 'département'} invalide « ${level === 'reg' ? row[c.reg] : row[c.dep]} »`);
      continue;
    }
    const nomenclature = /^fap\s*(\d+)$/i.exec(row[c.niveauFap].trim());
    if (!nomenclature) {
      pending.reject(line, `nomenclature FAP inattendue « ${row[c.niveauFap]} » (attendu fap 225 ou fap 87)`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      source: SOURCES.tensions(year),
      vintage: year,
      geo_level: level,
      geo_code: geoCode,
      nomenclature: `FAP ${nomenclature[1]}`,
      fap,
      emploi_moyen: f.get(c.emploi, integer, 'emploi moyen'),
      tension: f.get(c.tension, (v) => decimal(v, ['NA']), 'indicateur de tension'),
      categorie: f.get(c.categorie, quintile, 'catégorie (1 à 5)'),
    };
    for (const k of COMPONENTS) r[k] = f.get(c[k], quintile, 'composante (1 à 5)');
    if (f.failed) continue;
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => `${r.fap}|${r.geo_level}|${r.geo_code}|${r.vintage}`, pending.reject);
  const levels = new Map<string, number>();
  for (const r of kept) levels.set(String(r.geo_level), (levels.get(String(r.geo_level)) ?? 0) + 1);
  pending.notes.push(
    `niveaux : ${[...levels].map(([l, n]) => `${l} ${n}`).join(', ')} ; ` +
      `${kept.filter((r) => r.tension === null).length} ligne(s) sans indicateur de tension, ` +
      `${kept.filter((r) => r.tension !== null && r.intensite_embauches === null).length} sans composantes (non publiées)`,
  );
  const years = range(kept.map((r) => String(r.vintage)));
  const report = pending.open(ctx, file, `DARES – France Travail, tensions ${years}`);
  await sync(
    ctx,
    report,
    {
      table: 'dares_tension',
      key: ['fap', 'geo_level', 'geo_code', 'vintage'],
      scope: sql`t.vintage = ANY(${[...new Set(kept.map((r) => String(r.vintage)))]}::text[])`,
      columns: {
        ...PROVENANCE_COLUMNS,
        nomenclature: 'text',
        fap: 'text',
        emploi_moyen: 'int',
        tension: 'float8',
        categorie: 'smallint',
        ...Object.fromEntries(COMPONENTS.map((k) => [k, 'smallint'])),
      },
    },
    kept,
  );
  ctx.progress.done(report);
}

async function importTensionSerie(ctx: ImportContext, file: BundleFile): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  for await (const { line, row } of rowsOf(ctx, file, pending, {
    encoding: 'utf-8',
    delimiter: ',',
    columns: ['fap', 'Tension', 'Année'],
  })) {
    const fap = row.fap.trim();
    const year = row['Année'].trim();
    if (!FAP.test(fap)) {
      pending.reject(line, `code FAP invalide « ${row.fap} »`);
      continue;
    }
    if (!/^\d{4}$/.test(year)) {
      pending.reject(line, `année invalide « ${row['Année']} »`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const tension = f.get('Tension', (v) => decimal(v, ['NA']), 'indicateur de tension');
    if (f.failed) continue;
    out.push({
      line,
      source: SOURCES.tensionSerie,
      vintage: year,
      geo_level: 'nat',
      geo_code: 'FR',
      nomenclature: fap.length === 3 ? 'FAP 87' : 'FAP 225',
      fap,
      tension,
    });
  }
  const kept = uniqueByKey(out, (r) => `${r.fap}|${r.vintage}`, pending.reject);
  const report = pending.open(ctx, file, `DARES – France Travail, série nationale ${range(kept.map((r) => String(r.vintage)))}`);
  await sync(
    ctx,
    report,
    {
      table: 'dares_tension_serie',
      key: ['fap', 'geo_level', 'geo_code', 'vintage'],
      columns: { ...PROVENANCE_COLUMNS, nomenclature: 'text', fap: 'text', tension: 'float8' },
    },
    kept,
  );
  ctx.progress.done(report);
}

// ---- ROME × bassin BMO ----------------------------------------------------------------------

const BASSIN_INDICATORS = {
  tension: 'ind_tension_d',
  intensite_embauches: 'ind_int_emb_d',
  manque_main_oeuvre: 'ind_main_oeuvre_d',
  non_durabilite: 'ind_dur_empl_d',
  conditions_travail: 'ind_cond_travail_d',
  inadequation_geo: 'ind_mismatch_geo_d',
  lien_formation_emploi: 'ind_specif_form_empl_d',
};

async function importRomeBassin(ctx: ImportContext, file: BundleFile): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  const columns = ['annee', 'ROME', 'cbassin', 'oee', 'defm_abc', ...Object.values(BASSIN_INDICATORS)];
  for await (const { line, row } of rowsOf(ctx, file, pending, { encoding: 'utf-8', delimiter: ';', columns })) {
    const year = row.annee.trim();
    const rome = row.ROME.trim();
    const bassin = row.cbassin.trim();
    if (!/^\d{4}$/.test(year)) {
      pending.reject(line, `année invalide « ${row.annee} »`);
      continue;
    }
    if (!ROME_CODE.test(rome)) {
      pending.reject(line, `code ROME invalide « ${row.ROME} » (une lettre de A à N et 4 chiffres attendus)`);
      continue;
    }
    if (!/^[0-9A-Z]{1,10}$/i.test(bassin)) {
      pending.reject(line, `code de bassin BMO invalide « ${row.cbassin} »`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const r: Row = {
      line,
      source: SOURCES.romeBassin(year),
      vintage: year,
      geo_level: 'bassin',
      geo_code: bassin,
      rome,
      offres: f.get('oee', (v) => decimal(v, ['NA']), 'nombre d’offres'),
      demandeurs: f.get('defm_abc', (v) => decimal(v, ['NA']), 'nombre de demandeurs'),
    };
    for (const [k, column] of Object.entries(BASSIN_INDICATORS)) r[k] = f.get(column, quintile, 'indicateur (1 à 5)');
    if (f.failed) continue;
    out.push(r);
  }
  const kept = uniqueByKey(out, (r) => `${r.rome}|${r.geo_code}|${r.vintage}`, pending.reject);
  const unknown = await unknownRomes(
    ctx,
    kept.map((r) => String(r.rome)),
  );
  if (unknown.length)
    pending.notes.push(`${unknown.length} code(s) ROME absent(s) des fiches ROME importées, conservé(s) : ${sample(unknown)}`);
  const { rows: missing } = await sql<{ code: string }>`
    SELECT DISTINCT c AS code FROM unnest(${[...new Set(kept.map((r) => String(r.geo_code)))]}::text[]) AS c
    WHERE EXISTS (SELECT 1 FROM bassin_bmo) AND NOT EXISTS (SELECT 1 FROM bassin_bmo b WHERE b.code = c)`.execute(ctx.trx);
  if (missing.length)
    pending.notes.push(
      `${missing.length} bassin(s) BMO absent(s) de la liste des bassins importée, conservé(s) : ${sample(missing.map((m) => m.code))}`,
    );
  const years = [...new Set(kept.map((r) => String(r.vintage)))];
  const report = pending.open(ctx, file, `Tensions par ROME et bassin BMO ${range(years)}`);
  await sync(
    ctx,
    report,
    {
      table: 'tension_rome_bassin',
      key: ['rome', 'geo_level', 'geo_code', 'vintage'],
      scope: sql`t.vintage = ANY(${years}::text[])`,
      columns: {
        ...PROVENANCE_COLUMNS,
        rome: 'text',
        offres: 'float8',
        demandeurs: 'float8',
        ...Object.fromEntries(Object.keys(BASSIN_INDICATORS).map((k) => [k, 'smallint'])),
      },
    },
    kept,
  );
  ctx.progress.done(report);
}

// ---- INSEE unemployment ---------------------------------------------------------------------

/** "044" (3 digits in the file) → "44"; "02A" → "2A"; overseas "971" stays. */
export function departementCode(value: string): string | undefined {
  const v = value.trim().toUpperCase();
  const short = /^0(\d{2}|2[AB])$/.exec(v)?.[1] ?? v;
  return DEPARTEMENT_CODE.test(short) ? short : undefined;
}

async function importChomage(ctx: ImportContext, file: BundleFile, level: 'dep' | 'reg'): Promise<void> {
  const pending = new Pending();
  const out: Row[] = [];
  const codeColumn = level === 'dep' ? 'codeDepartement' : 'codeRegion';
  const columns = [codeColumn, 'rentreeScolaire', 'tauxChomage', ...(level === 'dep' ? ['libelleDepartement'] : [])];
  for await (const { line, row } of rowsOf(ctx, file, pending, { encoding: 'utf-8', delimiter: ';', columns })) {
    const code =
      level === 'dep' ? departementCode(row[codeColumn]) : REGION_CODE.test(row[codeColumn].trim()) ? row[codeColumn].trim() : undefined;
    if (!code) {
      pending.reject(line, `code ${level === 'dep' ? 'département' : 'région'} invalide « ${row[codeColumn]} »`);
      continue;
    }
    const year = row.rentreeScolaire.trim();
    if (!/^\d{4}$/.test(year)) {
      pending.reject(line, `année invalide « ${row.rentreeScolaire} » (rentreeScolaire)`);
      continue;
    }
    const f = new Fields(row, line, pending.reject);
    const taux = f.get('tauxChomage', decimal, 'taux de chômage');
    if (f.failed) continue;
    if (taux === null || taux < 0 || taux > 100) {
      pending.reject(line, `taux de chômage ${taux === null ? 'vide' : `hors de 0 à 100 : ${taux}`}`);
      continue;
    }
    out.push({
      line,
      source: SOURCES.chomage,
      vintage: year,
      geo_level: level,
      geo_code: code,
      label: level === 'dep' ? text(row.libelleDepartement) : null,
      taux,
    });
  }
  const kept = uniqueByKey(out, (r) => `${r.geo_code}|${r.vintage}`, pending.reject);
  const report = pending.open(
    ctx,
    file,
    `INSEE, taux de chômage par ${level === 'dep' ? 'département' : 'région'}, ${range(kept.map((r) => String(r.vintage)))}`,
  );
  await sync(
    ctx,
    report,
    {
      table: 'chomage',
      key: ['geo_level', 'geo_code', 'vintage'],
      scope: sql`t.geo_level = ${level}`,
      columns: { ...PROVENANCE_COLUMNS, label: 'text', taux: 'float8' },
    },
    kept,
  );
  ctx.progress.done(report);
}
