/**
 * What the pathway simulator reads that does not depend on the person: certifications (Certif
 * Info) with their ROME links and access routes, the certifications of an occupation, InserJeunes
 * outcomes by certification or occupation and région, the tension of an occupation near a
 * commune, the commune's territory, the ROME edition. Kept once per data version: the lookups
 * belong to the skills model the catalog built (a new model after each import, see
 * SkillsCatalog.refresh, itself refreshed by the app after each import), so an import drops them.
 *
 * Each entry is filled at its first use (the same functions as before, so the same answers), and
 * certifications are read in one batch for a whole target (two queries instead of four per
 * certification). Values are shared between answers: callers must not change them.
 */
import { sql, type Kysely } from 'kysely';
import type { GuidanceSchema } from './db.ts';
import type { SkillsModel } from './skills-model.ts';
import { Memo } from '../common/memo.ts';
import { CERTIF_INFO_SOURCE, certificationsForRome, type CertificationForRome } from '../referentials/certifications/index.ts';
import { referentialDb } from '../referentials/db.ts';
import { labourMarketDb } from '../labour-market/db.ts';
import {
  outcomesForCertification,
  outcomesForRome,
  resolveTerritory,
  tensionForRome,
  type Outcome,
  type ResolvedTerritory,
  type RomeOutcomes,
  type RomeTension,
} from '../labour-market/index.ts';

type Db = Kysely<GuidanceSchema>;

/** The fields of a Certif Info certification a pathway shows (those of getCertification). */
export interface CertificationFacts {
  code: string;
  label: string;
  type: string | null;
  niveauEuropeen: number | null;
  rncp: string | null;
  /** Code_Scolarité (CFD), the key of InserJeunes. */
  cfd: string | null;
  acces: { apprentissage: boolean | null; vae: boolean | null; formationContinue: boolean | null; professionnalisation: boolean | null };
  romes: { code: string; rang: number; status: string; label: string | null }[];
  source: { name: string; version: string | null };
}

export class PathwayLookups {
  private readonly certs = new Memo<CertificationFacts | undefined>();
  private readonly romeCerts = new Memo<CertificationForRome[]>();
  private readonly romeOutcomes = new Memo<RomeOutcomes>();
  private readonly certOutcomes = new Memo<Outcome[]>();
  private readonly cfdsWithOutcomes = new Memo<Set<string>>();
  private readonly tensions = new Memo<RomeTension>();
  private readonly territories = new Memo<ResolvedTerritory | undefined>();
  private vintage: Promise<string> | undefined;

  constructor(readonly db: Db) {}

  /** The ROME edition of the last import (« ROME 4.0 (version inconnue) » without one). */
  romeVintage(): Promise<string> {
    this.vintage ??= sql<{ version: string }>`
      SELECT version FROM import_file WHERE source = 'rome' ORDER BY run_id DESC LIMIT 1`
      .execute(this.db)
      .then(({ rows }) => rows[0]?.version ?? 'ROME 4.0 (version inconnue)');
    this.vintage.catch(() => {
      this.vintage = undefined;
    });
    return this.vintage;
  }

  commune(code: string): Promise<ResolvedTerritory | undefined> {
    return this.territories.get(code, () => resolveTerritory(labourMarketDb(this.db), 'commune', code));
  }

  tension(rome: string, where: { region?: string; departement?: string; bassin?: string }): Promise<RomeTension> {
    return this.tensions.get(`${rome}|${where.region ?? ''}|${where.departement ?? ''}|${where.bassin ?? ''}`, () =>
      tensionForRome(labourMarketDb(this.db), rome, where),
    );
  }

  certificationsForRome(rome: string): Promise<CertificationForRome[]> {
    return this.romeCerts.get(rome, () => certificationsForRome(referentialDb(this.db), rome));
  }

  outcomesForRome(rome: string, region: string): Promise<RomeOutcomes> {
    return this.romeOutcomes.get(`${rome}|${region}`, () => outcomesForRome(labourMarketDb(this.db), rome, region));
  }

  /**
   * InserJeunes outcomes of a certification in a région (outcomesForCertification by its Certif Info
   * code). The certification is read through `certifications` (batched): without a CFD there is none,
   * with one the outcomes are read by that CFD, as outcomesForCertification would after reading it.
   */
  outcomesForCertification(code: string, region: string): Promise<Outcome[]> {
    return this.certOutcomes.get(`${code}|${region}`, async () => {
      const cert = (await this.certifications([code])).get(code);
      if (!cert?.cfd) return [];
      if (cert.cfd !== cert.cfd.trim().toUpperCase())
        return (await outcomesForCertification(labourMarketDb(this.db), { certifInfo: code }, region)).outcomes;
      if (!(await this.regionCfds(region)).has(cert.cfd)) return [];
      return (await outcomesForCertification(labourMarketDb(this.db), { cfd: cert.cfd }, region)).outcomes;
    });
  }

