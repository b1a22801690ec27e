import { sql, type Kysely } from 'kysely';
import type { ReferentialSchema } from '../db.ts';
import { compareLinks, linkStrength, type LinkStrength } from './ranking.ts';

type Db = Kysely<ReferentialSchema>;

/** A certification as listed under an occupation. */
export interface CertificationSummary {
  /** Certif Info code. */
  code: string;
  label: string;
  type: string | null;
  /** European qualification level (3 = CAP … 8 = doctorat), null when not set. */
  niveauEuropeen: number | null;
  /** RNCP number as published, without the "RNCP" prefix. */
  rncp: string | null;
  rs: string[];
  /** CFD (BCN code of a national diploma), the key of InserJeunes apprentissage. */
  cfd: string | null;
  etat: string | null;
  etatLabel: string | null;
  derniereSession: number | null;
}

export interface CertificationForRome extends CertificationSummary {
  /** The ROME code the certification is linked to in Certif Info. */
  rome: string;
  rang: number;
  /** 'code': linked to the fiche's own code; 'rome_v3_parent': to its ROME v3 parent (none on its own code). */
  via: 'code' | 'rome_v3_parent';
  /** How many ROME codes the certification lists (a broad one lists five). */
  romeCount: number;
  /** Strength of the link (ranking.ts): 'faible' ones go under "Voir aussi". */
  lien: LinkStrength;
}

export interface CertificationDetail extends CertificationSummary {
  typeCode: string | null;
  formacode: { code: string; label: string | null } | null;
  nsf: string | null;
  valideur: string | null;
  certificateur: string | null;
  /** Who may take it: true, false or null (not stated in Certif Info). */
  acces: {
    formationInitiale: boolean | null;
    apprentissage: boolean | null;
    formationContinue: boolean | null;
    professionnalisation: boolean | null;
    vae: boolean | null;
    candidatIndividuel: boolean | null;
  };
  premiereSession: number | null;
  dateMaj: string | null;
  /** Code_Rome_1..5: `status` 'fiche' (ROME 4.0 fiche, `label` set), 'domaine' or 'inconnu'. */
  romes: { code: string; rang: number; status: string; label: string | null }[];
  /** The BCN diploma of the CFD, when the BCN tables hold it. */
  diplome: BcnDiplome | null;
  /** Where the row comes from: file and edition of the import that last changed it. */
  source: { name: string; file: string | null; version: string | null };
}

export interface BcnDiplome {
  cfd: string;
  libelle: string | null;
  libelleCourt: string | null;
  niveau: { code: string; libelle: string | null } | null;
  niveauQualificationRncp: string | null;
  dateOuverture: string | null;
  dateFermeture: string | null;
  /** MEF_STAT_11 codes of its MEF (InserJeunes voie scolaire). */
  mefStat11: string[];
}

export const CERTIF_INFO_SOURCE = 'Certif Info (Réseau des Carif-Oref)';

const SUMMARY = sql`c.code, c.label, c.type_label AS type, c.niveau_europeen AS "niveauEuropeen", c.rncp, c.rs, c.cfd,
  c.etat, c.etat_label AS "etatLabel", c.derniere_session AS "derniereSession"`;

/**
 * Certifications leading to a ROME fiche (Certif Info's Code_Rome_1..5): strong links first, then
 * by rank and level (compareLinks).
 * A ROME 4.0 fiche born from a ROME v3 one (D1108 ← D1102) is rarely cited by Certif Info, which
 * still uses v3 codes: when its own code has no certification, those of its v3 parent are given,
 * marked `via: 'rome_v3_parent'`.
 */
export async function certificationsForRome(db: Db, code: string): Promise<CertificationForRome[]> {
  const rome = code.trim().toUpperCase();
  const own = await linked(db, rome, 'code');
  if (own.length) return own;
  const fiche = await db.selectFrom('rome_fiche').select('rome_v3_parent').where('code', '=', rome).executeTakeFirst();
  const parent = fiche?.rome_v3_parent;
  return parent && parent !== rome ? linked(db, parent, 'rome_v3_parent') : [];
}

async function linked(db: Db, rome: string, via: CertificationForRome['via']): Promise<CertificationForRome[]> {
  const { rows } = await sql<Omit<CertificationForRome, 'lien'>>`
    SELECT ${SUMMARY}, l.rome, l.rang, ${via}::text AS via,
      (SELECT count(*) FROM certification_rome x WHERE x.certification = c.code)::int AS "romeCount"
    FROM certification_rome l JOIN certification c ON c.code = l.certification
    WHERE l.rome = ${rome}
    ORDER BY c.niveau_europeen NULLS FIRST, c.label, c.code`.execute(db);
  return rows.map((r) => ({ ...r, lien: linkStrength(r.rang, r.romeCount) })).sort(compareLinks);
}

