/**
 * Keeps the search's derived tables (search-migrations.ts) in step with the offer tables. An
 * import run is what changes offers, so the last import run id is the version: when it differs
 * from the one recorded, the copy is brought up to date.
 *
 * - training_search_doc: offer by offer (a training_formation row whose run_id differs from its
 *   copy's changed; rows without a counterpart come or go);
 * - training_search_lexeme: recounted when an offer changed;
 * - training_search_snapshot: the in-memory index (catalog.ts), serialised, rebuilt.
 *
 * The search calls it before answering (the first search after an import pays for it: ≈ 5 s for
 * 50,000 actions on PGlite, a few ms when nothing changed); an import may call it at its end, in
 * its transaction, so that no search has to.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { TrainingSchema } from '../db.ts';

type Db = Kysely<TrainingSchema> | Transaction<TrainingSchema>;

/** Separators of the snapshot: records, then fields (neither can occur in XML-borne text). */
export const RS = '\u001e';
export const US = '\u001f';

export interface SearchState {
  /** Last import run (0 when none). */
  runId: number;
  /** Import run the derived tables reflect, null when never refreshed. */
  synced: number | null;
}

export async function searchState(db: Db): Promise<SearchState> {
  const { rows } = await sql<{ run: number; synced: number | null }>`
    SELECT coalesce((SELECT max(id) FROM import_run), 0)::int AS run,
      (SELECT run_id FROM training_search_state WHERE id = 1) AS synced`.execute(db);
  return { runId: rows[0].run, synced: rows[0].synced };
}

export interface RefreshReport {
  runId: number;
  upserted: number;
  deleted: number;
  /** Whether anything was rebuilt (false: already up to date). */
  rebuilt: boolean;
}

/** Brings the derived tables up to date. */
export async function refreshTrainingSearch(db: Kysely<TrainingSchema>): Promise<RefreshReport> {
  return db.transaction().execute((trx) => refreshInTransaction(trx));
}

/** The same, inside the caller's transaction (an import's, so that the copy commits with it). */
export async function refreshInTransaction(trx: Transaction<TrainingSchema>): Promise<RefreshReport> {
  // One refresh at a time (several server processes may notice the same import).
  await sql`SELECT pg_advisory_xact_lock(hashtext('passerelles.training_search'))`.execute(trx);
  const state = await searchState(trx);
  if (state.synced === state.runId) return { runId: state.runId, upserted: 0, deleted: 0, rebuilt: false };

  const deleted = await sql`
    DELETE FROM training_search_doc d WHERE NOT EXISTS (
      SELECT 1 FROM training_formation f
      WHERE f.source = d.source AND f.formation = d.formation AND f.run_id IS NOT DISTINCT FROM d.run_id)`.execute(trx);
  const upserted = await sql`
    INSERT INTO training_search_doc (source, formation, run_id, fts)
    SELECT f.source, f.formation, f.run_id, f.fts FROM training_formation f
    WHERE NOT EXISTS (SELECT 1 FROM training_search_doc d WHERE d.source = f.source AND d.formation = f.formation)
    ORDER BY f.source, f.formation`.execute(trx);
  const changed = Number(deleted.numAffectedRows ?? 0) + Number(upserted.numAffectedRows ?? 0);
  if (changed > 0 || state.synced === null) {
    await sql`DELETE FROM training_search_lexeme`.execute(trx);
    await sql`INSERT INTO training_search_lexeme (lexeme, ndoc)
      SELECT word, ndoc FROM ts_stat('SELECT fts FROM training_search_doc')`.execute(trx);
    await sql`ANALYZE training_search_doc, training_search_lexeme`.execute(trx);
  }
  // Actions, places, sessions, financeurs or certification outcomes may change without the
  // formation row: the snapshot is rebuilt on every new import run.
  await sql`DELETE FROM training_search_snapshot`.execute(trx);
  for (const [part, query] of Object.entries(SNAPSHOT)) {
    await sql`INSERT INTO training_search_snapshot (part, data)
      SELECT ${part}, coalesce((${query}), '')`.execute(trx);
  }
  await sql`INSERT INTO training_search_state (id, run_id, docs, refreshed_at)
    VALUES (1, ${state.runId}, (SELECT count(*) FROM training_search_doc), now())
    ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, docs = excluded.docs, refreshed_at = excluded.refreshed_at`.execute(trx);
  return {
    runId: state.runId,
    upserted: Number(upserted.numAffectedRows ?? 0),
    deleted: Number(deleted.numAffectedRows ?? 0),
    rebuilt: true,
  };
}

