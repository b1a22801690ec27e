/** Details of training offers found by the search, for the guidance capability's pathways. */
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from './db.ts';
import type { TrainingHit } from './search.ts';

type Db = Kysely<TrainingSchema>;

export interface OfferSession {
  action: string;
  session: string;
  debut: string | null;
  fin: string | null;
}

export interface OfferDetails {
  hit: TrainingHit;
  /** Matching actions (those whose places are within the radius, nearest first). */
  actions: string[];
  /** Hours of the first matching action (centre + entreprise), null when not stated. */
  hours: number | null;
  hoursCentre: number | null;
  hoursEntreprise: number | null;
  /** An apprenticeship or professionalisation action among the matching ones. */
  alternance: boolean;
  financeurs: string[];
  /** Blocs de compétences the sessions validate (LHEO `blocs-competences`), when the offer states them. */
  blocs: { code: string; libelle: string }[];
  /** Sessions of the matching actions not over on `today`, earliest first. */
  sessions: OfferSession[];
  /** Title, objectives, contents and bloc labels: what the offer says it teaches. */
  text: string;
  /** Where the offer comes from: its source and the day it was imported. */
  provenance: { source: string; vintage: string; demo: boolean };
}

/**
 * What a pathway needs of the offers a search found and the search does not return: hours,
 * alternance, financeurs, blocs de compétences, contents and every session still on `today`.
 */
export async function offerDetails(db: Db, hits: TrainingHit[], today: string): Promise<OfferDetails[]> {
  if (!hits.length) return [];
  const keys = sql.join(hits.map((h) => sql`(${h.source}, ${h.formation})`));
  const { rows: actions } = await sql<{
    source: string;
    formation: string;
    action: string;
    position: number;
    heures: number | null;
    centre: number | null;
    entreprise: number | null;
    alternance: boolean;
    financeurs: string[] | null;
  }>`
    SELECT a.source, a.formation, a.action, a.position, a.nombre_heures_total AS heures, a.nombre_heures_centre AS centre,
      a.nombre_heures_entreprise AS entreprise, a.alternance,
      (SELECT array_agg(f.code ORDER BY f.position) FROM training_financeur f
        WHERE f.source = a.source AND f.formation = a.formation AND f.action = a.action) AS financeurs
    FROM training_action a WHERE (a.source, a.formation) IN (${keys})
    ORDER BY a.source, a.formation, a.position`.execute(db);
  const { rows: texts } = await sql<{ source: string; formation: string; objectif: string; contenu: string }>`
    SELECT source, formation, objectif, contenu FROM training_formation WHERE (source, formation) IN (${keys})`.execute(db);
  const { rows: blocs } = await sql<{ source: string; formation: string; code: string; libelle: string }>`
    SELECT DISTINCT source, formation, code, libelle FROM training_bloc WHERE (source, formation) IN (${keys})
    ORDER BY source, formation, code`.execute(db);
  const { rows: sessions } = await sql<OfferSession & { source: string; formation: string }>`
    SELECT source, formation, action, session, to_char(date_debut, 'YYYY-MM-DD') AS debut, to_char(date_fin, 'YYYY-MM-DD') AS fin
    FROM training_session
    WHERE (source, formation) IN (${keys}) AND (date_fin IS NULL OR date_fin >= ${today}::date)
      AND coalesce(etat_recrutement, '1') <> '2'
    ORDER BY date_debut NULLS LAST, session`.execute(db);
  const { rows: imports } = await sql<{ name: string; day: string | null }>`
    SELECT s.name, to_char(r.finished_at, 'YYYY-MM-DD') AS day FROM training_source s LEFT JOIN import_run r ON r.id = s.run_id
    WHERE s.name = ANY(${[...new Set(hits.map((h) => h.source))]}::text[])`.execute(db);
  const importDay = new Map(imports.map((r) => [r.name, r.day]));

  const key = (source: string, formation: string) => `${source}\u001f${formation}`;
  const group = <T extends { source: string; formation: string }>(rows: T[]) => {
    const m = new Map<string, T[]>();
    for (const r of rows)
      (m.get(key(r.source, r.formation)) ?? m.set(key(r.source, r.formation), []).get(key(r.source, r.formation))!).push(r);
    return m;
  };
  const byActions = group(actions);
  const byText = group(texts);
  const byBlocs = group(blocs);
  const bySessions = group(sessions);

  return hits.map((hit): OfferDetails => {
    const k = key(hit.source, hit.formation);
    const all = byActions.get(k) ?? [];
    // The search shows sessions of matching actions only: those actions are the matching ones.
    const matching = [...new Set(hit.sessions.map((s) => s.action))];
    const mine = matching.length ? all.filter((a) => matching.includes(a.action)) : all;
    const first = mine[0] ?? all[0];
    const t = byText.get(k)?.[0];
    const b = (byBlocs.get(k) ?? []).map((x) => ({ code: x.code, libelle: x.libelle }));
    const actionSet = new Set(mine.map((a) => a.action));
    return {
      hit,
      actions: mine.map((a) => a.action),
      hours: first?.heures ?? null,
      hoursCentre: first?.centre ?? null,
      hoursEntreprise: first?.entreprise ?? null,
      alternance: mine.some((a) => a.alternance),
      financeurs: [...new Set(mine.flatMap((a) => a.financeurs ?? []))],
      blocs: b,
      sessions: (bySessions.get(k) ?? [])
        .filter((s) => actionSet.has(s.action))
        .map(({ action, session, debut, fin }) => ({ action, session, debut, fin })),
      text: [hit.intitule, t?.objectif ?? '', t?.contenu ?? '', ...b.map((x) => x.libelle)].join('\n'),
      provenance: {
        source: hit.demo
          ? `Catalogue de démonstration « ${hit.source} » (offres fictives, LHEO)`
          : `Offre de formation LHEO « ${hit.source} »`,
        vintage: importDay.get(hit.source) ? `import du ${importDay.get(hit.source)}` : 'date d’import inconnue',
        demo: hit.demo,
      },
    };
  });
}
