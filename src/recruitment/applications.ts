/**
 * Applications: a candidate applies to a published offer (a message, a CV); the offer's
 * structure reads it (« lue »), then answers: an interview, an acceptance, or a refusal with its
 * reason. Each change is kept in the application's history and mailed to the candidate; a
 * recruiter who leaves an application unanswered gets reminders.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { enqueueMail, identityDb, recordAccess } from '../identity/index.ts';
import type { RecruitmentDb, RecruitmentSchema } from './db.ts';
import { checkCv } from './cv.ts';
import { ANSWER_DAYS } from './stats.ts';
import { REFUSAL_REASONS, STATUS_LABELS, type ApplicationStatus, type RefusalReason } from '../common/recruitment-words.ts';
import type { Application } from './contract.ts';

/** Where a recruiter may go from each status; acceptée and refusée are final. */
const NEXT: Record<ApplicationStatus, ApplicationStatus[]> = {
  envoyee: ['entretien', 'acceptee', 'refusee'],
  lue: ['entretien', 'acceptee', 'refusee'],
  entretien: ['acceptee', 'refusee'],
  acceptee: [],
  refusee: [],
};

export interface ApplyInput {
  message: string;
  /** A CV sent with this application (base64), or the profile's CV. */
  cv?: { filename: string; content: string };
  useProfileCv?: boolean;
}

const link = (publicUrl: string, path: string) => `${publicUrl.replace(/\/$/, '')}${path}`;

/** The accounts that answer for a structure's offers (its employer and CFA accounts). */
async function recruiters(db: RecruitmentDb, structureId: number) {
  return db
    .selectFrom('account')
    .select(['id', 'email'])
    .where('structure_id', '=', structureId)
    .where(sql<boolean>`roles && ARRAY['employeur', 'cfa']::text[]`)
    .where('email_verified_at', 'is not', null)
    .execute();
}

export async function apply(
  db: RecruitmentDb,
  me: Principal,
  offerId: number,
  input: ApplyInput,
  publicUrl: string,
): Promise<{ id: number }> {
  const offer = await db
    .selectFrom('recruitment_offer')
    .select(['id', 'title', 'state', 'structure_id'])
    .where('id', '=', offerId)
    .executeTakeFirst();
  if (!offer || offer.state !== 'publiee')
    throw new NotFoundError(`Offre inconnue ou qui ne reçoit plus de candidatures : ${offerId}.`, 'id');
  const message = (input.message ?? '').trim();
  if (message.length < 20)
    throw new InputError(
      'message',
      'Message au recruteur : quelques phrases (20 caractères au moins) pour dire pourquoi cette offre vous intéresse.',
    );
  if (message.length > 3000) throw new InputError('message', 'Message au recruteur : 3 000 caractères au plus.');
  let cv: { filename: string; bytes: Buffer } | null = null;
  if (input.cv) {
    cv = checkCv(input.cv.filename, Buffer.from(input.cv.content, 'base64'));
  } else if (input.useProfileCv) {
    cv =
      (await db.selectFrom('recruitment_cv').select(['filename', 'bytes']).where('account_id', '=', me.accountId).executeTakeFirst()) ??
      null;
    if (!cv) throw new InputError('cv', 'Votre profil n’a pas de CV : joignez-en un à la candidature.');
  }
  const already = await db
    .selectFrom('recruitment_application')
    .select('id')
    .where('offer_id', '=', offerId)
    .where('candidate_id', '=', me.accountId)
    .executeTakeFirst();
  if (already)
    throw new InputError('offer', 'Vous avez déjà candidaté à cette offre : suivez votre candidature dans « Mes candidatures ».');
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('recruitment_application')
      .values({
        offer_id: offerId,
        candidate_id: me.accountId,
        message,
        cv_filename: cv?.filename ?? null,
        cv_bytes: cv?.bytes ?? null,
        status: 'envoyee',
        answered_at: null,
        last_reminder_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('recruitment_application_event')
      .values({ application_id: row.id, status: 'envoyee', reason: null, by_account: me.accountId })
      .execute();
    for (const r of await recruiters(tx, offer.structure_id)) {
      await enqueueMail(identityDb<RecruitmentSchema>(tx), {
        to: r.email,
        subject: `Nouvelle candidature : ${offer.title}`,
        body:
          `Bonjour,\n\nUne candidature est arrivée pour votre offre « ${offer.title} ».\n` +
          `Lisez-la et répondez-y : ${link(publicUrl, `/apprentissage/candidatures/${row.id}`)}\n\n` +
          `Les candidats voient le taux de réponse de chaque recruteur.\n\nPasserelles`,
      });
    }
    return { id: row.id };
  });
}

async function loadApplication(db: RecruitmentDb, id: number) {
  return db
    .selectFrom('recruitment_application as ap')
    .innerJoin('recruitment_offer as o', 'o.id', 'ap.offer_id')
    .innerJoin('account as c', 'c.id', 'ap.candidate_id')
    .select([
      'ap.id',
      'ap.offer_id',
      'ap.candidate_id',
      'ap.message',
      'ap.cv_filename',
      sql<number | null>`octet_length(ap.cv_bytes)`.as('cv_size'),
      'ap.status',
      'ap.created_at',
      'ap.answered_at',
      'o.title',
      'o.company',
      'o.state',
      'o.structure_id',
      'c.display_name',
    ])
    .where('ap.id', '=', id)
    .executeTakeFirst();
}

