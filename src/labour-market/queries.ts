/**
 * Labour-market queries for the rest of the platform. Every figure they return carries its
 * provenance (source, vintage, geographic level and code), read from the row itself.
 */
import { sql, type Kysely } from 'kysely';
import type { LabourMarketSchema } from './db.ts';
import type { LabourMarketTables, Provenance as TableProvenance } from './tables.ts';
import {
  certificationsForRome,
  type CertificationForRome,
  type LinkStrength,
  getCertification,
  mefStat11ForCfds,
  bcnDiplomes,
  cfdForMefStat11,
} from '../referentials/certifications/index.ts';
import { referentialDb } from '../referentials/db.ts';

type Db = Kysely<LabourMarketSchema>;

export type GeoLevel = 'nat' | 'reg' | 'dep' | 'bassin' | 'ze' | 'etablissement';

/** Where a figure comes from. */
export interface Provenance {
  source: string;
  /** Year ("2019") or InserJeunes millésime ("2022_2023": leavers of those two years pooled). */
  vintage: string;
  geoLevel: GeoLevel;
  /** INSEE code of the région or département, "FR", bassin BMO code or UAI. */
  geoCode: string;
}

const PROVENANCE = sql`source, vintage, geo_level AS "geoLevel", geo_code AS "geoCode"`;

/** How to read the tension figures (shown next to them). */
export const TENSION_SCALES = {
  tension:
    'Indicateur principal de tension DARES – France Travail : centré-réduit sur la période de référence 2014-2018 ' +
    '(0 = tension moyenne de la période ; plus la valeur est élevée, plus les recrutements sont difficiles).',
  categorie: 'Classe de tension de 1 (très faible) à 5 (très forte).',
  composantes: 'Classes de 1 à 5 (quintiles de la distribution 2014-2018) ; 5 = contribution la plus forte à la tension.',
  bassin:
    'Indicateurs par bassin BMO en classes de 1 (faible) à 5 (forte) ; offres et demandeurs d’emploi (catégories A, B, C) tels que publiés (moyennes).',
};

export const PUBLICATION_THRESHOLD = 20;

// ---- tensions -------------------------------------------------------------------------------

export interface TensionComponents extends Provenance {
  intensiteEmbauches: number | null;
  lienFormationEmploi: number | null;
  manqueMainOeuvre: number | null;
  nonDurabilite: number | null;
  conditionsTravail: number | null;
  inadequationGeographique: number | null;
}

export interface FapTension extends Provenance {
  fap: string;
  nomenclature: string;
  emploiMoyen: number | null;
  /** Main indicator (centred and reduced); null when not published at any level. */
  tension: number | null;
  categorie: number | null;
  /**
   * The six components, at the finest level where they are published (often the région when
   * the département has only the main indicator): their own provenance says which.
   */
  composantes: TensionComponents | null;
  /** National series of the main indicator, oldest first. */
  serieNationale: (Provenance & { tension: number | null })[];
}

export interface BassinTension extends Provenance {
  rome: string;
  offres: number | null;
  demandeurs: number | null;
  tension: number | null;
  intensiteEmbauches: number | null;
  manqueMainOeuvre: number | null;
  nonDurabilite: number | null;
  conditionsTravail: number | null;
  inadequationGeographique: number | null;
  lienFormationEmploi: number | null;
}

export interface RomeTension {
  rome: string;
  /** The ROME v3 code the FAP table knows this occupation by: its own code or its `rome_v3_parent`. */
  romeV3: string | null;
  via: 'code' | 'rome_v3_parent' | null;
  fap: { code: string; romeLabel: string | null; marker: string | null }[];
  /** One entry per FAP, at the finest level where a tension is published. */
  dares: FapTension[];
  /** The ROME × bassin BMO figure, when a bassin is given and published for it. */
  bassin: BassinTension | null;
  scales: typeof TENSION_SCALES;
}

/** ROME v3 codes to try for a code: its own first, then its fiche's `rome_v3_parent`. */
async function romeV3Candidates(db: Db, code: string): Promise<{ code: string; via: 'code' | 'rome_v3_parent' }[]> {
  const fiche = await db.selectFrom('rome_fiche').select('rome_v3_parent').where('code', '=', code).executeTakeFirst();
  const out: { code: string; via: 'code' | 'rome_v3_parent' }[] = [{ code, via: 'code' }];
  if (fiche?.rome_v3_parent && fiche.rome_v3_parent !== code) out.push({ code: fiche.rome_v3_parent, via: 'rome_v3_parent' });
  return out;
}

