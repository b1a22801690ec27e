/**
 * The shapes the guidance API returns, from its contract. Type-only: the compiler erases these
 * imports, so nothing of the server reaches the browser.
 */
import type { SkillKind } from '../../../src/guidance/contract.ts';
import { ROME_CODE } from '../../../src/common/codes.ts';

export type { SkillKind, SkillRef, MissingGroup, Transition, SkillHit, OccupationSkill } from '../../../src/guidance/contract.ts';

export const KIND_LABELS: Record<SkillKind, string> = {
  'savoir-faire': 'savoir-faire',
  'savoir-etre': 'savoir-être',
  savoir: 'savoir',
  contexte: 'contexte de travail',
};

/** 0.724 → "72 %" (French spacing: a narrow no-break space before %). */
export function percent(x: number): string {
  return `${Math.round(x * 100)}\u202f%`;
}

/** A ROME code as people type it: "d1102 " → "D1102", anything else → null. */
export function romeCode(value: unknown): string | null {
  const code = String(value ?? '')
    .trim()
    .toUpperCase();
  return ROME_CODE.test(code) ? code : null;
}
