/**
 * What the counsellors' pages share: the API's refusals turned into pages (sign-in, 403, 404), the
 * words of the workspace as select options, a person's name and the French date of a day.
 */
import { redirect } from 'react-router';
import { apiError, type ApiResult } from '../../api.ts';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, REFERRAL_STATUSES, STEP_KINDS, STEP_STATUSES } from '../../../src/common/counselling-words.ts';

export { AGE_BRACKETS, BENEFICIARY_STATUSES, REFERRAL_STATUSES, STEP_KINDS, STEP_STATUSES };

/** A table of words as the options of a select, with an empty first choice when `empty` is given. */
export function options(words: Record<string, string>, empty?: string): [string, string][] {
  return [...(empty === undefined ? [] : [['', empty] as [string, string]]), ...Object.entries(words)];
}

/** The word of a code in a table, or the code as is. */
export function word(words: Record<string, string>, code: string | null | undefined): string {
  return code ? ((words as Record<string, string | undefined>)[code] ?? code) : '';
}

/** « Léa M. », or « Léa ». */
export function personName(p: { firstName: string; initial?: string | null }): string {
  return p.initial ? `${p.firstName} ${p.initial}.` : p.firstName;
}

/** « 3 décembre 2026 » for a day AAAA-MM-JJ, « sans date » when there is none. */
export function day(iso: string | null | undefined): string {
  return iso ? longFrenchDate(iso) : 'sans date';
}

/**
 * The body of an API answer for a counsellor's page, or the page the refusal calls for: sign-in
 * (then back to `back`), the French message of a 403 or 404 as the page's error.
 */
export function counsellorAnswer<T>(res: ApiResult<T>, back: string): T {
  if (res.status === 200) return res.body;
  if (res.status === 401) throw redirect(`/connexion?retour=${encodeURIComponent(back)}`);
  const r = apiError(res);
  const message =
    res.status === 403
      ? 'Cet espace est réservé aux conseillers et conseillères en insertion et en évolution professionnelle.'
      : r?.message;
  throw new Response(message ?? 'Le service ne répond pas comme prévu. Réessayez dans un instant.', { status: res.status });
}