/**
 * What the tension of an occupation needs whatever the territory: the ROME v3 codes to try, the FAP
 * families of the first one that has some, and their national series. A caller may keep it per
 * occupation until the next import (src/views): the territory's part is read by tensionWithBasis.
 */
export interface TensionBasis {
  rome: string;
  candidates: { code: string; via: 'code' | 'rome_v3_parent' }[];
  /** The candidate the FAP families were found under. */
  used: { code: string; via: 'code' | 'rome_v3_parent' } | undefined;
  fap: RomeTension['fap'];
  series: (Provenance & { fap: string; tension: number | null })[];
}

export async function tensionBasis(db: Db, romeCode: string): Promise<TensionBasis> {
  const rome = romeCode.trim().toUpperCase();
  const candidates = await romeV3Candidates(db, rome);
  for (const c of candidates) {
    const fap = await db
      .selectFrom('fap_rome')
      .select(['fap as code', 'rome_label as romeLabel', 'marker'])
      .where('rome', '=', c.code)
      .orderBy('fap')
      .execute();
    if (!fap.length) continue;
    const { rows: series } = await sql<Provenance & { fap: string; tension: number | null }>`
      SELECT ${PROVENANCE}, fap, tension FROM dares_tension_serie
      WHERE fap = ANY(${fap.map((f) => f.code)}::text[]) ORDER BY vintage`.execute(db);
    return { rome, candidates, used: c, fap, series };
  }
  return { rome, candidates, used: undefined, fap: [], series: [] };
}

/** A DARES row as tensionWithBasis reads it: the table's, with its provenance as the API names it. */
export type DaresRow = Provenance & Omit<LabourMarketTables['dares_tension'], keyof TableProvenance | 'run_id'>;

/**
 * Where tensionWithBasis reads the figures that depend on the territory: the database
 * (`tensionRows`), or a memory of whole territories kept until the next import (src/views).
 */
export interface TensionRows {
  /** The DARES rows of these FAP families at one level and code, any vintage. */
  dares(level: GeoLevel, code: string, faps: readonly string[]): Promise<DaresRow[]>;
  /** The ROME × bassin rows of these ROME v3 codes in one bassin, any vintage. */
  bassin(code: string, romes: readonly string[]): Promise<BassinTension[]>;
}

const DARES_COLUMNS = sql`${PROVENANCE}, fap, nomenclature, emploi_moyen, tension, categorie, intensite_embauches,
  lien_formation_emploi, manque_main_oeuvre, non_durabilite, conditions_travail, inadequation_geo`;
const BASSIN_COLUMNS = sql`${PROVENANCE}, rome, offres, demandeurs, tension, intensite_embauches AS "intensiteEmbauches",
  manque_main_oeuvre AS "manqueMainOeuvre", non_durabilite AS "nonDurabilite", conditions_travail AS "conditionsTravail",
  inadequation_geo AS "inadequationGeographique", lien_formation_emploi AS "lienFormationEmploi"`;

/** The figures of the rows asked, read from the database. */
function tensionRows(db: Db): TensionRows {
  return { dares: (level, code, faps) => daresRowsAt(db, level, code, faps), bassin: (code, romes) => bassinRowsAt(db, code, romes) };
}

/** The DARES rows of one territory, of these FAP families or all of them (a few hundred): what a memory of the territory keeps. */
export async function daresRowsAt(db: Db, level: GeoLevel, code: string, faps?: readonly string[]): Promise<DaresRow[]> {
  const only = faps ? sql`AND fap = ANY(${faps}::text[])` : sql``;
  return (
    await sql<DaresRow>`SELECT ${DARES_COLUMNS} FROM dares_tension WHERE geo_level = ${level} AND geo_code = ${code} ${only}`.execute(db)
  ).rows;
}

/** The ROME × bassin rows of one bassin, of these ROME v3 codes or all of them (a hundred at most). */
export async function bassinRowsAt(db: Db, code: string, romes?: readonly string[]): Promise<BassinTension[]> {
  const only = romes ? sql`AND rome = ANY(${romes}::text[])` : sql``;
  return (
    await sql<BassinTension>`SELECT ${BASSIN_COLUMNS} FROM tension_rome_bassin WHERE geo_level = 'bassin' AND geo_code = ${code} ${only}`.execute(
      db,
    )
  ).rows;
}

