/**
 * What the pages of offers and applications share: the recruiter's answers in French, an offer's
 * card, the signed-in person's roles, a commune typed by name, a CV from a form.
 */
import type { WebApi, ApiAnswer } from '../../api.ts';
import { COMMUNE_CODE_ANY_CASE } from '../../../src/common/codes.ts';
import { longFrenchDate } from '../../../src/common/dates.ts';

type OfferSummary = ApiAnswer<'GET', '/api/v1/recruitment/offers'>['results'][number];
type Stats = OfferSummary['recruiter'];

/** « Répond à 80 % des candidatures, en 2 jours (médiane) » — or why there is no figure yet. */
export function recruiterText(stats: Stats): string {
  if (stats.responseRate === null) return 'Taux de réponse : pas encore de candidature à compter.';
  const rate = `${Math.round(stats.responseRate * 100)} %`;
  const delay = stats.medianAnswerHours === null ? '' : `, en ${duration(stats.medianAnswerHours)} (médiane)`;
  return `Répond à ${rate} des candidatures (${stats.answered} sur ${stats.counted})${delay}.`;
}

function duration(hours: number): string {
  if (hours < 1) return 'moins d’une heure';
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} jours`;
}

export const LEVELS: Record<number, string> = {
  3: '3 – CAP, BEP',
  4: '4 – baccalauréat',
  5: '5 – bac + 2 (BTS, BUT 2e année)',
  6: '6 – bac + 3 (licence, BUT)',
  7: '7 – bac + 5 (master, ingénieur)',
  8: '8 – doctorat',
};

export function OfferCard({ offer }: { offer: OfferSummary }) {
  return (
    <li className="r-card">
      <h3>
        <a href={`/apprentissage/offres/${offer.id}`}>{offer.title}</a>
      </h3>
      <p>
        <strong>{offer.company}</strong> — {offer.commune.name} ({offer.commune.departement})
        {offer.distanceKm === null ? '' : `, à ${offer.distanceKm.toLocaleString('fr-FR')} km`}
      </p>
      <p>
        {offer.appellation.label} · {offer.diploma}
        {offer.level ? ` (niveau ${offer.level})` : ''} · début le {longFrenchDate(offer.startDate)} · {offer.places}{' '}
        {offer.places > 1 ? 'places' : 'place'}
      </p>
      <p className="hint">{recruiterText(offer.recruiter)}</p>
    </li>
  );
}

/** The signed-in person's roles, or null when nobody is signed in. */
export async function signedIn(api: WebApi): Promise<{ name: string; roles: readonly string[] } | null> {
  const res = await api.get('/api/v1/account');
  return res.status === 200 ? { name: res.body.name, roles: res.body.roles } : null;
}

/** A commune typed by name, postcode or INSEE code → its INSEE code and name (the most likely one). */
export async function resolveCommune(api: WebApi, text: string): Promise<{ code: string; name: string } | null> {
  if (!text) return null;
  const res = await api.get('/api/v1/territories/communes', { query: { q: text, limit: 1 } });
  const hit = res.status === 200 ? res.body[0] : undefined;
  if (hit) return { code: hit.code, name: hit.name };
  return COMMUNE_CODE_ANY_CASE.test(text) ? { code: text.toUpperCase(), name: text } : null;
}

/** A file input's PDF as the API takes it, or undefined when no file was chosen. */
export async function uploadOf(value: FormDataEntryValue | null): Promise<{ filename: string; content: string } | undefined> {
  if (!value || typeof value === 'string' || value.size === 0) return undefined;
  return { filename: value.name, content: Buffer.from(await value.arrayBuffer()).toString('base64') };
}

export const LEVEL_OPTIONS: [string, string][] = [
  ['', 'Tous niveaux'],
  ...Object.entries(LEVELS).map(([k, v]) => [k, v] as [string, string]),
];