/** Who the caller is to an application: its candidate, its offer's recruiter, or nobody (404: its existence is not told). */
function roleOn(me: Principal, a: { candidate_id: number; structure_id: number }): 'candidat' | 'recruteur' {
  if (a.candidate_id === me.accountId) return 'candidat';
  if (me.structureId != null && a.structure_id === me.structureId && (me.roles.includes('employeur') || me.roles.includes('cfa')))
    return 'recruteur';
  throw new NotFoundError('Candidature inconnue.', 'id');
}

/** One application, for its candidate or its recruiter; a recruiter's first reading marks it « lue ». */
export async function getApplication(db: RecruitmentDb, me: Principal, id: number, ip?: string): Promise<Application> {
  let a = await loadApplication(db, id);
  if (!a) throw new NotFoundError('Candidature inconnue.', 'id');
  const as = roleOn(me, a);
  if (as === 'recruteur') {
    await db.transaction().execute(async (tx) => {
      if (a!.status === 'envoyee') {
        await tx
          .updateTable('recruitment_application')
          .set({ status: 'lue' })
          .where('id', '=', id)
          .where('status', '=', 'envoyee')
          .execute();
        await tx
          .insertInto('recruitment_application_event')
          .values({ application_id: id, status: 'lue', reason: null, by_account: me.accountId })
          .execute();
      }
      await recordAccess(identityDb<RecruitmentSchema>(tx), {
        actor: me,
        action: 'lecture',
        subjectType: 'candidature',
        subjectId: id,
        purpose: 'réponse à une candidature',
        ip,
      });
    });
    a = (await loadApplication(db, id))!;
  }
  const history = await db
    .selectFrom('recruitment_application_event')
    .select(['status', 'reason', 'at'])
    .where('application_id', '=', id)
    .orderBy('at')
    .orderBy('id')
    .execute();
  return {
    id: a.id,
    offer: { id: a.offer_id, title: a.title, company: a.company, state: a.state },
    status: a.status,
    statusLabel: STATUS_LABELS[a.status],
    createdAt: a.created_at.toISOString(),
    answeredAt: a.answered_at?.toISOString() ?? null,
    message: a.message,
    cv: a.cv_filename ? { filename: a.cv_filename, size: a.cv_size ?? 0 } : null,
    candidate: as === 'recruteur' ? { name: a.display_name } : null,
    history: history.map((h) => ({
      status: h.status as ApplicationStatus,
      label: STATUS_LABELS[h.status as ApplicationStatus],
      reason: h.reason,
      at: h.at.toISOString(),
    })),
    next: as === 'recruteur' ? NEXT[a.status] : [],
    as,
  };
}

/** The CV sent with an application, for its candidate or its recruiter (the recruiter's reading is logged). */
export async function applicationCv(
  db: RecruitmentDb,
  me: Principal,
  id: number,
  ip?: string,
): Promise<{ filename: string; bytes: Buffer }> {
  const a = await loadApplication(db, id);
  if (!a) throw new NotFoundError('Candidature inconnue.', 'id');
  const as = roleOn(me, a);
  const cv = await db
    .selectFrom('recruitment_application')
    .select(['cv_filename', 'cv_bytes'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  if (!cv.cv_bytes || !cv.cv_filename) throw new NotFoundError('Cette candidature n’a pas de CV.', 'id');
  if (as === 'recruteur') {
    await recordAccess(identityDb(db), {
      actor: me,
      action: 'lecture',
      subjectType: 'cv',
      subjectId: id,
      purpose: 'lecture du CV d’une candidature',
      ip,
    });
  }
  return { filename: cv.cv_filename, bytes: cv.cv_bytes };
}

export async function answerApplication(
  db: RecruitmentDb,
  me: Principal,
  id: number,
  answer: { status: ApplicationStatus; reason?: RefusalReason; detail?: string },
  publicUrl: string,
): Promise<Application> {
  const a = await loadApplication(db, id);
  if (!a) throw new NotFoundError('Candidature inconnue.', 'id');
  if (roleOn(me, a) !== 'recruteur') throw new ForbiddenError('Seul le recruteur de l’offre répond à une candidature.');
  if (!NEXT[a.status].includes(answer.status)) {
    throw new InputError(
      'status',
      `Cette candidature est « ${STATUS_LABELS[a.status]} » : elle ne peut pas passer à « ${STATUS_LABELS[answer.status]} ».`,
    );
  }
  let reason: string | null = null;
  if (answer.status === 'refusee') {
    if (!answer.reason || !(answer.reason in REFUSAL_REASONS))
      throw new InputError('reason', 'Motif du refus : choisissez-en un ; le candidat le lira.');
    const detail = (answer.detail ?? '').trim().slice(0, 500);
    reason = REFUSAL_REASONS[answer.reason] + (detail ? ` : ${detail}` : '');
  }
  const candidate = await db.selectFrom('account').select('email').where('id', '=', a.candidate_id).executeTakeFirstOrThrow();
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('recruitment_application')
      .set({ status: answer.status, answered_at: sql<Date>`coalesce(answered_at, now())` })
      .where('id', '=', id)
      .execute();
    await tx
      .insertInto('recruitment_application_event')
      .values({ application_id: id, status: answer.status, reason, by_account: me.accountId })
      .execute();
    await enqueueMail(identityDb<RecruitmentSchema>(tx), {
      to: candidate.email,
      subject: `Votre candidature : ${a.title}`,
      body:
        `Bonjour,\n\nLe recruteur de l’offre « ${a.title} » (${a.company}) a répondu : ${STATUS_LABELS[answer.status]}` +
        `${reason ? ` (${reason})` : ''}.\nVotre candidature : ${link(publicUrl, `/apprentissage/candidatures/${id}`)}\n\nPasserelles`,
    });
  });
  return getApplication(db, me, id);
}

