/**
 * Hand-over between operators, with the person's consent: one structure submits a training
 * project (a prescription) to another, which validates it or refuses it with a reason. The
 * receiving structure sees the project and the minimal identity it needs (first name, commune,
 * age bracket, situation), never the rest of the record; both keep the history.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { ForbiddenError, InputError, NotFoundError } from '../platform/errors.ts';
import { identityDb, recordAccess } from '../identity/index.ts';
import type { CounsellingDb } from './db.ts';
import { ownBeneficiary, touch } from './beneficiaries.ts';

export async function submitReferral(
  db: CounsellingDb,
  me: Principal,
  beneficiaryId: number,
  input: { to: string; project: string; consent?: boolean },
  ip?: string,
) {
  await ownBeneficiary(db, me, beneficiaryId);
  if (!input.consent)
    throw new InputError(
      'consent',
      'La personne doit accepter que son projet soit transmis à cette structure : cochez la case une fois son accord donné.',
    );
  const code = (input.to ?? '').trim();
  const to = await db
    .selectFrom('structure')
    .select(['id', 'name'])
    .where((eb) => eb.or([eb('siret', '=', code), eb('code', '=', code)]))
    .executeTakeFirst();
  if (!to) throw new InputError('to', `Structure inconnue : ${code} (SIRET ou code de la structure).`);
  if (to.id === me.structureId) throw new InputError('to', 'La structure destinataire est la vôtre.');
  const project = (input.project ?? '').trim();
  if (project.length < 10 || project.length > 2000)
    throw new InputError('project', 'Projet : de 10 à 2 000 caractères (formation visée, dates, financement envisagé).');
  const row = await db
    .insertInto('referral')
    .values({
      beneficiary_id: beneficiaryId,
      from_structure: me.structureId!,
      to_structure: to.id,
      project,
      consent_at: new Date(),
      status: 'soumis',
      reason: null,
      created_by: me.accountId,
      decided_by: null,
      decided_at: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'transmission',
    subjectType: 'beneficiaire',
    subjectId: beneficiaryId,
    purpose: `projet transmis à ${to.name}`,
    ip,
  });
  await touch(db, beneficiaryId);
  return { id: row.id };
}

/** The projects submitted to the caller's structure (and those it submitted), newest first. */
export async function structureReferrals(db: CounsellingDb, me: Principal, ip?: string) {
  const s = me.structureId ?? -1;
  const rows = await db
    .selectFrom('referral as r')
    .innerJoin('beneficiary as b', 'b.id', 'r.beneficiary_id')
    .innerJoin('structure as f', 'f.id', 'r.from_structure')
    .innerJoin('structure as t', 't.id', 'r.to_structure')
    .leftJoin('commune as c', 'c.code', 'b.commune')
    .select([
      'r.id',
      'r.project',
      'r.status',
      'r.reason',
      'r.created_at',
      'r.decided_at',
      'r.to_structure',
      'f.name as from_name',
      't.name as to_name',
      'b.first_name',
      'c.name as commune_name',
      'b.age_bracket',
      'b.status as situation',
    ])
    .where((eb) => eb.or([eb('r.to_structure', '=', s), eb('r.from_structure', '=', s)]))
    .orderBy('r.created_at', 'desc')
    .execute();
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'liste',
    subjectType: 'orientations',
    subjectId: s,
    purpose: 'orientations reçues et transmises',
    ip,
  });
  return rows.map((r) => ({
    id: r.id,
    direction: r.to_structure === s ? ('recue' as const) : ('transmise' as const),
    from: r.from_name,
    to: r.to_name,
    person: { firstName: r.first_name, commune: r.commune_name, ageBracket: r.age_bracket, status: r.situation },
    project: r.project,
    status: r.status,
    reason: r.reason,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at?.toISOString() ?? null,
  }));
}

export async function decideReferral(
  db: CounsellingDb,
  me: Principal,
  id: number,
  input: { decision: 'valide' | 'refuse'; reason?: string },
  ip?: string,
) {
  const r = await db.selectFrom('referral').select(['from_structure', 'to_structure', 'status']).where('id', '=', id).executeTakeFirst();
  if (!r || (r.to_structure !== me.structureId && r.from_structure !== me.structureId))
    throw new NotFoundError('Orientation inconnue.', 'id');
  if (r.to_structure !== me.structureId) throw new ForbiddenError('Seule la structure destinataire décide de cette orientation.');
  if (r.status !== 'soumis') throw new InputError('decision', 'Cette orientation a déjà reçu une décision.');
  const reason = (input.reason ?? '').trim();
  if (input.decision === 'refuse' && reason.length < 5)
    throw new InputError('reason', 'Motif du refus : quelques mots, transmis à la structure qui a orienté la personne.');
  await db
    .updateTable('referral')
    .set({ status: input.decision, reason: reason || null, decided_by: me.accountId, decided_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'décision',
    subjectType: 'orientation',
    subjectId: id,
    purpose: input.decision === 'valide' ? 'orientation validée' : 'orientation refusée',
    ip,
  });
  return {
    message:
      input.decision === 'valide'
        ? 'Orientation validée : la structure qui l’a transmise le voit.'
        : 'Orientation refusée ; le motif est transmis.',
  };
}
