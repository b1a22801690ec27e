/** One person's record as a counsellor reads it (logged with its purpose). */
import type { Principal } from '../platform/http/access.ts';
import { identityDb, recordAccess } from '../identity/index.ts';
import { CONSENT } from '../common/counselling-words.ts';
import type { CounsellingDb } from './db.ts';
import { ownBeneficiary } from './beneficiaries.ts';
import { planOf } from './plan.ts';

export async function getRecord(db: CounsellingDb, me: Principal, id: number, purpose: string, ip?: string) {
  const b = await ownBeneficiary(db, me, id);
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'lecture',
    subjectType: 'beneficiaire',
    subjectId: id,
    purpose: purpose || 'accompagnement',
    ip,
  });
  const commune = b.commune
    ? await db.selectFrom('commune').select(['code', 'name']).where('code', '=', b.commune).executeTakeFirst()
    : undefined;
  const profile = await db
    .selectFrom('beneficiary_profile')
    .select(['occupations', 'exclude', 'skills', 'esco', 'updated_at'])
    .where('beneficiary_id', '=', id)
    .executeTakeFirst();
  const added = profile?.skills.length
    ? await db.selectFrom('rome_item').select(['code_ogr', 'label']).where('code_ogr', 'in', profile.skills).execute()
    : [];
  const simulations = await db
    .selectFrom('beneficiary_simulation')
    .select(['id', 'label', 'data_version', 'created_at'])
    .where('beneficiary_id', '=', id)
    .orderBy('created_at', 'desc')
    .execute();
  const links = await db
    .selectFrom('beneficiary_link')
    .select(['id', 'expires_at', 'revoked_at', 'created_at'])
    .where('beneficiary_id', '=', id)
    .orderBy('created_at', 'desc')
    .execute();
  const referrals = await db
    .selectFrom('referral as r')
    .innerJoin('structure as t', 't.id', 'r.to_structure')
    .select(['r.id', 'r.project', 'r.status', 'r.reason', 'r.created_at', 'r.decided_at', 't.name as to_name'])
    .where('r.beneficiary_id', '=', id)
    .orderBy('r.created_at', 'desc')
    .execute();
  return {
    id: b.id,
    firstName: b.first_name,
    initial: b.initial,
    commune: commune ? { code: commune.code, name: commune.name } : null,
    ageBracket: b.age_bracket,
    status: b.status,
    purpose: b.purpose,
    consent: {
      at: b.consent_at.toISOString(),
      version: b.consent_version,
      text: b.consent_version === CONSENT.version ? CONSENT.text : null,
    },
    profile: profile
      ? {
          occupations: profile.occupations,
          exclude: profile.exclude,
          skills: profile.skills,
          /** The skills added to those of the occupations, with their ROME label. */
          added: profile.skills.map((code) => ({ code, label: added.find((a) => a.code_ogr === code)?.label ?? code })),
          esco: profile.esco,
          updatedAt: profile.updated_at.toISOString(),
        }
      : null,
    simulations: simulations.map((s) => ({ id: s.id, label: s.label, dataVersion: s.data_version, createdAt: s.created_at.toISOString() })),
    plan: await planOf(db, id),
    links: links.map((l) => ({
      id: l.id,
      expiresAt: l.expires_at.toISOString(),
      revokedAt: l.revoked_at?.toISOString() ?? null,
      createdAt: l.created_at.toISOString(),
    })),
    referrals: referrals.map((r) => ({
      id: r.id,
      project: r.project,
      to: r.to_name,
      status: r.status,
      reason: r.reason,
      createdAt: r.created_at.toISOString(),
      decidedAt: r.decided_at?.toISOString() ?? null,
    })),
  };
}