/** The caller's applications (candidate), newest first. */
export async function myApplications(db: RecruitmentDb, me: Principal) {
  const rows = await db
    .selectFrom('recruitment_application as ap')
    .innerJoin('recruitment_offer as o', 'o.id', 'ap.offer_id')
    .select(['ap.id', 'ap.status', 'ap.created_at', 'o.id as offer_id', 'o.title', 'o.company'])
    .where('ap.candidate_id', '=', me.accountId)
    .orderBy('ap.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    offer: { id: r.offer_id, title: r.title, company: r.company },
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    createdAt: r.created_at.toISOString(),
  }));
}

/** The applications to one of the caller's structure's offers (candidate names only: the rest is read one by one, and logged). */
export async function offerApplications(db: RecruitmentDb, me: Principal, offerId: number) {
  const offer = await db.selectFrom('recruitment_offer').select(['structure_id']).where('id', '=', offerId).executeTakeFirst();
  if (!offer) throw new NotFoundError(`Offre inconnue : ${offerId}.`, 'id');
  if (offer.structure_id !== me.structureId) throw new ForbiddenError('Cette offre a été déposée par une autre structure.');
  const rows = await db
    .selectFrom('recruitment_application as ap')
    .innerJoin('account as c', 'c.id', 'ap.candidate_id')
    .select(['ap.id', 'ap.status', 'ap.created_at', 'c.display_name'])
    .where('ap.offer_id', '=', offerId)
    .orderBy('ap.created_at')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    candidate: r.display_name,
    status: r.status,
    statusLabel: STATUS_LABELS[r.status],
    createdAt: r.created_at.toISOString(),
  }));
}

/** Reminders go every REMIND_DAYS to the recruiters of applications left unanswered, three times at most. */
export const REMIND_DAYS = ANSWER_DAYS;
const MAX_REMINDERS = 3;

/** Mails every recruiter one reminder listing their unanswered applications; returns the number of mails. */
export async function remindRecruiters(db: RecruitmentDb, publicUrl: string): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const due = await tx
      .selectFrom('recruitment_application as ap')
      .innerJoin('recruitment_offer as o', 'o.id', 'ap.offer_id')
      .select(['ap.id', 'o.title', 'o.structure_id'])
      .where('ap.status', 'in', ['envoyee', 'lue'])
      .where('ap.reminders', '<', MAX_REMINDERS)
      .where(sql<boolean>`ap.created_at < now() - make_interval(days => ${REMIND_DAYS})`)
      .where(sql<boolean>`(ap.last_reminder_at IS NULL OR ap.last_reminder_at < now() - make_interval(days => ${REMIND_DAYS}))`)
      .orderBy('ap.id')
      .forUpdate()
      .execute();
    const byStructure = new Map<number, typeof due>();
    for (const d of due) byStructure.set(d.structure_id, [...(byStructure.get(d.structure_id) ?? []), d]);
    let mails = 0;
    for (const [structureId, list] of byStructure) {
      const lines = list.map((d) => `- « ${d.title} » : ${link(publicUrl, `/apprentissage/candidatures/${d.id}`)}`).join('\n');
      for (const r of await recruiters(tx, structureId)) {
        await enqueueMail(identityDb<RecruitmentSchema>(tx), {
          to: r.email,
          subject: `Rappel : ${list.length} candidature(s) attendent votre réponse`,
          body:
            `Bonjour,\n\nCes candidatures attendent une réponse depuis plus de ${REMIND_DAYS} jours :\n${lines}\n\n` +
            'Un refus motivé est aussi une réponse : les candidats voient le taux de réponse de chaque recruteur, et les offres ' +
            'des recruteurs qui ne répondent pas descendent dans les résultats.\n\nPasserelles',
        });
        mails++;
      }
    }
    if (due.length) {
      await tx
        .updateTable('recruitment_application')
        .set({ reminders: sql<number>`reminders + 1`, last_reminder_at: sql<Date>`now()` })
        .where(
          'id',
          'in',
          due.map((d) => d.id),
        )
        .execute();
    }
    return mails;
  });
}