/**
 * Tension of an occupation: DARES indicators of its FAP families (through FAP ↔ ROME v3) at the
 * finest level available among the département, the région and France, and the ROME × bassin BMO
 * figure when a bassin is given.
 */
export async function tensionForRome(
  db: Db,
  romeCode: string,
  where: { region?: string; departement?: string; bassin?: string } = {},
): Promise<RomeTension> {
  return tensionWithBasis(tensionRows(db), await tensionBasis(db, romeCode), where);
}

/** tensionForRome over a basis read before. */
export async function tensionWithBasis(
  read: TensionRows,
  basis: TensionBasis,
  where: { region?: string; departement?: string; bassin?: string } = {},
): Promise<RomeTension> {
  const { rome, candidates, fap, series } = basis;
  let used = basis.used;
  const levels: { level: GeoLevel; code: string }[] = [];
  if (where.departement) levels.push({ level: 'dep', code: where.departement });
  if (where.region) levels.push({ level: 'reg', code: where.region });
  levels.push({ level: 'nat', code: 'FR' });
  const rank = new Map(levels.map((l, i) => [`${l.level}|${l.code}`, i]));

  const dares: FapTension[] = [];
  if (fap.length) {
    const faps = fap.map((f) => f.code);
    const rows: DaresRow[] = [];
    for (const l of levels) rows.push(...(await read.dares(l.level, l.code, faps)));
    rows.sort((a, b) => b.vintage.localeCompare(a.vintage));
    for (const f of fap) {
      // Latest vintage first, then finest level: the first row with a tension is the figure.
      const mine = rows.filter((r) => r.fap === f.code);
      const latestVintage = mine[0]?.vintage;
      const ordered = mine
        .filter((r) => r.vintage === latestVintage)
        .sort((a, b) => rank.get(`${a.geoLevel}|${a.geoCode}`)! - rank.get(`${b.geoLevel}|${b.geoCode}`)!);
      const main = ordered.find((r) => r.tension !== null);
      if (!main) continue;
      const withComponents = ordered.slice(ordered.indexOf(main)).find((r) => r.intensite_embauches !== null);
      dares.push({
        source: main.source,
        vintage: main.vintage,
        geoLevel: main.geoLevel,
        geoCode: main.geoCode,
        fap: main.fap,
        nomenclature: main.nomenclature,
        emploiMoyen: main.emploi_moyen,
        tension: main.tension,
        categorie: main.categorie,
        composantes: withComponents
          ? {
              source: withComponents.source,
              vintage: withComponents.vintage,
              geoLevel: withComponents.geoLevel,
              geoCode: withComponents.geoCode,
              intensiteEmbauches: withComponents.intensite_embauches,
              lienFormationEmploi: withComponents.lien_formation_emploi,
              manqueMainOeuvre: withComponents.manque_main_oeuvre,
              nonDurabilite: withComponents.non_durabilite,
              conditionsTravail: withComponents.conditions_travail,
              inadequationGeographique: withComponents.inadequation_geo,
            }
          : null,
        serieNationale: series.filter((s) => s.fap === f.code).map(({ fap: _f, ...s }) => s),
      });
    }
    // Biggest family first, by its national employment (the same yardstick whatever level was found).
    const size = new Map(rows.filter((r) => r.geoLevel === 'nat').map((r) => [r.fap, r.emploi_moyen ?? -1]));
    dares.sort((a, b) => (size.get(b.fap) ?? -1) - (size.get(a.fap) ?? -1) || a.fap.localeCompare(b.fap));
  }

  let bassin: BassinTension | null = null;
  if (where.bassin) {
    const romes = candidates.map((c) => c.code);
    const rows = await read.bassin(where.bassin, romes);
    for (const c of candidates) {
      // The latest vintage of the first candidate published in the bassin.
      const mine = rows.filter((r) => r.rome === c.code).sort((a, b) => b.vintage.localeCompare(a.vintage));
      if (mine.length) {
        bassin = mine[0];
        used ??= c;
        break;
      }
    }
  }
  return { rome, romeV3: used?.code ?? null, via: used?.via ?? null, fap, dares, bassin, scales: TENSION_SCALES };
}

