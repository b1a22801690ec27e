/**
 * The people a structure accompanies: a minimal record (a first name or a pseudonym, commune, age
 * bracket, situation), the purpose and the consent recorded, the saved skills profile. Every
 * record is its structure's alone: another structure's id answers 404, whatever the route. Every
 * reading of a record is logged with its purpose.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { COMMUNE_CODE } from '../common/codes.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, CONSENT, type AgeBracket, type BeneficiaryStatus } from '../common/counselling-words.ts';
import { identityDb, recordAccess } from '../identity/index.ts';
import type { CounsellingDb, CounsellingSchema } from './db.ts';

export interface BeneficiaryInput {
  firstName: string;
  initial?: string | null;
  commune?: string | null;
  ageBracket: AgeBracket;
  status: BeneficiaryStatus;
  purpose: string;
  /** The person agreed to the consent text of this version (CONSENT), today. */
  consent?: boolean;
}

async function checkBeneficiary(db: CounsellingDb, input: BeneficiaryInput) {
  const firstName = (input.firstName ?? '').trim();
  if (!firstName || firstName.length > 60) throw new InputError('firstName', 'Prénom ou pseudonyme : de 1 à 60 caractères.');
  const initial = (input.initial ?? '').trim().toUpperCase() || null;
  if (initial && !/^\p{L}{1,2}$/u.test(initial)) throw new InputError('initial', 'Initiale du nom : une ou deux lettres, ou rien.');
  const commune = (input.commune ?? '').trim() || null;
  if (
    commune &&
    (!COMMUNE_CODE.test(commune) || !(await db.selectFrom('commune').select('code').where('code', '=', commune).executeTakeFirst()))
  ) {
    throw new InputError('commune', `Commune inconnue : ${commune}.`);
  }
  if (!(input.ageBracket in AGE_BRACKETS)) throw new InputError('ageBracket', 'Tranche d’âge : choisissez-en une.');
  if (!(input.status in BENEFICIARY_STATUSES)) throw new InputError('status', 'Situation : choisissez-en une.');
  const purpose = (input.purpose ?? '').trim();
  if (purpose.length < 5 || purpose.length > 300) throw new InputError('purpose', 'Finalité de l’accompagnement : de 5 à 300 caractères.');
  return { first_name: firstName, initial, commune, age_bracket: input.ageBracket, status: input.status, purpose };
}

