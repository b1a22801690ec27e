/**
 * How recruiters answer: shown on their offers, and weighing on the ranking. An application
 * counts once it was answered (an interview, an acceptance or a refusal: being read is not an
 * answer) or once it has waited ANSWER_DAYS without one; a newer one waiting says nothing yet.
 */
import { sql } from 'kysely';
import type { RecruitmentDb } from './db.ts';

export const ANSWER_DAYS = 7;

export interface RecruiterStats {
  /** Applications counted (answered, or waiting for more than ANSWER_DAYS). */
  counted: number;
  answered: number;
  /** answered / counted, 0–1; null when nothing is counted yet. */
  responseRate: number | null;
  /** Median time to the first answer, in hours; null without answers. */
  medianAnswerHours: number | null;
}

/** Ranking weight of a recruiter who has not been counted yet: above one who never answers, below one who always does. */
export const NEUTRAL_RESPONSIVENESS = 0.8;

/** Ranking weight from the response rate: from 0.25 (never answers) to 1 (always does). */
export function responsiveness(stats: RecruiterStats): number | null {
  return stats.responseRate === null ? null : 0.25 + 0.75 * stats.responseRate;
}

export async function recruiterStats(db: RecruitmentDb, structureIds: number[]): Promise<Map<number, RecruiterStats>> {
  const out = new Map<number, RecruiterStats>(
    structureIds.map((id) => [id, { counted: 0, answered: 0, responseRate: null, medianAnswerHours: null }]),
  );
  if (!structureIds.length) return out;
  const { rows } = await sql<{ structure_id: number; counted: number; answered: number; median_seconds: number | null }>`
    SELECT o.structure_id,
      (count(*) FILTER (WHERE a.answered_at IS NOT NULL OR a.created_at < now() - make_interval(days => ${ANSWER_DAYS})))::int AS counted,
      (count(*) FILTER (WHERE a.answered_at IS NOT NULL))::int AS answered,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.answered_at - a.created_at))
        FILTER (WHERE a.answered_at IS NOT NULL) AS median_seconds
    FROM recruitment_application a JOIN recruitment_offer o ON o.id = a.offer_id
    WHERE o.structure_id = ANY(${structureIds}::int[])
    GROUP BY o.structure_id`.execute(db);
  for (const r of rows) {
    out.set(r.structure_id, {
      counted: r.counted,
      answered: r.answered,
      responseRate: r.counted ? Math.round((r.answered / r.counted) * 100) / 100 : null,
      medianAnswerHours: r.median_seconds == null ? null : Math.round((Number(r.median_seconds) / 3600) * 10) / 10,
    });
  }
  return out;
}
