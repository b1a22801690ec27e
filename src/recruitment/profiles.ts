/**
 * Candidate profiles: structured fields a recruiter can search (commune, mobility, occupations
 * sought, level, availability, a short presentation) and an optional PDF CV. A profile is
 * searchable only when its candidate says so (`visible`); every recruiter's reading is logged.
 */
import { sql } from 'kysely';
import type { Principal } from '../platform/http/access.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { COMMUNE_CODE, ROME_CODE } from '../common/codes.ts';
import { findCommune, territoryDb } from '../territories/index.ts';
import { haversineKm } from '../trainings/index.ts';
import { identityDb, recordAccess } from '../identity/index.ts';
import type { RecruitmentDb } from './db.ts';
import { checkCv } from './cv.ts';
import type { Profile } from './contract.ts';

export interface ProfileInput {
  commune?: string | null;
  mobilityKm?: number;
  romes?: string[];
  level?: number | null;
  availableFrom?: string | null;
  presentation?: string;
  visible?: boolean;
  cv?: { filename: string; content: string };
  removeCv?: boolean;
}

async function readProfile(db: RecruitmentDb, accountId: number): Promise<Profile> {
  const account = await db.selectFrom('account').select('display_name').where('id', '=', accountId).executeTakeFirstOrThrow();
  const p = await db
    .selectFrom('recruitment_profile as p')
    .leftJoin('commune as c', 'c.code', 'p.commune')
    .select([
      'p.commune',
      'c.name as commune_name',
      'p.mobility_km',
      'p.romes',
      'p.level',
      sql<string | null>`to_char(p.available_from, 'YYYY-MM-DD')`.as('available_from'),
      'p.presentation',
      'p.visible',
    ])
    .where('p.account_id', '=', accountId)
    .executeTakeFirst();
  const cv = await db
    .selectFrom('recruitment_cv')
    .select(['filename', 'size', 'uploaded_at'])
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  const romes = p?.romes.length ? await db.selectFrom('rome_fiche').select(['code', 'label']).where('code', 'in', p.romes).execute() : [];
  return {
    name: account.display_name,
    commune: p?.commune ? { code: p.commune, name: p.commune_name ?? p.commune } : null,
    mobilityKm: p?.mobility_km ?? 30,
    romes: (p?.romes ?? []).map((code) => ({ code, label: romes.find((r) => r.code === code)?.label ?? code })),
    level: p?.level ?? null,
    availableFrom: p?.available_from ?? null,
    presentation: p?.presentation ?? '',
    visible: p?.visible ?? false,
    cv: cv ? { filename: cv.filename, size: cv.size, uploadedAt: cv.uploaded_at.toISOString() } : null,
  };
}

export const myProfile = (db: RecruitmentDb, me: Principal) => readProfile(db, me.accountId);

export async function saveProfile(db: RecruitmentDb, me: Principal, input: ProfileInput): Promise<Profile> {
  const commune = input.commune?.trim() || null;
  if (commune) {
    if (!COMMUNE_CODE.test(commune)) throw new InputError('commune', 'Commune : choisissez une commune dans la liste.');
    if (!(await db.selectFrom('commune').select('code').where('code', '=', commune).executeTakeFirst()))
      throw new InputError('commune', `Commune inconnue : ${commune}.`);
  }
  const romes = [...new Set((input.romes ?? []).map((r) => r.trim().toUpperCase()).filter(Boolean))];
  if (romes.length > 5) throw new InputError('romes', 'Métiers recherchés : 5 au plus.');
  for (const r of romes) {
    if (!ROME_CODE.test(r) || !(await db.selectFrom('rome_fiche').select('code').where('code', '=', r).executeTakeFirst())) {
      throw new InputError('romes', `Métier recherché inconnu : ${r} (un code ROME, ex. F1603).`);
    }
  }
  const mobility = input.mobilityKm ?? 30;
  if (!Number.isInteger(mobility) || mobility < 1 || mobility > 200) throw new InputError('mobilityKm', 'Mobilité : de 1 à 200 km.');
  if (input.level != null && !(Number.isInteger(input.level) && input.level >= 3 && input.level <= 8))
    throw new InputError('level', 'Niveau visé : de 3 à 8.');
  const available = input.availableFrom?.trim() || null;
  if (available && (!/^\d{4}-\d{2}-\d{2}$/.test(available) || Number.isNaN(Date.parse(available))))
    throw new InputError('availableFrom', 'Disponible à partir du : une date AAAA-MM-JJ.');
  const presentation = (input.presentation ?? '').trim();
  if (presentation.length > 2000) throw new InputError('presentation', 'Présentation : 2 000 caractères au plus.');
  const cv = input.cv ? checkCv(input.cv.filename, Buffer.from(input.cv.content, 'base64')) : null;
  const values = {
    commune,
    mobility_km: mobility,
    romes,
    level: input.level ?? null,
    available_from: available,
    presentation,
    visible: !!input.visible,
  };
  await db.transaction().execute(async (tx) => {
    await tx
      .insertInto('recruitment_profile')
      .values({ account_id: me.accountId, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...values, updated_at: sql<Date>`now()` }))
      .execute();
    if (cv) {
      const row = { filename: cv.filename, bytes: cv.bytes, size: cv.size, sha256: cv.sha256 };
      await tx
        .insertInto('recruitment_cv')
        .values({ account_id: me.accountId, ...row })
        .onConflict((oc) => oc.column('account_id').doUpdateSet({ ...row, uploaded_at: sql<Date>`now()` }))
        .execute();
    } else if (input.removeCv) {
      await tx.deleteFrom('recruitment_cv').where('account_id', '=', me.accountId).execute();
    }
  });
  return readProfile(db, me.accountId);
}

