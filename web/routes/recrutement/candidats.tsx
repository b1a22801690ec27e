import { Form, redirect, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { InputField, pageTitle, SelectField } from '../../components/compte/forms.tsx';
import { LEVEL_OPTIONS, LEVELS, resolveCommune } from '../../components/apprentissage/offres.tsx';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { COMMUNE_CODE } from '../../../src/common/codes.ts';

/**
 * « Chercher des candidats » (employers and CFAs): the profiles candidates chose to show, near a
 * commune and within their own mobility, by occupation and level. Each search is logged.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const get = (name: string) => (url.searchParams.get(name) ?? '').trim().slice(0, 100);
  const commune = get('commune');
  if (commune && !COMMUNE_CODE.test(commune)) {
    const found = await resolveCommune(context.api, commune);
    if (found) {
      url.searchParams.set('commune', found.code);
      throw redirect(`${url.pathname}${url.search}`);
    }
  }
  const form = { commune, rayon: Number(get('rayon')) || 30, rome: get('rome').toUpperCase(), niveau: Number(get('niveau')) || undefined };
  const res = await context.api.get('/api/v1/recruitment/candidates', {
    query: { commune: commune || undefined, rayon: form.rayon, rome: form.rome || undefined, niveau: form.niveau },
  });
  if (res.status === 401) throw redirect(`/connexion?retour=${encodeURIComponent(url.pathname + url.search)}`);
  if (res.status === 403) throw new Response('Seuls les employeurs et les CFA cherchent des candidats.', { status: 403 });
  const r = apiError(res);
  const errors: FieldError[] = r ? [{ target: r.field === 'rome' ? 'rome' : 'commune', message: r.message }] : [];
  return { form, errors, result: res.status === 200 ? res.body : null };
}

export default function CandidatsPage() {
  const { form, errors, result } = useLoaderData<typeof loader>();
  return (
    <div className="r-page">
      <title>{pageTitle('Chercher des candidats', errors, theme.name)}</title>
      <h1>Chercher des candidats à l’apprentissage</h1>
      <p>
        Seuls les profils que leurs titulaires ont rendus consultables apparaissent. Chaque recherche est tracée. Pour contacter un
        candidat, publiez une offre : il peut y candidater.
      </p>
      <ErrorSummary errors={errors} />
      <Form method="get" className="r-form" role="search" aria-label="Chercher des candidats">
        <InputField
          id="commune"
          name="commune"
          label="Commune du poste"
          hint="Nom ou code postal"
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
        <InputField id="rome" name="rome" label="Code ROME du métier" hint="ex. D1102" required={false} defaultValue={form.rome} />
        <SelectField id="niveau" name="niveau" label="Niveau visé" defaultValue={form.niveau ?? ''} options={LEVEL_OPTIONS} />
        <button type="submit" className="button">
          Chercher
        </button>
      </Form>
      {result ? (
        <section aria-labelledby="resultats">
          <h2 id="resultats">{result.total ? `${result.total} profil${result.total > 1 ? 's' : ''}` : 'Aucun profil'}</h2>
          <ul className="r-list">
            {result.results.map((c) => (
              <li key={c.id} className="r-card">
                <h3>{c.name}</h3>
                <p>
                  {c.commune ?? 'Commune non indiquée'}
                  {c.distanceKm === null ? '' : `, à ${c.distanceKm.toLocaleString('fr-FR')} km`} · mobilité {c.mobilityKm} km
                </p>
                <p>
                  Métiers : {c.romes.join(', ') || 'non précisés'}
                  {c.level ? ` · niveau ${LEVELS[c.level] ?? c.level}` : ''}
                  {c.availableFrom ? ` · disponible le ${longFrenchDate(c.availableFrom)}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