// ---- unemployment ---------------------------------------------------------------------------

export interface UnemploymentFigure extends Provenance {
  /** Unemployment rate, in percent. */
  taux: number;
  label: string | null;
}

export interface Unemployment {
  latest: UnemploymentFigure | null;
  /** Oldest first. */
  series: UnemploymentFigure[];
}

/** INSEE unemployment rate of a département or a région: the latest year and the series. */
export async function unemployment(db: Db, where: { departement: string } | { region: string }): Promise<Unemployment> {
  const [level, code] = 'departement' in where ? ['dep', where.departement] : ['reg', where.region];
  const { rows } = await sql<UnemploymentFigure>`
    SELECT ${PROVENANCE}, taux, label FROM chomage WHERE geo_level = ${level} AND geo_code = ${code}
    ORDER BY vintage`.execute(db);
  return { latest: rows[rows.length - 1] ?? null, series: rows };
}

// ---- InserJeunes ----------------------------------------------------------------------------

export interface Outcome extends Provenance {
  voie: 'apprentissage' | 'scolaire';
  cfd: string | null;
  mefstat11: string | null;
  effectifs: {
    /** Leavers who did not go on studying: the denominator of the employment rates. */
    sortants: number | null;
    /** Pupils or apprentices in their last year: the denominator of the further-study rate. */
    anneeTerminale: number | null;
    poursuiteEtudes: number | null;
    enEmploi6Mois: number | null;
    enEmploi12Mois: number | null;
    enEmploi18Mois: number | null;
    enEmploi24Mois: number | null;
  };
  /** Rates in percent, as published (null when not published). */
  tauxEmploi6Mois: number | null;
  tauxEmploi12Mois: number | null;
  tauxEmploi18Mois: number | null;
  tauxEmploi24Mois: number | null;
  tauxPoursuiteEtudes: number | null;
  /** Below the publication threshold (20): the rates are not published. */
  sousSeuil: { emploi: boolean; poursuiteEtudes: boolean };
  /** Why a rate is missing, in French. */
  notes: string[];
}

type IjRow = Provenance & {
  voie: 'apprentissage' | 'scolaire';
  cfd: string | null;
  mefstat11: string | null;
  nb_sortant: number | null;
  nb_annee_term: number | null;
  nb_poursuite_etudes: number | null;
  nb_en_emploi_6_mois: number | null;
  nb_en_emploi_12_mois: number | null;
  nb_en_emploi_18_mois: number | null;
  nb_en_emploi_24_mois: number | null;
  taux_emploi_6_mois: number | null;
  taux_emploi_12_mois: number | null;
  taux_emploi_18_mois: number | null;
  taux_emploi_24_mois: number | null;
  taux_poursuite_etudes: number | null;
};

function toOutcome(r: IjRow): Outcome {
  const notes: string[] = [];
  const emploi = r.nb_sortant !== null && r.nb_sortant < PUBLICATION_THRESHOLD;
  const poursuite = r.nb_annee_term !== null && r.nb_annee_term < PUBLICATION_THRESHOLD;
  if (emploi)
    notes.push(`Taux d’emploi non publiés : ${r.nb_sortant} sortant(s), sous le seuil de publication de ${PUBLICATION_THRESHOLD}.`);
  else if (r.nb_sortant === null) notes.push('Taux d’emploi non disponibles : effectif de sortants non publié.');
  if (poursuite)
    notes.push(
      `Taux de poursuite d’études non publié : ${r.nb_annee_term} élève(s) ou apprenti(s) en année terminale, sous le seuil de ${PUBLICATION_THRESHOLD}.`,
    );
  if (!emploi && r.taux_emploi_6_mois !== null && r.taux_emploi_18_mois === null && r.taux_emploi_24_mois === null) {
    notes.push('Taux d’emploi à 18 et 24 mois pas encore connus pour ce millésime.');
  }
  return {
    source: r.source,
    vintage: r.vintage,
    geoLevel: r.geoLevel,
    geoCode: r.geoCode,
    voie: r.voie,
    cfd: r.cfd,
    mefstat11: r.mefstat11,
    effectifs: {
      sortants: r.nb_sortant,
      anneeTerminale: r.nb_annee_term,
      poursuiteEtudes: r.nb_poursuite_etudes,
      enEmploi6Mois: r.nb_en_emploi_6_mois,
      enEmploi12Mois: r.nb_en_emploi_12_mois,
      enEmploi18Mois: r.nb_en_emploi_18_mois,
      enEmploi24Mois: r.nb_en_emploi_24_mois,
    },
    tauxEmploi6Mois: r.taux_emploi_6_mois,
    tauxEmploi12Mois: r.taux_emploi_12_mois,
    tauxEmploi18Mois: r.taux_emploi_18_mois,
    tauxEmploi24Mois: r.taux_emploi_24_mois,
    tauxPoursuiteEtudes: r.taux_poursuite_etudes,
    sousSeuil: { emploi, poursuiteEtudes: poursuite },
    notes,
  };
}

