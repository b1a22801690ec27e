import type { RecruitmentDb } from './db.ts';

/** What recruitment keeps about one account, for the person's own download (CV bytes left out: they have their file). */
export async function exportRecruitment(db: RecruitmentDb, accountId: number) {
  const profile = await db.selectFrom('recruitment_profile').selectAll().where('account_id', '=', accountId).executeTakeFirst();
  const cv = await db
    .selectFrom('recruitment_cv')
    .select(['filename', 'size', 'sha256', 'uploaded_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const applications = await db
    .selectFrom('recruitment_application as ap')
    .innerJoin('recruitment_offer as o', 'o.id', 'ap.offer_id')
    .select(['ap.id', 'o.title as offer', 'o.company', 'ap.message', 'ap.cv_filename', 'ap.status', 'ap.created_at', 'ap.answered_at'])
    .where('ap.candidate_id', '=', accountId)
    .execute();
  const history = applications.length
    ? await db
        .selectFrom('recruitment_application_event')
        .select(['application_id', 'status', 'reason', 'at'])
        .where(
          'application_id',
          'in',
          applications.map((a) => a.id),
        )
        .orderBy('at')
        .execute()
    : [];
  const reports = await db
    .selectFrom('recruitment_report')
    .select(['offer_id', 'reason', 'details', 'created_at', 'decision'])
    .where('reporter_id', '=', accountId)
    .execute();
  return {
    profil: profile ?? null,
    cv: cv ?? null,
    candidatures: applications.map((a) => ({ ...a, historique: history.filter((h) => h.application_id === a.id) })),
    signalements: reports,
  };
}
