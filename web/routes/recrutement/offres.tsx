import { Form, redirect, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import type { LoaderArgs } from '../../api.ts';
import { apiError } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { InputField, pageTitle, SelectField } from '../../components/compte/forms.tsx';
import { LEVEL_OPTIONS, OfferCard, resolveCommune, signedIn } from '../../components/apprentissage/offres.tsx';
import { COMMUNE_CODE } from '../../../src/common/codes.ts';
import { deName } from '../../../src/common/text.ts';

/**
 * « Offres d’apprentissage »: a GET search (words, a commune and a radius, a level), published
 * offers ranked by relevance, distance and how their recruiters answer. A commune typed by name is
 * resolved and kept in the URL as its INSEE code.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const get = (name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 200);
  const q = get('q');
  const commune = get('commune');
  const rayon = Number(get('rayon')) || 30;
  const niveau = Number(get('niveau')) || undefined;
  const errors: FieldError[] = [];
  if (commune && !COMMUNE_CODE.test(commune)) {
    const found = await resolveCommune(context.api, commune);
    if (found) {
      url.searchParams.set('commune', found.code);
      throw redirect(`${url.pathname}${url.search}`);
    }
    errors.push({ target: 'commune', message: `Aucune commune ne correspond à « ${commune} » : essayez un autre nom ou un code postal.` });
  }
  const res = await context.api.get('/api/v1/recruitment/offers', {
    query: {
      q: q || undefined,
      commune: commune && !errors.length ? commune : undefined,
      rayon,
      niveau,
      page: Number(get('page')) || undefined,
    },
  });
  const refusal = apiError(res);
  if (refusal) errors.push({ target: refusal.field === 'commune' ? 'commune' : 'q', message: refusal.message });
  const me = await signedIn(context.api);
  return {
    form: { q, commune, rayon, niveau },
    errors,
    result: res.status === 200 ? res.body : null,
    recruiter: !!me?.roles.some((r) => r === 'employeur' || r === 'cfa'),
  };
}

export default function OffresPage() {
  const { form, errors, result, recruiter } = useLoaderData<typeof loader>();
  const near = result?.near ? ` autour ${deName(result.near.name)}` : '';
  return (
    <div className="r-page">
      <title>{pageTitle('Offres de contrat en apprentissage', errors, theme.name)}</title>
      <h1>Offres de contrat en apprentissage</h1>
      <p>
        Des employeurs et des CFA de la région déposent ici leurs offres. Chaque offre montre la part des candidatures auxquelles son
        recruteur répond : les offres des recruteurs qui ne répondent pas descendent dans la liste.
        {recruiter ? (
          <>
            {' '}
            <a href="/apprentissage/offres/deposer">Déposer une offre</a> · <a href="/apprentissage/mes-offres">Mes offres</a>
          </>
        ) : null}
      </p>
      <ErrorSummary errors={errors} />
      <Form method="get" className="r-form" role="search" aria-label="Chercher une offre">
        <InputField id="q" name="q" label="Métier, diplôme ou mot-clé" required={false} defaultValue={form.q} />
        <InputField
          id="commune"
          name="commune"
          label="Commune"
          hint="Nom, code postal ou code INSEE"
          required={false}
          defaultValue={form.commune}
        />
        <SelectField
          id="rayon"
          name="rayon"
          label="Distance maximale"
          defaultValue={form.rayon}
          options={[10, 20, 30, 50, 100].map((km) => [String(km), `${km} km`])}
        />
        <SelectField id="niveau" name="niveau" label="Niveau du diplôme préparé" defaultValue={form.niveau ?? ''} options={LEVEL_OPTIONS} />
        <button type="submit" className="button">
          Chercher
        </button>
      </Form>
      {result ? (
        <section aria-labelledby="resultats">
          <h2 id="resultats" aria-live="polite">
            {result.total === 0 ? `Aucune offre${near}` : `${result.total} offre${result.total > 1 ? 's' : ''}${near}`}
          </h2>
          {result.notes.map((n) => (
            <p key={n} className="hint">
              {n}
            </p>
          ))}
          <ul className="r-list">
            {result.results.map((o) => (
              <OfferCard key={o.id} offer={o} />
            ))}
          </ul>
          {result.pages > 1 ? (
            <nav aria-label="Pages de résultats">
              {result.page > 1 ? <a href={pageHref(form, result.page - 1)}>Page précédente</a> : null}{' '}
              {result.page < result.pages ? <a href={pageHref(form, result.page + 1)}>Page suivante</a> : null}
            </nav>
          ) : null}
        </section>
      ) : null}
    </div>
  );
}

function pageHref(form: { q: string; commune: string; rayon: number; niveau?: number }, page: number): string {
  const p = new URLSearchParams();
  if (form.q) p.set('q', form.q);
  if (form.commune) p.set('commune', form.commune);
  p.set('rayon', String(form.rayon));
  if (form.niveau) p.set('niveau', String(form.niveau));
  p.set('page', String(page));
  return `/apprentissage/offres?${p}`;
}