/** Latest millésime of each formation × voie of a région, for CFD (apprentissage) and MEF_STAT_11 (scolaire) codes. */
async function latestOutcomes(db: Db, region: string, cfds: readonly string[], mefstat11s: readonly string[]): Promise<Outcome[]> {
  if (!cfds.length && !mefstat11s.length) return [];
  const { rows } = await sql<IjRow>`
    SELECT DISTINCT ON (voie, coalesce(cfd, mefstat11)) ${PROVENANCE}, voie, cfd, mefstat11, nb_sortant, nb_annee_term,
      nb_poursuite_etudes, nb_en_emploi_6_mois, nb_en_emploi_12_mois, nb_en_emploi_18_mois, nb_en_emploi_24_mois,
      taux_emploi_6_mois, taux_emploi_12_mois, taux_emploi_18_mois, taux_emploi_24_mois, taux_poursuite_etudes
    FROM inserjeunes_region
    WHERE geo_level = 'reg' AND geo_code = ${region}
      AND ((voie = 'apprentissage' AND cfd = ANY(${[...cfds]}::text[])) OR (voie = 'scolaire' AND mefstat11 = ANY(${[...mefstat11s]}::text[])))
    ORDER BY voie, coalesce(cfd, mefstat11), vintage DESC`.execute(db);
  return rows.map(toOutcome);
}

export interface CertificationOutcomes {
  cfd: string | null;
  mefstat11: string[];
  diplome: { libelle: string | null; niveau: string | null } | null;
  outcomes: Outcome[];
}

/**
 * InserJeunes outcomes of a formation in a région, latest millésime: apprentissage by CFD,
 * voie scolaire by the MEF_STAT_11 codes of the CFD's MEF (BCN). A Certif Info code goes through
 * its Code_Scolarité (CFD); a MEF_STAT_11 gives the voie scolaire and, through its CFD, apprentissage.
 */
export async function outcomesForCertification(
  db: Db,
  key: { cfd: string } | { mefstat11: string } | { certifInfo: string },
  region: string,
): Promise<CertificationOutcomes> {
  let cfd: string | null = null;
  let mefstat11: string[] = [];
  if ('certifInfo' in key) cfd = (await getCertification(referentialDb(db), key.certifInfo))?.cfd ?? null;
  else if ('cfd' in key) cfd = key.cfd.trim().toUpperCase();
  else {
    mefstat11 = [key.mefstat11.trim()];
    cfd = await cfdForMefStat11(referentialDb(db), key.mefstat11.trim());
  }
  if (cfd && !('mefstat11' in key)) mefstat11 = (await mefStat11ForCfds(referentialDb(db), [cfd])).get(cfd) ?? [];
  const diplome = cfd ? (await bcnDiplomes(referentialDb(db), [cfd])).get(cfd) : undefined;
  return {
    cfd,
    mefstat11,
    diplome: diplome ? { libelle: diplome.libelle, niveau: diplome.niveau?.libelle ?? null } : null,
    outcomes: await latestOutcomes(db, region, cfd ? [cfd] : [], mefstat11),
  };
}

export interface RomeOutcome {
  certification: { code: string; label: string; type: string | null; niveauEuropeen: number | null; rncp: string | null };
  /** Strength of the certification's link to the occupation: 'faible' ones go under "Voir aussi". */
  lien: LinkStrength;
  cfd: string;
  outcomes: Outcome[];
}

export interface RomeOutcomes {
  rome: string;
  /** Certifications linked to the occupation (Certif Info), with or without a CFD. */
  certifications: number;
  /** Those with a CFD but no InserJeunes figure in the région. */
  sansDonnees: number;
  items: RomeOutcome[];
}