export async function myCv(db: RecruitmentDb, me: Principal): Promise<{ filename: string; bytes: Buffer }> {
  const cv = await db.selectFrom('recruitment_cv').select(['filename', 'bytes']).where('account_id', '=', me.accountId).executeTakeFirst();
  if (!cv) throw new NotFoundError('Votre profil n’a pas de CV.');
  return cv;
}

export interface CandidateQuery {
  commune?: string;
  rayon?: number;
  rome?: string;
  niveau?: number;
}

/**
 * Searchable profiles for a recruiter: near a commune (within the radius and within the
 * candidate's own mobility), by occupation and level. Shown minimised: a first name's initial is
 * not enough to find a person elsewhere, the rest is what the recruiter needs to choose.
 */
export async function searchCandidates(db: RecruitmentDb, me: Principal, query: CandidateQuery, ip?: string) {
  let near: { lat: number; lon: number; name: string } | null = null;
  if (query.commune) {
    const found = await findCommune(territoryDb(db), query.commune);
    if (!found || found.commune.lat == null || found.commune.lon == null)
      throw new InputError('commune', `Commune inconnue : ${query.commune}.`);
    near = { lat: found.commune.lat, lon: found.commune.lon, name: found.commune.name };
  }
  if (query.rome && !ROME_CODE.test(query.rome)) throw new InputError('rome', 'Code ROME : une lettre et quatre chiffres.');
  let select = db
    .selectFrom('recruitment_profile as p')
    .innerJoin('account as a', 'a.id', 'p.account_id')
    .leftJoin('commune as c', 'c.code', 'p.commune')
    .select([
      'p.account_id',
      'a.display_name',
      'c.name as commune_name',
      'c.lat',
      'c.lon',
      'p.mobility_km',
      'p.romes',
      'p.level',
      sql<string | null>`to_char(p.available_from, 'YYYY-MM-DD')`.as('available_from'),
    ])
    .where('p.visible', '=', true)
    .where(sql<boolean>`'candidat' = ANY(a.roles)`);
  if (query.rome) select = select.where(sql<boolean>`${query.rome} = ANY(p.romes)`);
  if (query.niveau) select = select.where('p.level', '=', query.niveau);
  const rows = await select.orderBy('p.updated_at', 'desc').limit(500).execute();
  const radius = query.rayon ?? 30;
  const results = rows
    .map((r) => ({ r, d: near && r.lat != null && r.lon != null ? haversineKm(near.lat, near.lon, r.lat, r.lon) : null }))
    .filter(({ r, d }) => !near || (d !== null && d <= radius && d <= r.mobility_km))
    .slice(0, 50)
    .map(({ r, d }) => ({
      id: r.account_id,
      name: initialOf(r.display_name),
      commune: r.commune_name,
      distanceKm: d === null ? null : Math.round(d * 10) / 10,
      mobilityKm: r.mobility_km,
      romes: r.romes,
      level: r.level,
      availableFrom: r.available_from,
    }));
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'recherche',
    subjectType: 'profils',
    subjectId:
      results
        .map((r) => r.id)
        .join(',')
        .slice(0, 500) || '-',
    purpose: 'recherche de candidats à l’apprentissage',
    ip,
  });
  return { total: results.length, results };
}

/** « Camille Martin » → « Camille M. » */
const initialOf = (name: string) => {
  const [first, ...rest] = name.trim().split(/\s+/);
  return rest.length ? `${first} ${rest[rest.length - 1][0].toUpperCase()}.` : first;
};

/**
 * One candidate's profile, for a recruiter: when the profile is searchable, or when the candidate
 * applied to one of the recruiter's structure's offers. Logged.
 */
export async function candidateProfile(db: RecruitmentDb, me: Principal, accountId: number, ip?: string): Promise<Profile> {
  const visible = await db.selectFrom('recruitment_profile').select('visible').where('account_id', '=', accountId).executeTakeFirst();
  const applied = await db
    .selectFrom('recruitment_application as ap')
    .innerJoin('recruitment_offer as o', 'o.id', 'ap.offer_id')
    .select('ap.id')
    .where('ap.candidate_id', '=', accountId)
    .where('o.structure_id', '=', me.structureId ?? -1)
    .executeTakeFirst();
  if (!visible?.visible && !applied) throw new NotFoundError('Profil inconnu ou non consultable.', 'id');
  await recordAccess(identityDb(db), {
    actor: me,
    action: 'lecture',
    subjectType: 'profil',
    subjectId: accountId,
    purpose: 'lecture d’un profil de candidat',
    ip,
  });
  const profile = await readProfile(db, accountId);
  return { ...profile, name: applied ? profile.name : initialOf(profile.name) };
}
