/**
 * The ROME 4.0 occupations (fiches) as rows for the bulk exports: one row per fiche with its
 * domains, its appellations and the ESCO occupations the official crosswalk links to them, read by
 * keyset pages of codes.
 */
import { sql, type Kysely } from 'kysely';
import type { OccupationExportRow } from './exports-contract.ts';

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema; these queries are plain SQL
type Db = Kysely<any>;

export const OCCUPATIONS_PAGE = 200;

export const OCCUPATION_COLUMNS = [
  'code',
  'libelle',
  'grandDomaine',
  'grandDomaineLibelle',
  'domaineProfessionnel',
  'domaineProfessionnelLibelle',
  'appellations',
  'appellationsLibelles',
  'emploiReglemente',
  'emploiCadre',
  'transitionEcologique',
  'transitionNumerique',
  'transitionDemographique',
  'riasecMajeur',
  'riasecMineur',
  'esco',
  'page',
] as const satisfies readonly (keyof OccupationExportRow)[];

export async function* occupationRowPages(db: Db, pageSize = OCCUPATIONS_PAGE): AsyncGenerator<OccupationExportRow[]> {
  let after: string | undefined;
  for (;;) {
    const { rows } = await sql<Omit<OccupationExportRow, 'page'>>`
      SELECT f.code, f.label AS libelle, f.grand_domaine AS "grandDomaine", g.label AS "grandDomaineLibelle",
        f.domaine_professionnel AS "domaineProfessionnel", d.label AS "domaineProfessionnelLibelle",
        (SELECT count(*) FROM rome_appellation a WHERE a.code_rome = f.code)::int AS appellations,
        COALESCE((SELECT string_agg(a.label, ' | ' ORDER BY a.label COLLATE "C", a.code_ogr)
          FROM rome_appellation a WHERE a.code_rome = f.code), '') AS "appellationsLibelles",
        f.emploi_reglemente AS "emploiReglemente", f.emploi_cadre AS "emploiCadre",
        f.transition_eco AS "transitionEcologique", f.transition_num AS "transitionNumerique",
        f.transition_demo AS "transitionDemographique", f.riasec_majeur AS "riasecMajeur", f.riasec_mineur AS "riasecMineur",
        COALESCE((SELECT string_agg(DISTINCT r.esco_uri, ' ') FROM esco_rome r JOIN rome_appellation a ON a.code_ogr = r.code_ogr
          WHERE a.code_rome = f.code), '') AS esco
      FROM rome_fiche f
      LEFT JOIN rome_grand_domaine g ON g.code = f.grand_domaine
      LEFT JOIN rome_domaine_professionnel d ON d.code = f.domaine_professionnel
      WHERE ${after === undefined ? sql`true` : sql`f.code > ${after}`}
      ORDER BY f.code
      LIMIT ${pageSize}`.execute(db);
    if (!rows.length) return;
    yield rows.map((r) => ({ ...r, page: `/metiers/${encodeURIComponent(r.code)}` }));
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].code;
  }
}

export async function occupationCount(db: Db): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*)::int AS n FROM rome_fiche`.execute(db);
  return rows[0].n;
}