  /**
   * The CFDs that have InserJeunes figures in a région: apprentissage by their own code, voie scolaire
   * through the MEF_STAT_11 of their MEF (BCN) — the rows outcomesForCertification would find.
   */
  private regionCfds(region: string): Promise<Set<string>> {
    return this.cfdsWithOutcomes.get(region, async () => {
      const { rows } = await sql<{ cfd: string }>`
        SELECT cfd FROM inserjeunes_region
        WHERE geo_level = 'reg' AND geo_code = ${region} AND voie = 'apprentissage' AND cfd IS NOT NULL
        UNION
        SELECT m.cfd FROM bcn_mef m JOIN inserjeunes_region i ON i.mefstat11 = m.mef_stat_11
        WHERE i.geo_level = 'reg' AND i.geo_code = ${region} AND i.voie = 'scolaire' AND m.cfd IS NOT NULL`.execute(this.db);
      return new Set(rows.map((r) => r.cfd));
    });
  }

  /** Certifications by Certif Info code (the unknown ones absent), those not read yet in one batch. */
  async certifications(codes: readonly string[]): Promise<Map<string, CertificationFacts>> {
    const missing = [...new Set(codes)].filter((c) => !this.certs.has(c));
    if (missing.length) {
      const batch = readCertifications(this.db, missing);
      for (const code of missing) this.certs.get(code, async () => (await batch).get(code));
    }
    const out = new Map<string, CertificationFacts>();
    for (const code of codes) {
      const c = await this.certs.get(code, async () => (await readCertifications(this.db, [code])).get(code));
      if (c) out.set(code, c);
    }
    return out;
  }
}

/** getCertification's reading (certification, its import's edition, its ROME links by rank) for many codes at once. */
async function readCertifications(db: Db, codes: readonly string[]): Promise<Map<string, CertificationFacts>> {
  const out = new Map<string, CertificationFacts>();
  if (!codes.length) return out;
  const { rows } = await sql<{
    code: string;
    label: string;
    type: string | null;
    niveauEuropeen: number | null;
    rncp: string | null;
    cfd: string | null;
    acces_ca: boolean | null;
    acces_fc: boolean | null;
    acces_cp: boolean | null;
    acces_vae: boolean | null;
    version: string | null;
  }>`
    SELECT c.code, c.label, c.type_label AS type, c.niveau_europeen AS "niveauEuropeen", c.rncp, c.cfd,
      c.acces_ca, c.acces_fc, c.acces_cp, c.acces_vae, f.version
    FROM certification c
    LEFT JOIN LATERAL (SELECT file, version FROM import_file
      WHERE run_id = c.run_id AND source = 'certifications' AND file ~* 'certif_?info' LIMIT 1) f ON true
    WHERE c.code = ANY(${[...codes]}::text[])`.execute(db);
  const { rows: links } = await sql<{ certification: string; code: string; rang: number; status: string; label: string | null }>`
    SELECT l.certification, l.rome AS code, l.rang, l.status, f.label
    FROM certification_rome l LEFT JOIN rome_fiche f ON f.code = l.rome
    WHERE l.certification = ANY(${rows.map((r) => r.code)}::text[]) ORDER BY l.certification, l.rang`.execute(db);
  const romes = new Map<string, CertificationFacts['romes']>();
  for (const { certification, ...link } of links) (romes.get(certification) ?? romes.set(certification, []).get(certification)!).push(link);
  for (const r of rows) {
    out.set(r.code, {
      code: r.code,
      label: r.label,
      type: r.type,
      niveauEuropeen: r.niveauEuropeen,
      rncp: r.rncp,
      cfd: r.cfd,
      acces: { apprentissage: r.acces_ca, vae: r.acces_vae, formationContinue: r.acces_fc, professionnalisation: r.acces_cp },
      romes: romes.get(r.code) ?? [],
      source: { name: CERTIF_INFO_SOURCE, version: r.version },
    });
  }
  return out;
}

const lookups = new WeakMap<SkillsModel, PathwayLookups>();

/** The lookups of the data version the skills model was built on. */
export function pathwayLookups(db: Db, model: SkillsModel): PathwayLookups {
  let l = lookups.get(model);
  if (!l || l.db !== db) {
    l = new PathwayLookups(db);
    lookups.set(model, l);
  }
  return l;
}
