import type { FiguresDb } from './figures-db.ts';

/** The latest vintage of each demand source (Affelnet, Parcoursup), null when not imported. */
export async function latestDemandVintages(db: FiguresDb): Promise<{ affelnet: string | null; parcoursup: string | null }> {
  const rows = await db
    .selectFrom('steering_demand')
    .select(['source', (eb) => eb.fn.max('vintage').as('v')])
    .groupBy('source')
    .execute();
  const of = (source: string) => rows.find((d) => d.source === source)?.v ?? null;
  return { affelnet: of('affelnet'), parcoursup: of('parcoursup') };
}
