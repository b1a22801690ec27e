/**
 * A person's plan: steps (immersion, training, VAE, bloc, job search, appointment) with a date, a
 * status and notes; and the link the person opens without an account to read it: a random
 * 256-bit secret of which only the hash is kept, valid 30 days at most, revocable. An expired or
 * revoked link answers 410 (GoneError) with a French message.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { GoneError, InputError, NotFoundError } from '../platform/errors.ts';
import { STEP_KINDS, STEP_STATUSES, type StepKind, type StepStatus } from '../common/counselling-words.ts';
import { identityDb, keyOf, newSecret, recordAccess } from '../identity/index.ts';
import type { CounsellingDb } from './db.ts';
import { ownBeneficiary, touch } from './beneficiaries.ts';

export interface StepInput {
  kind: StepKind;
  title: string;
  dueDate?: string | null;
  status?: StepStatus;
  notes?: string;
}

function checkStep(input: StepInput) {
  if (!(input.kind in STEP_KINDS)) throw new InputError('kind', 'Type d’étape : choisissez-en un.');
  const title = (input.title ?? '').trim();
  if (!title || title.length > 200) throw new InputError('title', 'Intitulé de l’étape : de 1 à 200 caractères.');
  const due = (input.dueDate ?? '').trim() || null;
  if (due && (!/^\d{4}-\d{2}-\d{2}$/.test(due) || Number.isNaN(Date.parse(due))))
    throw new InputError('dueDate', 'Date : une date AAAA-MM-JJ.');
  const status = input.status ?? 'a-faire';
  if (!(status in STEP_STATUSES)) throw new InputError('status', 'État de l’étape : choisissez-en un.');
  const notes = (input.notes ?? '').trim();
  if (notes.length > 2000) throw new InputError('notes', 'Notes : 2 000 caractères au plus.');
  return { kind: input.kind, title, due_date: due, status, notes };
}

export async function addStep(db: CounsellingDb, me: Principal, beneficiaryId: number, input: StepInput) {
  await ownBeneficiary(db, me, beneficiaryId);
  const row = await db
    .insertInto('plan_step')
    .values({ beneficiary_id: beneficiaryId, ...checkStep(input) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touch(db, beneficiaryId);
  return { id: row.id };
}

export async function updateStep(db: CounsellingDb, me: Principal, stepId: number, input: StepInput) {
  const step = await db.selectFrom('plan_step').select('beneficiary_id').where('id', '=', stepId).executeTakeFirst();
  if (!step) throw new NotFoundError('Étape inconnue.', 'id');
  await ownBeneficiary(db, me, step.beneficiary_id);
  await db
    .updateTable('plan_step')
    .set({ ...checkStep(input), updated_at: sql<Date>`now()` })
    .where('id', '=', stepId)
    .execute();
  await touch(db, step.beneficiary_id);
  return { id: stepId };
}

export async function planOf(db: CounsellingDb, beneficiaryId: number) {
  const steps = await db
    .selectFrom('plan_step')
    .select(['id', 'kind', 'title', sql<string | null>`to_char(due_date, 'YYYY-MM-DD')`.as('due_date'), 'status', 'notes'])
    .where('beneficiary_id', '=', beneficiaryId)
    .orderBy(sql`due_date NULLS LAST`)
    .orderBy('id')
    .execute();
  const today = new Date().toISOString().slice(0, 10);
  const open = steps.filter((s) => s.status === 'a-faire' || s.status === 'en-cours');
  return {
    steps: steps.map((s) => ({
      id: s.id,
      kind: s.kind,
      title: s.title,
      dueDate: s.due_date,
      status: s.status,
      notes: s.notes,
      late: (s.status === 'a-faire' || s.status === 'en-cours') && !!s.due_date && s.due_date < today,
    })),
    /** The next action: the first open step by date. */
    next: open[0] ? { id: open[0].id, title: open[0].title, dueDate: open[0].due_date } : null,
  };
}

const LINK_DAYS = 30;

export async function createLink(db: CounsellingDb, me: Principal, beneficiaryId: number, days: number, publicUrl: string) {
  await ownBeneficiary(db, me, beneficiaryId);
  if (!Number.isInteger(days) || days < 1 || days > LINK_DAYS) throw new InputError('days', `Durée du lien : de 1 à ${LINK_DAYS} jours.`);
  const secret = newSecret();
  const expires = new Date(Date.now() + days * 86400_000);
  const row = await db
    .insertInto('beneficiary_link')
    .values({ beneficiary_id: beneficiaryId, key: secret.key, expires_at: expires, revoked_at: null, created_by: me.accountId })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id: row.id, url: `${publicUrl.replace(/\/$/, '')}/mon-plan/${secret.value}`, expiresAt: expires.toISOString() };
}

export async function revokeLink(db: CounsellingDb, me: Principal, linkId: number) {
  const link = await db.selectFrom('beneficiary_link').select('beneficiary_id').where('id', '=', linkId).executeTakeFirst();
  if (!link) throw new NotFoundError('Lien inconnu.', 'id');
  await ownBeneficiary(db, me, link.beneficiary_id);
  await db.updateTable('beneficiary_link').set({ revoked_at: sql<Date>`coalesce(revoked_at, now())` }).where('id', '=', linkId).execute();
  return { message: 'Le lien est révoqué : il ne s’ouvre plus.' };
}

/** The plan a person reads through their link: their first name and the steps, nothing else. */
export async function sharedPlan(db: CounsellingDb, token: string, ip?: string) {
  const link =
    token.length <= 100
      ? await db.selectFrom('beneficiary_link').selectAll().where('key', '=', keyOf(token)).executeTakeFirst()
      : undefined;
  if (!link) throw new NotFoundError('Ce lien n’existe pas : vérifiez l’adresse reçue de votre conseiller.');
  if (link.revoked_at) throw new GoneError('Ce lien a été désactivé par votre conseiller : demandez-lui un nouveau lien.');
  if (link.expires_at < new Date()) throw new GoneError('Ce lien a expiré : demandez un nouveau lien à votre conseiller.');
  const b = await db
    .selectFrom('beneficiary as b')
    .innerJoin('structure as s', 's.id', 'b.structure_id')
    .select(['b.id', 'b.first_name', 's.name as structure'])
    .where('b.id', '=', link.beneficiary_id)
    .executeTakeFirstOrThrow();
  await recordAccess(identityDb(db), {
    actor: { accountId: null, structureId: null },
    action: 'lecture',
    subjectType: 'plan-partage',
    subjectId: b.id,
    purpose: 'lecture de son plan par la personne (lien)',
    ip,
  });
  const plan = await planOf(db, b.id);
  return {
    firstName: b.first_name,
    structure: b.structure,
    expiresAt: link.expires_at.toISOString(),
    steps: plan.steps.map(({ notes: _notes, id: _id, ...s }) => s),
    next: plan.next && { title: plan.next.title, dueDate: plan.next.dueDate },
  };
}
