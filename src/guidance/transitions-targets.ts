import { sql, type Kysely } from 'kysely';
import type { GuidanceSchema } from './db.ts';
import { linkStrength, splitLinks, type LinkStrength } from '../referentials/certifications/index.ts';

/**
 * What the bundle says of a target occupation beside the ROME itself, read once per data version
 * (with the skills model, see loadSkillsData): how many people hold such a job (DARES), and the
 * shortest certification leading to it (Certif Info, durations from the BCN). Never the official
 * mobilités. Certif Info and the DARES still use ROME v3 codes: a ROME 4.0 fiche born from a v3 one
 * reads its parent's figures, as the fiche's certifications do (certificationsForRome).
 */

/** The shortest certification leading to an occupation; `years` null when the BCN gives no duration. */
export interface ShortestCertification {
  label: string;
  years: number | null;
  niveau: number | null;
}

export interface TargetFacts {
  /** People in employment in the DARES families of professions of the fiche (each family shared among its ROME codes); null when unknown. */
  emploi: number | null;
  certification: ShortestCertification | null;
}

/** BCN MEF durations (years) outside this range are codes, not durations (9: variable). */
const MAX_YEARS = 4;
/** Certif Info état of a published certification (not an habilitation nor a preparatory course). */
const PUBLISHED = '0';

/** Facts of every fiche (by ROME code), from the fiche's own code or else its ROME v3 parent's. */
export async function loadTargetFacts(db: Kysely<GuidanceSchema>): Promise<Map<string, TargetFacts>> {
  const fiches = await db.selectFrom('rome_fiche').select(['code', 'rome_v3_parent']).orderBy('code').execute();
  const { rows: jobs } = await sql<{ rome: string; emploi: number }>`
    SELECT p.rome, sum(d.emploi_moyen / n.romes)::float AS emploi
      FROM fap_rome p
      JOIN (SELECT fap, count(*) AS romes FROM fap_rome GROUP BY fap) n ON n.fap = p.fap
      JOIN dares_tension d ON d.fap = p.fap AND d.geo_level = 'nat' AND d.nomenclature = 'FAP 225'
     WHERE d.emploi_moyen IS NOT NULL
     GROUP BY p.rome`.execute(db);
  const emploi = new Map(jobs.map((j) => [j.rome, j.emploi]));
  const { rows: links } = await sql<{
    rome: string;
    label: string;
    niveau: number | null;
    rang: number;
    romes: number;
    years: number | null;
  }>`
    SELECT l.rome, c.label, c.niveau_europeen AS niveau, l.rang,
           (SELECT count(*) FROM certification_rome x WHERE x.certification = c.code)::int AS romes,
           (SELECT min(m.duree) FROM bcn_mef m WHERE m.cfd = c.cfd AND m.duree BETWEEN 1 AND ${MAX_YEARS})::int AS years
      FROM certification_rome l JOIN certification c ON c.code = l.certification
     WHERE c.etat = ${PUBLISHED}
     ORDER BY l.rome, c.code`.execute(db);
  const byRome = new Map<string, (ShortestCertification & { lien: LinkStrength })[]>();
  for (const l of links) {
    const list = byRome.get(l.rome) ?? byRome.set(l.rome, []).get(l.rome)!;
    list.push({ label: l.label, years: l.years, niveau: l.niveau, lien: linkStrength(l.rang, l.romes) });
  }
  const out = new Map<string, TargetFacts>();
  for (const f of fiches) {
    const parent = f.rome_v3_parent ?? f.code;
    const own = byRome.get(f.code);
    out.set(f.code, {
      emploi: emploi.get(f.code) ?? emploi.get(parent) ?? null,
      certification: shortest(own?.length ? own : (byRome.get(parent) ?? [])),
    });
  }
  return out;
}

/** The shortest of the ways into an occupation (strong links first, see splitLinks): known duration, then level, then label. */
function shortest(links: (ShortestCertification & { lien: LinkStrength })[]): ShortestCertification | null {
  const [best] = splitLinks(links).main.sort(
    (a, b) => (a.years ?? 99) - (b.years ?? 99) || (a.niveau ?? 99) - (b.niveau ?? 99) || a.label.localeCompare(b.label, 'fr'),
  );
  return best ? { label: best.label, years: best.years, niveau: best.niveau } : null;
}
