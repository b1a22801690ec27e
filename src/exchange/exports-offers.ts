/**
 * The training offer as rows for the bulk exports: one row per place of an action (see
 * exports-contract.ts), read by keyset pages of offers ((source, formation), the primary key's
 * order), one query per page. Each page is read on its own: an offer changed during a long export
 * appears as its page found it. A place's département is its commune's (INSEE code), else the one
 * its file writes; its position the file's geolocation, else its commune's centre.
 */
import { sql, type Kysely } from 'kysely';
import type { OfferExportRow, OffersExportQuery } from './exports-contract.ts';

// biome-ignore lint/suspicious/noExplicitAny: the app's handle is typed by no schema; these queries are plain SQL
type Db = Kysely<any>;

/** Offers per page: a few thousand rows at most, whatever the catalogue's size. */
export const OFFERS_PAGE = 500;

export const OFFER_COLUMNS = [
  'source',
  'formation',
  'intitule',
  'organismeSiret',
  'organismeNom',
  'certifiante',
  'eligibleCpf',
  'niveauSortie',
  'codesRome',
  'formacodes',
  'demonstration',
  'action',
  'modalitesEnseignement',
  'alternance',
  'lieu',
  'ville',
  'codePostal',
  'commune',
  'departement',
  'latitude',
  'longitude',
  'position',
  'sessions',
  'premiereSession',
  'derniereSession',
  'page',
] as const satisfies readonly (keyof OfferExportRow)[];

type Raw = Omit<OfferExportRow, 'page'>;

/** The rows of the offers, page after page (an empty page is never yielded). */
export async function* offerRowPages(db: Db, filter: OffersExportQuery = {}, pageSize = OFFERS_PAGE): AsyncGenerator<OfferExportRow[]> {
  const departement = filter.departement ?? null;
  let after: { source: string; formation: string } | undefined;
  for (;;) {
    const { rows } = await sql<Raw>`
      SELECT f.source, f.formation, f.intitule, f.organisme_siret AS "organismeSiret", f.organisme_nom AS "organismeNom",
        f.certifiante, f.eligible_cpf AS "eligibleCpf", f.niveau_sortie AS "niveauSortie",
        COALESCE((SELECT string_agg(d.code, ' ' ORDER BY d.position) FROM training_domaine d
          WHERE d.source = f.source AND d.formation = f.formation AND d.kind = 'ROME'), '') AS "codesRome",
        COALESCE((SELECT string_agg(d.code, ' ' ORDER BY d.position) FROM training_domaine d
          WHERE d.source = f.source AND d.formation = f.formation AND d.kind = 'FORMACODE'), '') AS formacodes,
        f.demo AS demonstration,
        a.action, a.modalites_enseignement AS "modalitesEnseignement", a.alternance,
        l.position AS lieu, l.ville, l.codepostal AS "codePostal", l.commune, COALESCE(c.departement, l.departement) AS departement,
        (CASE WHEN l.lat IS NOT NULL AND l.lon IS NOT NULL THEN l.lat WHEN c.lon IS NOT NULL THEN c.lat END)::float8 AS latitude,
        (CASE WHEN l.lat IS NOT NULL AND l.lon IS NOT NULL THEN l.lon WHEN c.lat IS NOT NULL THEN c.lon END)::float8 AS longitude,
        CASE WHEN l.lat IS NOT NULL AND l.lon IS NOT NULL THEN 'lheo' WHEN c.lat IS NOT NULL AND c.lon IS NOT NULL THEN 'commune' END AS position,
        COALESCE(s.n, 0)::int AS sessions, s.debut AS "premiereSession", s.fin AS "derniereSession"
      FROM (
        SELECT * FROM training_formation f
        WHERE true
          ${filter.source === undefined ? sql`` : sql`AND f.source = ${filter.source}`}
          ${
            departement === null
              ? sql``
              : sql`AND EXISTS (SELECT 1 FROM training_lieu l LEFT JOIN commune c ON c.code = l.commune
                  WHERE l.source = f.source AND l.formation = f.formation AND COALESCE(c.departement, l.departement) = ${departement})`
          }
          ${after ? sql`AND (f.source, f.formation) > (${after.source}, ${after.formation})` : sql``}
        ORDER BY f.source, f.formation
        LIMIT ${pageSize}
      ) f
      LEFT JOIN training_action a ON a.source = f.source AND a.formation = f.formation
      LEFT JOIN training_lieu l ON l.source = a.source AND l.formation = a.formation AND l.action = a.action
      LEFT JOIN commune c ON c.code = l.commune
      LEFT JOIN LATERAL (
        SELECT count(*) AS n, to_char(min(x.date_debut), 'YYYY-MM-DD') AS debut, to_char(max(x.date_fin), 'YYYY-MM-DD') AS fin
        FROM training_session x WHERE x.source = a.source AND x.formation = a.formation AND x.action = a.action
      ) s ON a.action IS NOT NULL
      WHERE ${departement === null ? sql`true` : sql`COALESCE(c.departement, l.departement) = ${departement}`}
      ORDER BY f.source, f.formation, a.position, l.position`.execute(db);
    if (!rows.length) return;
    let offers = 0;
    let previous = '';
    const page: OfferExportRow[] = rows.map((r) => {
      const key = `${r.source}\u0000${r.formation}`;
      if (key !== previous) offers++;
      previous = key;
      return { ...r, page: `/formations/${encodeURIComponent(r.source)}/${encodeURIComponent(r.formation)}` };
    });
    yield page;
    if (offers < pageSize) return;
    const last = rows[rows.length - 1];
    after = { source: last.source, formation: last.formation };
  }
}

/** How many rows the CSV and JSON have, and how many of them the GeoJSON leaves out (no coordinates). */
export async function offerRowCounts(db: Db): Promise<{ rows: number; withoutCoordinates: number }> {
  const { rows } = await sql<{ rows: number; without: number }>`
    SELECT count(*)::int AS rows,
      count(*) FILTER (WHERE (l.lat IS NULL OR l.lon IS NULL) AND (c.lat IS NULL OR c.lon IS NULL))::int AS without
    FROM training_formation f
    LEFT JOIN training_action a ON a.source = f.source AND a.formation = f.formation
    LEFT JOIN training_lieu l ON l.source = a.source AND l.formation = a.formation AND l.action = a.action
    LEFT JOIN commune c ON c.code = l.commune`.execute(db);
  return { rows: rows[0].rows, withoutCoordinates: rows[0].without };
}