/** A text field of the snapshot: never null, never holding a separator. */
function text(expr: ReturnType<typeof sql>) {
  return sql`translate(coalesce(${expr}, ''), ${RS + US}, '  ')`;
}

/** Every action numbered in the order of the `actions` part (places and sessions point at it). */
const ACTION_NUMBERS = sql`
  SELECT a.source, a.formation, a.action, row_number() OVER (ORDER BY d.id, a.position) - 1 AS n
  FROM training_action a JOIN training_search_doc d ON d.source = a.source AND d.formation = a.formation`;

/**
 * The parts of the serialised index: one text each, records separated by RS, fields by US, in
 * the order catalog.ts reads them. Offers are referred to by their doc id.
 */
const SNAPSHOT = {
  // id, niveau_sortie, eligible_cpf, demo, folded title, lexemes of the title, source, formation,
  // intitulé, SIRET and name of the organisme responsable
  offers: sql`SELECT string_agg(x, ${RS}) FROM (
    SELECT concat_ws(${US}, d.id, coalesce(f.niveau_sortie, ''), f.eligible_cpf::int, f.demo::int, ${text(sql`f.intitule_folded`)},
      array_to_string(tsvector_to_array(to_tsvector('fr', f.intitule)), ' '), f.source, f.formation,
      ${text(sql`f.intitule`)}, ${text(sql`f.organisme_siret`)}, ${text(sql`f.organisme_nom`)}) AS x
    FROM training_search_doc d JOIN training_formation f ON f.source = d.source AND f.formation = d.formation
    ORDER BY d.id) s`,
  // id, ROME code of domaine-formation
  romes: sql`SELECT string_agg(x, ${RS}) FROM (
    SELECT concat_ws(${US}, d.id, c.code) AS x FROM training_domaine c
    JOIN training_search_doc d ON d.source = c.source AND d.formation = c.formation
    WHERE c.kind = 'ROME') s`,
  // id, RNCP, Certif Info, RS of each certification (in position order)
  certifications: sql`SELECT string_agg(x, ${RS}) FROM (
    SELECT concat_ws(${US}, d.id, ${text(sql`c.rncp`)}, ${text(sql`c.certifinfo`)}, ${text(sql`c.rs`)}) AS x
    FROM training_certification c
    JOIN training_search_doc d ON d.source = c.source AND d.formation = c.formation
    ORDER BY d.id, c.position) s`,
  // Labels of the catalogue's certifications: C + Certif Info code, or N + RNCP number; label
  labels: sql`SELECT string_agg(x, ${RS}) FROM (
    SELECT concat_ws(${US}, 'C' || c.code, ${text(sql`c.label`)}) AS x FROM certification c
    WHERE c.code IN (SELECT certifinfo FROM training_certification)
    UNION ALL
    SELECT concat_ws(${US}, 'N' || r.rncp, ${text(sql`r.label`)}) FROM (
      SELECT DISTINCT ON (c.rncp) c.rncp, c.label FROM certification c
      WHERE c.rncp IN (SELECT regexp_replace(rncp, '^RNCP', '') FROM training_certification WHERE rncp IS NOT NULL)
      ORDER BY c.rncp, c.code) r) s`,
  // code, name of every département
  departements: sql`SELECT string_agg(concat_ws(${US}, code, ${text(sql`name`)}), ${RS}) FROM departement`,
  // id, modalites_enseignement, entrées/sorties permanentes, financeur bits, action, alternance
  // (in position order)
  actions: sql`SELECT string_agg(x, ${RS}) FROM (
    SELECT concat_ws(${US}, d.id, a.modalites_enseignement, a.entrees_sorties_permanentes::int, coalesce(fi.mask, 0), ${text(sql`a.action`)},
      a.alternance::int) AS x
    FROM training_action a
    JOIN training_search_doc d ON d.source = a.source AND d.formation = a.formation
    LEFT JOIN (
      SELECT source, formation, action, bit_or(1 << code::int) AS mask FROM training_financeur
      WHERE code ~ '^[0-9]{1,2}$' AND code::int < 31 GROUP BY source, formation, action) fi
      ON fi.source = a.source AND fi.formation = a.formation AND fi.action = a.action
    ORDER BY d.id, a.position) s`,
  // action number (rank of the action in the order of `actions`), lat, lon, département,
  // région (of the commune, else as written), ville, code postal, code INSEE (in position order)
  places: sql`WITH ao AS (${ACTION_NUMBERS})
    SELECT string_agg(x, ${RS}) FROM (
      SELECT concat_ws(${US}, ao.n, coalesce(l.lat::text, ''), coalesce(l.lon::text, ''), ${text(sql`l.departement`)},
        ${text(sql`coalesce(cm.region, l.region)`)}, ${text(sql`l.ville`)}, ${text(sql`l.codepostal`)}, ${text(sql`l.commune`)}) AS x
      FROM training_lieu l
      JOIN ao ON ao.source = l.source AND ao.formation = l.formation AND ao.action = l.action
      LEFT JOIN commune cm ON cm.code = l.commune
      ORDER BY ao.n, l.position) s`,
  // action number, first day, last day (days since 1970-01-01, '' when unknown), session (in position order)
  sessions: sql`WITH ao AS (${ACTION_NUMBERS})
    SELECT string_agg(x, ${RS}) FROM (
      SELECT concat_ws(${US}, ao.n, coalesce((s.date_debut - DATE '1970-01-01')::text, ''),
        coalesce((s.date_fin - DATE '1970-01-01')::text, ''), ${text(sql`s.session`)}) AS x
      FROM training_session s
      JOIN ao ON ao.source = s.source AND ao.formation = s.formation AND ao.action = s.action
      ORDER BY ao.n, s.position) s`,
  /*
   * Employment rate 6 months after leaving (InserJeunes, regional) of each certification of the
   * catalogue, by région: Certif Info code, région, rate, millésime, voie, source. Same reading
   * as the labour-market capability (outcomesForCertification): apprentissage by the
   * certification's CFD, voie scolaire by the MEF_STAT_11 of its MEF, latest millésime of each;
   * of those with a published rate, the one with most leavers. One set query, because a sort
   * needs it for every offer at once.
   */
  rates: sql`WITH certs AS (
      SELECT DISTINCT c.code, c.cfd FROM certification c
      WHERE c.cfd IS NOT NULL AND c.code IN (SELECT certifinfo FROM training_certification WHERE certifinfo IS NOT NULL)),
    latest AS (
      SELECT DISTINCT ON (x.code, x.region, x.voie, x.k) x.* FROM (
        SELECT ce.code, ir.geo_code AS region, ir.voie, ir.cfd AS k, ir.vintage, ir.taux_emploi_6_mois AS taux, ir.nb_sortant, ir.source
        FROM certs ce JOIN inserjeunes_region ir ON ir.cfd = ce.cfd AND ir.voie = 'apprentissage' AND ir.geo_level = 'reg'
        UNION ALL
        SELECT ce.code, ir.geo_code, ir.voie, ir.mefstat11, ir.vintage, ir.taux_emploi_6_mois, ir.nb_sortant, ir.source
        FROM certs ce JOIN bcn_mef m ON m.cfd = ce.cfd
        JOIN inserjeunes_region ir ON ir.mefstat11 = m.mef_stat_11 AND ir.voie = 'scolaire' AND ir.geo_level = 'reg') x
      ORDER BY x.code, x.region, x.voie, x.k, x.vintage DESC),
    best AS (
      SELECT DISTINCT ON (code, region) * FROM latest WHERE taux IS NOT NULL
      ORDER BY code, region, nb_sortant DESC NULLS LAST, voie, k)
    SELECT string_agg(concat_ws(${US}, code, region, taux, vintage, voie, source), ${RS}) FROM best`,
};

export type SnapshotPart = keyof typeof SNAPSHOT;