export async function createBeneficiary(db: CounsellingDb, me: Principal, input: BeneficiaryInput, ip?: string): Promise<{ id: number }> {
  if (!input.consent)
    throw new InputError('consent', 'Le consentement de la personne est nécessaire : lisez-lui le texte et cochez la case.');
  const values = await checkBeneficiary(db, input);
  return db.transaction().execute(async (tx) => {
    const row = await tx
      .insertInto('beneficiary')
      .values({
        ...values,
        structure_id: me.structureId!,
        consent_at: new Date(),
        consent_version: CONSENT.version,
        consent_by: me.accountId,
        created_by: me.accountId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await recordAccess(identityDb<CounsellingSchema>(tx), {
      actor: me,
      action: 'création',
      subjectType: 'beneficiaire',
      subjectId: row.id,
      purpose: values.purpose,
      ip,
    });
    return { id: row.id };
  });
}

/** The record if it is the caller's structure's; 404 otherwise (its existence is not told). */
export async function ownBeneficiary(db: CounsellingDb, me: Principal, id: number) {
  const b = await db
    .selectFrom('beneficiary')
    .selectAll()
    .where('id', '=', id)
    .where('structure_id', '=', me.structureId ?? -1)
    .executeTakeFirst();
  if (!b) throw new NotFoundError('Personne inconnue dans votre structure.', 'id');
  return b;
}

export async function updateBeneficiary(db: CounsellingDb, me: Principal, id: number, input: BeneficiaryInput, ip?: string) {
  await ownBeneficiary(db, me, id);
  const values = await checkBeneficiary(db, input);
  await db.transaction().execute(async (tx) => {
    await tx
      .updateTable('beneficiary')
      .set({ ...values, updated_at: sql<Date>`now()` })
      .where('id', '=', id)
      .execute();
    await recordAccess(identityDb<CounsellingSchema>(tx), {
      actor: me,
      action: 'modification',
      subjectType: 'beneficiaire',
      subjectId: id,
      purpose: values.purpose,
      ip,
    });
  });
  return { id };
}

/** Marks the record as active now (its retention runs from the last activity). */
export async function touch(db: CounsellingDb, id: number) {
  await db.updateTable('beneficiary').set({ updated_at: sql<Date>`now()` }).where('id', '=', id).execute();
}

export interface ProfileInput {
  occupations?: string[];
  exclude?: string[];
  skills?: string[];
  esco?: string[];
}

export async function saveProfile(db: CounsellingDb, me: Principal, id: number, input: ProfileInput, check: (p: ProfileInput) => void) {
  await ownBeneficiary(db, me, id);
  check(input);
  const values = { occupations: input.occupations ?? [], exclude: input.exclude ?? [], skills: input.skills ?? [], esco: input.esco ?? [] };
  await db
    .insertInto('beneficiary_profile')
    .values({ beneficiary_id: id, ...values })
    .onConflict((oc) => oc.column('beneficiary_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
    .execute();
  await touch(db, id);
}

const endOfWeek = sql<string>`(date_trunc('week', now()) + interval '6 days')::date`;

/** « Mes bénéficiaires »: the structure's people, those with a step due this week or late first. */
export async function listBeneficiaries(
  db: CounsellingDb,
  me: Principal,
  query: { q?: string; action?: boolean; page?: number },
  ip?: string,
) {
  const pageSize = 50;
  let select = db
    .selectFrom('beneficiary as b')
    .leftJoin('commune as c', 'c.code', 'b.commune')
    .select([
      'b.id',
      'b.first_name',
      'b.initial',
      'c.name as commune_name',
      'b.age_bracket',
      'b.status',
      'b.updated_at',
      sql<string | null>`(SELECT to_char(min(s.due_date), 'YYYY-MM-DD') FROM plan_step s
        WHERE s.beneficiary_id = b.id AND s.status IN ('a-faire', 'en-cours') AND s.due_date IS NOT NULL)`.as('next_due'),
      sql<number>`(SELECT count(*)::int FROM plan_step s
        WHERE s.beneficiary_id = b.id AND s.status IN ('a-faire', 'en-cours') AND s.due_date < current_date)`.as('late'),
    ])
    .where('b.structure_id', '=', me.structureId ?? -1);
  const q = (query.q ?? '').trim();
  if (q) select = select.where(sql<boolean>`unaccent(lower(b.first_name)) LIKE unaccent(lower(${`${q.replace(/[\\%_]/g, '\\$&')}%`}))`);
  if (query.action) {
    select = select.where(
      sql<boolean>`EXISTS (SELECT 1 FROM plan_step s WHERE s.beneficiary_id = b.id AND s.status IN ('a-faire', 'en-cours') AND s.due_date <= ${endOfWeek})`,
    );
  }
  const total = Number((await db.selectFrom(select.as('x')).select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow()).n);
  const page = Math.max(1, query.page ?? 1);
  const rows = await select
    .orderBy(
      sql`CASE WHEN (SELECT min(s.due_date) FROM plan_step s WHERE s.beneficiary_id = b.id AND s.status IN ('a-faire', 'en-cours')) <= ${endOfWeek} THEN 0 ELSE 1 END`,
    )
    .orderBy('b.updated_at', 'desc')
    .orderBy('b.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'liste',
    subjectType: 'beneficiaires',
    subjectId: me.structureId ?? '-',
    purpose: 'suivi des personnes accompagnées',
    ip,
  });
  return {
    total,
    page,
    pages: Math.max(1, Math.ceil(total / pageSize)),
    results: rows.map((r) => ({
      id: r.id,
      name: r.initial ? `${r.first_name} ${r.initial}.` : r.first_name,
      commune: r.commune_name,
      ageBracket: r.age_bracket,
      status: r.status,
      nextDue: r.next_due,
      late: r.late,
      updatedAt: r.updated_at.toISOString(),
    })),
  };
}

/** Counts for a supervisor: no person named, nothing but figures. */
export async function structureView(db: CounsellingDb, me: Principal) {
  const s = me.structureId ?? -1;
  const { rows } = await sql<{
    people: number;
    active: number;
    late_steps: number;
    steps: Record<string, number> | null;
    referrals: Record<string, number> | null;
  }>`
    SELECT
      (SELECT count(*)::int FROM beneficiary WHERE structure_id = ${s}) AS people,
      (SELECT count(*)::int FROM beneficiary WHERE structure_id = ${s} AND updated_at > now() - interval '90 days') AS active,
      (SELECT count(*)::int FROM plan_step p JOIN beneficiary b ON b.id = p.beneficiary_id
        WHERE b.structure_id = ${s} AND p.status IN ('a-faire', 'en-cours') AND p.due_date < current_date) AS late_steps,
      (SELECT jsonb_object_agg(status, n) FROM (SELECT p.status, count(*)::int AS n FROM plan_step p JOIN beneficiary b ON b.id = p.beneficiary_id
        WHERE b.structure_id = ${s} GROUP BY p.status) x) AS steps,
      (SELECT jsonb_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM referral
        WHERE from_structure = ${s} OR to_structure = ${s} GROUP BY status) y) AS referrals`.execute(db);
  const r = rows[0];
  return { people: r.people, active: r.active, lateSteps: r.late_steps, steps: r.steps ?? {}, referrals: r.referrals ?? {} };
}

/** Everything kept about one person (RGPD art. 15 and 20), as JSON; logged. */
export async function exportBeneficiary(db: CounsellingDb, me: Principal, id: number, ip?: string) {
  const b = await ownBeneficiary(db, me, id);
  const profile = await db.selectFrom('beneficiary_profile').selectAll().where('beneficiary_id', '=', id).executeTakeFirst();
  const simulations = await db
    .selectFrom('beneficiary_simulation')
    .select(['id', 'label', 'input', 'result', 'data_version', 'created_at'])
    .where('beneficiary_id', '=', id)
    .execute();
  const plan = await db.selectFrom('plan_step').selectAll().where('beneficiary_id', '=', id).orderBy('id').execute();
  const links = await db
    .selectFrom('beneficiary_link')
    .select(['id', 'expires_at', 'revoked_at', 'created_at'])
    .where('beneficiary_id', '=', id)
    .execute();
  const referrals = await db.selectFrom('referral').selectAll().where('beneficiary_id', '=', id).execute();
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'export',
    subjectType: 'beneficiaire',
    subjectId: id,
    purpose: 'droit d’accès et à la portabilité (RGPD art. 15 et 20)',
    ip,
  });
  return {
    personne: b,
    consentement: { version: b.consent_version, texte: b.consent_version === CONSENT.version ? CONSENT.text : null },
    profil: profile ?? null,
    simulations,
    plan,
    liens: links,
    orientations: referrals,
  };
}

/** Erases a person (RGPD art. 17): every row of every table goes; the audit log keeps that it happened. */
export async function eraseBeneficiary(db: CounsellingDb, me: Principal, id: number, reason: string, ip?: string) {
  await ownBeneficiary(db, me, id);
  await db.transaction().execute(async (tx) => {
    await tx.deleteFrom('beneficiary').where('id', '=', id).execute();
    await recordAccess(identityDb<CounsellingSchema>(tx), {
      actor: me,
      action: 'effacement',
      subjectType: 'beneficiaire',
      subjectId: id,
      purpose: reason || 'droit à l’effacement (RGPD art. 17)',
      ip,
    });
  });
  return { message: 'La personne et tout ce qui la concerne sont effacés. Le journal des accès garde la trace de l’effacement.' };
}
