/**
 * The skills of an occupation as a person reviews them (to untick those not practised), from
 * GET /api/v1/occupations/{code}/skills: grouped by macro-compétence (savoirs by catégorie, contexts
 * by type), in the API's order. The codes are those POST /api/v1/transitions takes in `exclude`.
 */
import type { OccupationSkill } from './types.ts';

export interface SkillGroup {
  id: string;
  label: string;
  items: { code: string; label: string }[];
}

export function skillGroups(skills: OccupationSkill[]): SkillGroup[] {
  const groups = new Map<string, SkillGroup>();
  const seen = new Set<string>();
  for (const s of skills) {
    if (seen.has(s.code)) continue;
    seen.add(s.code);
    const key = `${s.kind}|${s.macro.code ?? s.macro.label}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { id: `g${groups.size}`, label: s.macro.label, items: [] }));
    g.items.push({ code: s.code, label: s.label });
  }
  return [...groups.values()];
}