/**
 * InserJeunes outcomes in a région of the certifications leading to an occupation: Certif Info
 * ROME links → CFD → apprentissage figures, and → MEF_STAT_11 (BCN N_MEF) → voie scolaire.
 * Certifications without a CFD (titles, CQP…) have no InserJeunes figure.
 */
export async function outcomesForRome(db: Db, romeCode: string, region: string): Promise<RomeOutcomes> {
  return outcomesWithBasis(db, await outcomeBasis(db, romeCode), region);
}

/**
 * What the outcomes of an occupation read whatever the région: how many certifications lead to it,
 * those that are diplomas (a CFD, which InserJeunes follows) and their MEF_STAT_11 codes.
 */
export interface OutcomeBasis {
  rome: string;
  certifications: number;
  withCfd: CertificationForRome[];
  cfds: string[];
  mefs: Map<string, string[]>;
}

export async function outcomeBasis(db: Db, romeCode: string): Promise<OutcomeBasis> {
  const certifications = await certificationsForRome(referentialDb(db), romeCode);
  const withCfd = certifications.filter((c) => c.cfd);
  const cfds = [...new Set(withCfd.map((c) => c.cfd!))];
  return { rome: romeCode, certifications: certifications.length, withCfd, cfds, mefs: await mefStat11ForCfds(referentialDb(db), cfds) };
}

export async function outcomesWithBasis(db: Db, basis: OutcomeBasis, region: string): Promise<RomeOutcomes> {
  const { rome: romeCode, withCfd, cfds, mefs } = basis;
  const outcomes = await latestOutcomes(db, region, cfds, [...mefs.values()].flat());
  const items: RomeOutcome[] = [];
  let sansDonnees = 0;
  const seen = new Set<string>();
  for (const c of withCfd) {
    if (seen.has(c.cfd!)) continue;
    seen.add(c.cfd!);
    const stats = new Set(mefs.get(c.cfd!) ?? []);
    const mine = outcomes.filter((o) => o.cfd === c.cfd || (o.mefstat11 !== null && stats.has(o.mefstat11)));
    if (!mine.length) {
      sansDonnees++;
      continue;
    }
    items.push({
      certification: { code: c.code, label: c.label, type: c.type, niveauEuropeen: c.niveauEuropeen, rncp: c.rncp },
      lien: c.lien,
      cfd: c.cfd!,
      outcomes: mine,
    });
  }
  return { rome: romeCode.trim().toUpperCase(), certifications: basis.certifications, sansDonnees, items };
}

// ---- establishments -------------------------------------------------------------------------

export interface EstablishmentOutcome extends Provenance {
  uai: string;
  label: string;
  /** 'apprentissage' (CFA) or 'pro' (lycée professionnel). */
  voie: string;
  segment: string;
  region: string | null;
  regionLabel: string | null;
  tauxEmploi6Mois: number | null;
  tauxEmploi6MoisAttendu: number | null;
  valeurAjoutee: number | null;
  tauxPoursuiteEtudes: number | null;
  partPoursuiteEtudes: number | null;
  partEmploi6Mois: number | null;
  partAutresSituations: number | null;
}

/** InserJeunes figures of an establishment (CFA or lycée professionnel) by UAI, latest millésime first. */
export async function establishmentOutcomes(db: Db, uai: string): Promise<EstablishmentOutcome[]> {
  const { rows } = await sql<EstablishmentOutcome>`
    SELECT ${PROVENANCE}, geo_code AS uai, label, voie, segment, region, region_label AS "regionLabel",
      taux_emploi_6_mois AS "tauxEmploi6Mois", taux_emploi_6_mois_attendu AS "tauxEmploi6MoisAttendu",
      valeur_ajoutee AS "valeurAjoutee", taux_poursuite_etudes AS "tauxPoursuiteEtudes",
      part_poursuite_etudes AS "partPoursuiteEtudes", part_emploi_6_mois AS "partEmploi6Mois",
      part_autres_situations AS "partAutresSituations"
    FROM inserjeunes_etablissement
    WHERE geo_level = 'etablissement' AND geo_code = ${uai.trim().toUpperCase()}
    ORDER BY vintage DESC, voie, (segment <> 'ensemble'), segment`.execute(db);
  return rows;
}