/** One certification by its Certif Info code, with its ROME codes, BCN diploma and provenance. */
export async function getCertification(db: Db, code: string): Promise<CertificationDetail | undefined> {
  const {
    rows: [c],
  } = await sql<
    CertificationSummary & {
      type_code: string | null;
      formacode: string | null;
      formacode_label: string | null;
      nsf: string | null;
      valideur: string | null;
      certificateur: string | null;
      acces_fi: boolean | null;
      acces_ca: boolean | null;
      acces_fc: boolean | null;
      acces_cp: boolean | null;
      acces_vae: boolean | null;
      acces_ind: boolean | null;
      premiere_session: number | null;
      date_maj: string | null;
      file: string | null;
      version: string | null;
    }
  >`
    SELECT ${SUMMARY}, c.type_code, c.formacode, c.formacode_label, c.nsf, c.valideur, c.certificateur,
      c.acces_fi, c.acces_ca, c.acces_fc, c.acces_cp, c.acces_vae, c.acces_ind, c.premiere_session,
      to_char(c.date_maj, 'YYYY-MM-DD') AS date_maj, f.file, f.version
    FROM certification c
    LEFT JOIN LATERAL (SELECT file, version FROM import_file
      WHERE run_id = c.run_id AND source = 'certifications' AND file ~* 'certif_?info' LIMIT 1) f ON true
    WHERE c.code = ${code.trim()}`.execute(db);
  if (!c) return undefined;
  const { rows: romes } = await sql<{ code: string; rang: number; status: string; label: string | null }>`
    SELECT l.rome AS code, l.rang, l.status, f.label
    FROM certification_rome l LEFT JOIN rome_fiche f ON f.code = l.rome
    WHERE l.certification = ${c.code} ORDER BY l.rang`.execute(db);
  const diplomes = c.cfd ? await bcnDiplomes(db, [c.cfd]) : new Map<string, BcnDiplome>();
  return {
    code: c.code,
    label: c.label,
    type: c.type,
    typeCode: c.type_code,
    niveauEuropeen: c.niveauEuropeen,
    rncp: c.rncp,
    rs: c.rs,
    cfd: c.cfd,
    etat: c.etat,
    etatLabel: c.etatLabel,
    derniereSession: c.derniereSession,
    formacode: c.formacode ? { code: c.formacode, label: c.formacode_label } : null,
    nsf: c.nsf,
    valideur: c.valideur,
    certificateur: c.certificateur,
    acces: {
      formationInitiale: c.acces_fi,
      apprentissage: c.acces_ca,
      formationContinue: c.acces_fc,
      professionnalisation: c.acces_cp,
      vae: c.acces_vae,
      candidatIndividuel: c.acces_ind,
    },
    premiereSession: c.premiere_session,
    dateMaj: c.date_maj,
    romes,
    diplome: c.cfd ? (diplomes.get(c.cfd) ?? null) : null,
    source: { name: CERTIF_INFO_SOURCE, file: c.file, version: c.version },
  };
}

/** BCN diplomas by CFD, with their level and the MEF_STAT_11 codes of their MEF. */
export async function bcnDiplomes(db: Db, cfds: readonly string[]): Promise<Map<string, BcnDiplome>> {
  const out = new Map<string, BcnDiplome>();
  if (!cfds.length) return out;
  const { rows } = await sql<{
    cfd: string;
    libelle: string | null;
    libelle_court: string | null;
    niveau: string | null;
    niveau_libelle: string | null;
    rncp: string | null;
    ouverture: string | null;
    fermeture: string | null;
  }>`
    SELECT d.cfd, d.libelle_long AS libelle, d.libelle_court, d.niveau, n.libelle AS niveau_libelle,
      d.niveau_qualification_rncp AS rncp, to_char(d.date_ouverture, 'YYYY-MM-DD') AS ouverture,
      to_char(d.date_fermeture, 'YYYY-MM-DD') AS fermeture
    FROM bcn_diplome d LEFT JOIN bcn_niveau n ON n.code = d.niveau
    WHERE d.cfd = ANY(${[...cfds]}::text[])`.execute(db);
  const mefs = await mefStat11ForCfds(db, cfds);
  for (const r of rows) {
    out.set(r.cfd, {
      cfd: r.cfd,
      libelle: r.libelle,
      libelleCourt: r.libelle_court,
      niveau: r.niveau ? { code: r.niveau, libelle: r.niveau_libelle } : null,
      niveauQualificationRncp: r.rncp,
      dateOuverture: r.ouverture,
      dateFermeture: r.fermeture,
      mefStat11: mefs.get(r.cfd) ?? [],
    });
  }
  return out;
}

/** CFD → the MEF_STAT_11 codes of its MEF (BCN N_MEF), the keys of InserJeunes voie scolaire. */
export async function mefStat11ForCfds(db: Db, cfds: readonly string[]): Promise<Map<string, string[]>> {
  const out = new Map<string, string[]>();
  if (!cfds.length) return out;
  const { rows } = await sql<{ cfd: string; stat: string }>`
    SELECT DISTINCT cfd, mef_stat_11 AS stat FROM bcn_mef
    WHERE cfd = ANY(${[...cfds]}::text[]) AND mef_stat_11 IS NOT NULL ORDER BY cfd, stat`.execute(db);
  for (const r of rows) (out.get(r.cfd) ?? out.set(r.cfd, []).get(r.cfd)!).push(r.stat);
  return out;
}

/** MEF_STAT_11 → its CFD (BCN N_MEF). */
export async function cfdForMefStat11(db: Db, stat: string): Promise<string | null> {
  const row = await db
    .selectFrom('bcn_mef')
    .select('cfd')
    .where('mef_stat_11', '=', stat)
    .where('cfd', 'is not', null)
    .orderBy('mef')
    .executeTakeFirst();
  return row?.cfd ?? null;
}
