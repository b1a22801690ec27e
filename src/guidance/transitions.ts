import { InputError } from '../platform/errors.ts';
import { SkillsProfileError, type SkillsCatalog, type SkillsProfileInput, type Transition } from './skills-model.ts';

/** Most results a transitions query may ask for. */
export const MAX_TRANSITIONS = 100;
export const DEFAULT_TRANSITIONS = 10;

/** Checks a limit the way the API does; `field` is named in the error ("limit", "--limit"). */
export function checkLimit(limit: unknown, field = 'limit'): number {
  const n = typeof limit === 'string' && limit.trim() !== '' ? Number(limit) : limit;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_TRANSITIONS) {
    throw new InputError(field, `paramètre « ${field} » invalide : un entier entre 1 et ${MAX_TRANSITIONS} est attendu`);
  }
  return n;
}

/** The answer of a transitions query: the source profile as understood, then the ranked targets. */
export interface TransitionsAnswer {
  source: {
    occupations: { code: string; label: string }[];
    /** Number of ROME items (savoir-faire, savoir-être, savoirs, contextes) in the profile. */
    skills: number;
    /** ESCO URIs known but without a ROME counterpart: ignored. */
    unmappedEsco: string[];
  };
  transitions: Transition[];
}

/** Transitions from one fiche (`occupations transitions CODE`, GET /api/v1/occupations/{code}/transitions). */
export function transitionsFromOccupation(skills: SkillsCatalog, code: string, limit: number, field = 'code'): TransitionsAnswer {
  const normalised = code.trim().toUpperCase();
  if (!skills.hasFiche(normalised)) throw new InputError(field, `paramètre « ${field} » invalide : fiche ROME inconnue (${code})`);
  return transitionsFromProfile(skills, { occupations: [normalised] }, limit);
}

/**
 * Transitions from a skills profile (POST /api/v1/transitions). An empty profile, an unknown code or
 * a profile left empty by the unticked skills get a 400 naming the field.
 */
export function transitionsFromProfile(skills: SkillsCatalog, input: SkillsProfileInput, limit: number): TransitionsAnswer {
  const given = (input.occupations?.length ?? 0) + (input.skills?.length ?? 0) + (input.esco?.length ?? 0);
  if (given === 0) {
    throw new InputError(
      'skills',
      'champ « skills » invalide : le profil est vide ; indiquez au moins un métier (occupations), une compétence (skills) ou une URI ESCO (esco)',
    );
  }
  let profile;
  try {
    profile = skills.profile(input);
  } catch (error) {
    if (error instanceof SkillsProfileError)
      throw new InputError(error.field, `champ « ${error.field} » invalide : ${lowerFirst(error.message)}`);
    throw error;
  }
  if (profile.items.size === 0) {
    const field = input.exclude?.length ? 'exclude' : input.esco?.length ? 'esco' : 'skills';
    throw new InputError(field, `champ « ${field} » invalide : aucune compétence ROME ne reste dans le profil`);
  }
  return {
    source: {
      occupations: profile.occupations.map((code) => ({ code, label: skills.ficheLabel(code) ?? code })),
      skills: profile.items.size,
      unmappedEsco: [...profile.unmappedEsco],
    },
    transitions: skills.transitions(profile, { limit }),
  };
}

const lowerFirst = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);

/** Terminal text of an answer: one line per target, its reasons and effort, then its heaviest missing groups. */
export function transitionsText(answer: TransitionsAnswer): string {
  const from = answer.source.occupations.map((o) => `${o.code} ${o.label}`).join(', ') || 'profil de compétences';
  const lines = [`Passerelles depuis ${from} (${answer.source.skills} compétences) :`];
  if (!answer.transitions.length) lines.push('Aucun métier.');
  answer.transitions.forEach((t, i) => {
    lines.push(
      `${String(i + 1).padStart(2)}. ${t.code}  ${t.label}  — score ${(t.score * 100).toFixed(0)} %, ` +
        `${t.shared.length} compétences communes (${(t.coverage * 100).toFixed(0)} % du métier), confiance ${t.confidence}`,
    );
    for (const r of t.reasons) lines.push(`      pourquoi : ${r}`);
    lines.push(`      effort : ${t.effort.text}`);
    const gaps = t.missing.filter((g) => g.skills.some((s) => s.kind === 'savoir-faire')).slice(0, 3);
    for (const g of gaps)
      lines.push(
        `      à acquérir : ${g.macro.label} (${g.skills
          .map((s) => s.label)
          .slice(0, 3)
          .join(' ; ')}${g.skills.length > 3 ? ' ; …' : ''})`,
      );
  });
  if (answer.source.unmappedEsco.length) lines.push(`URI ESCO sans équivalent ROME (ignorées) : ${answer.source.unmappedEsco.join(', ')}`);
  return lines.join('\n');
}
