/**
 * Reports and moderation: any signed-in person may report an offer (a reason among a few, and
 * details); moderators see the pending reports, offer by offer, and keep or withdraw the offer.
 * A withdrawn offer leaves the search and can no longer be edited; its structure is told why.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { enqueueMail, identityDb } from '../identity/index.ts';
import type { RecruitmentDb, RecruitmentSchema } from './db.ts';
import { REPORT_REASONS, type ReportReason } from '../common/recruitment-words.ts';

export async function reportOffer(db: RecruitmentDb, me: Principal, offerId: number, input: { reason: ReportReason; details?: string }) {
  const offer = await db.selectFrom('recruitment_offer').select('state').where('id', '=', offerId).executeTakeFirst();
  if (!offer || offer.state !== 'publiee') throw new NotFoundError(`Offre inconnue ou retirée : ${offerId}.`, 'id');
  if (!(input.reason in REPORT_REASONS)) throw new InputError('reason', 'Motif du signalement : choisissez-en un.');
  const details = (input.details ?? '').trim();
  if (details.length > 1000) throw new InputError('details', 'Précisions : 1 000 caractères au plus.');
  const pending = await db
    .selectFrom('recruitment_report')
    .select('id')
    .where('offer_id', '=', offerId)
    .where('reporter_id', '=', me.accountId)
    .where('decided_at', 'is', null)
    .executeTakeFirst();
  if (pending) return { message: 'Vous avez déjà signalé cette offre : la modération l’examine.' };
  await db
    .insertInto('recruitment_report')
    .values({
      offer_id: offerId,
      reporter_id: me.accountId,
      reason: input.reason,
      details,
      decided_at: null,
      decision: null,
      decided_by: null,
    })
    .execute();
  return { message: 'Merci : votre signalement est transmis à la modération.' };
}

/** Pending reports, grouped by offer, the most reported first. Reporters are not named. */
export async function moderationQueue(db: RecruitmentDb) {
  const rows = await db
    .selectFrom('recruitment_report as r')
    .innerJoin('recruitment_offer as o', 'o.id', 'r.offer_id')
    .select(['r.id', 'r.offer_id', 'r.reason', 'r.details', 'r.created_at', 'o.title', 'o.company', 'o.state'])
    .where('r.decided_at', 'is', null)
    .orderBy('r.created_at')
    .execute();
  const byOffer = new Map<
    number,
    {
      offer: { id: number; title: string; company: string; state: string };
      reports: { id: number; reason: string; details: string; createdAt: string }[];
    }
  >();
  for (const r of rows) {
    const entry = byOffer.get(r.offer_id) ?? { offer: { id: r.offer_id, title: r.title, company: r.company, state: r.state }, reports: [] };
    entry.reports.push({
      id: r.id,
      reason: REPORT_REASONS[r.reason as ReportReason] ?? r.reason,
      details: r.details,
      createdAt: r.created_at.toISOString(),
    });
    byOffer.set(r.offer_id, entry);
  }
  return [...byOffer.values()].sort((a, b) => b.reports.length - a.reports.length);
}

/** Decides on every pending report of an offer: keep it, or withdraw it. */
export async function decideOffer(
  db: RecruitmentDb,
  me: Principal,
  offerId: number,
  decision: 'maintenue' | 'retiree',
  note: string | undefined,
  publicUrl: string,
) {
  const offer = await db.selectFrom('recruitment_offer').select(['title', 'structure_id']).where('id', '=', offerId).executeTakeFirst();
  if (!offer) throw new NotFoundError(`Offre inconnue : ${offerId}.`, 'id');
  const why = (note ?? '').trim().slice(0, 1000);
  if (decision === 'retiree' && why.length < 5)
    throw new InputError('note', 'Motif du retrait : quelques mots, transmis à la structure qui a déposé l’offre.');
  await db.transaction().execute(async (tx) => {
    const decided = await tx
      .updateTable('recruitment_report')
      .set({ decided_at: sql<Date>`now()`, decision, decided_by: me.accountId })
      .where('offer_id', '=', offerId)
      .where('decided_at', 'is', null)
      .executeTakeFirst();
    if (Number(decided.numUpdatedRows) === 0) throw new InputError('offer', 'Aucun signalement en attente pour cette offre.');
    if (decision === 'retiree') {
      await tx.updateTable('recruitment_offer').set({ state: 'moderee', updated_at: sql<Date>`now()` }).where('id', '=', offerId).execute();
      const recipients = await tx
        .selectFrom('account')
        .select('email')
        .where('structure_id', '=', offer.structure_id)
        .where(sql<boolean>`roles && ARRAY['employeur', 'cfa']::text[]`)
        .execute();
      for (const r of recipients) {
        await enqueueMail(identityDb<RecruitmentSchema>(tx), {
          to: r.email,
          subject: `Offre retirée par la modération : ${offer.title}`,
          body: `Bonjour,\n\nVotre offre « ${offer.title} » a été retirée après un signalement : ${why}\nVos offres : ${publicUrl.replace(/\/$/, '')}/apprentissage/mes-offres\n\nPasserelles`,
        });
      }
    }
  });
  return {
    message: decision === 'retiree' ? 'Offre retirée ; la structure est prévenue.' : 'Offre maintenue ; les signalements sont classés.',
  };
}
