/**
 * The public tool's simulations run on a person's saved skills profile and kept with the data
 * version they were computed on: transitions (occupations the profile opens) and pathways toward
 * a target. A saved result is read back as it was, even after newer data.
 */
import type { Principal } from '../platform/http/access.ts';
import { InputError, NotFoundError } from '../platform/errors.ts';
import { dataVersion } from '../platform/import/status.ts';
import type { DbHandle } from '../platform/db/connection.ts';
import { simulatePathways, skillsCatalogFor, SkillsProfileError, transitionsFromProfile } from '../guidance/index.ts';
import type { AgeBracket, BeneficiaryStatus } from '../common/counselling-words.ts';
import { counsellingDb } from './db.ts';
import { ownBeneficiary, touch } from './beneficiaries.ts';

/** The age the funding rules read for a bracket: its lower bound, the least favourable reading. */
const AGE_OF: Record<AgeBracket, number> = { 'moins-de-18': 16, '18-25': 18, '26-44': 26, '45-plus': 45 };

export interface SimulationInput {
  kind: 'transitions' | 'parcours';
  /** Target ROME code (parcours). */
  to?: string;
  /** INSEE code of the commune (parcours; default: the person's). */
  commune?: string;
  radius?: number;
  label?: string;
}

/** Checks a skills profile against the catalog (unknown codes → InputError naming the field). */
export async function checkProfile(
  handle: DbHandle,
  profile: { occupations?: string[]; exclude?: string[]; skills?: string[]; esco?: string[] },
) {
  const skills = await skillsCatalogFor(handle);
  try {
    return skills.profile(profile);
  } catch (error) {
    if (error instanceof SkillsProfileError) throw new InputError(error.field, error.message);
    throw error;
  }
}

export async function runSimulation(handle: DbHandle, me: Principal, beneficiaryId: number, input: SimulationInput) {
  const db = counsellingDb(handle.db);
  const b = await ownBeneficiary(db, me, beneficiaryId);
  const saved = await db.selectFrom('beneficiary_profile').selectAll().where('beneficiary_id', '=', beneficiaryId).executeTakeFirst();
  if (!saved) throw new InputError('profile', 'Enregistrez d’abord le profil de compétences de la personne.');
  const profileInput = { occupations: saved.occupations, exclude: saved.exclude, skills: saved.skills, esco: saved.esco };
  const profile = await checkProfile(handle, profileInput);
  const skills = await skillsCatalogFor(handle);
  let result: unknown;
  let label: string;
  if (input.kind === 'transitions') {
    result = transitionsFromProfile(skills, profileInput, 20);
    label = input.label?.trim() || 'Métiers que ses compétences ouvrent';
  } else {
    const commune = input.commune ?? b.commune;
    if (!commune) throw new InputError('commune', 'Commune : indiquez où la personne cherche (ou sa commune dans sa fiche).');
    if (!input.to) throw new InputError('to', 'Métier visé : un code ROME, ex. D1102.');
    result = await simulatePathways(
      { db: handle.db, skills },
      {
        skills: [...profile.items],
        to: input.to,
        commune,
        radius: input.radius ?? 30,
        status: b.status as BeneficiaryStatus,
        age: AGE_OF[b.age_bracket],
      },
    );
    label = input.label?.trim() || `Parcours vers ${skills.ficheLabel(input.to) ?? input.to}`;
  }
  const row = await db
    .insertInto('beneficiary_simulation')
    .values({
      beneficiary_id: beneficiaryId,
      label: label.slice(0, 200),
      input: JSON.stringify({ ...input, profile: profileInput }),
      result: JSON.stringify(result),
      data_version: await dataVersion(handle.db),
      created_by: me.accountId,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await touch(db, beneficiaryId);
  return { id: row.id };
}

/** A saved simulation as it was computed, with the data version it used. */
export async function getSimulation(handle: DbHandle, me: Principal, id: number) {
  const db = counsellingDb(handle.db);
  const s = await db.selectFrom('beneficiary_simulation').selectAll().where('id', '=', id).executeTakeFirst();
  if (!s) throw new NotFoundError('Simulation inconnue.', 'id');
  await ownBeneficiary(db, me, s.beneficiary_id);
  const current = await dataVersion(handle.db);
  return {
    id: s.id,
    beneficiaryId: s.beneficiary_id,
    label: s.label,
    input: s.input,
    result: s.result,
    dataVersion: s.data_version,
    currentDataVersion: current,
    createdAt: s.created_at.toISOString(),
  };
}
