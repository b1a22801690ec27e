/**
 * HOOK: the indicators of a draft division. Issue 13 asks for the steering indicators (tension,
 * recruitment projects, unemployment, training places…) recomputed for each territory of a draft;
 * they do not exist yet. When they do, compute them here from each territory's communes (every
 * indicator defined at commune or EPCI level adds up over whole EPCI) and return them in place of
 * the « pas encore » status: the check (builder-check.ts), the API and the CLI already carry this
 * field.
 */
export interface DraftIndicators {
  status: 'pas-encore' | 'calcules';
  message: string;
  /** By territory name, then indicator id: the value (empty until the indicators exist). */
  values: Record<string, Record<string, number | null>>;
}

export function draftIndicators(_territories: readonly { name: string; communes: readonly string[] }[]): DraftIndicators {
  return {
    status: 'pas-encore',
    message: 'Les indicateurs de pilotage ne sont pas encore calculés : ils le seront ici pour chaque territoire du brouillon.',
    values: {},
  };
}
