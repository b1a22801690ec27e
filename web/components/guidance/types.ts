/**
 * The shapes the guidance API returns (src/guidance), as the portal reads them. Kept here rather
 * than imported from src/ so that nothing of the server is pulled into the browser bundle.
 */
export type SkillKind = 'savoir-faire' | 'savoir-etre' | 'savoir' | 'contexte';

export interface SkillRef {
  code: string;
  label: string;
  kind: SkillKind;
  /** Share of the target fiche's total weight. */
  weight: number;
}

export interface MissingGroup {
  macro: { code: string | null; label: string };
  skills: SkillRef[];
}

export interface Transition {
  code: string;
  label: string;
  /** In [0, 1]: how much of the target's weighted skills the profile covers. */
  score: number;
  /** Exact share of the target's weight held (sum of `shared` weights). */
  coverage?: number;
  shared: SkillRef[];
  missing: MissingGroup[];
}

/** GET /api/skills?q= */
export interface SkillHit {
  code: string;
  label: string;
  kind: SkillKind;
  macro: { code: string; label: string } | null;
  fiches?: number;
}

/** GET /api/occupations?q= */
export interface OccupationHit {
  code: string;
  label: string;
  matched?: string;
}

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
  const code = String(value ?? '').trim().toUpperCase();
  return /^[A-N][0-9]{4}$/.test(code) ? code : null;
}

/** Lower case, no accents, single spaces: to compare what people type with labels. */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
