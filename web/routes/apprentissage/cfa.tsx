/**
 * « Annuaire des CFA » (/apprentissage/cfa): the CFA directory by name (or UAI, SIRET), département
 * and commune with a distance; every region unless a region is chosen. A GET form, server HTML
 * without JavaScript; each CFA links to its page.
 */
import { redirect, useLoaderData } from 'react-router';
import { COMMUNE_CODE_ANY_CASE } from '../../../src/common/codes.ts';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { CfaCard, Pager, RAYONS } from '../../components/apprentissage/cfa.tsx';
import trainingsCss from '../../styles/trainings.css?url';
import css from '../../styles/apprentissage.css?url';

export const links = () => [
  { rel: 'stylesheet', href: trainingsCss },
  { rel: 'stylesheet', href: css },
];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const sp = url.searchParams;
  const get = (name: string) => (sp.get(name) ?? '').trim().slice(0, 200);
  const q = get('q');
  let commune = get('commune');
  const departement = get('departement').toUpperCase();
  const region = get('region') === theme.regionCode ? theme.regionCode : '';
  const errors: { field: string; message: string }[] = [];
  if (commune && !COMMUNE_CODE_ANY_CASE.test(commune)) {
    const res = await context.api.get('/api/v1/territories/communes', { query: { q: commune, limit: 1, region: theme.regionCode } });
    const hit = res.status === 200 ? res.body[0] : undefined;
    if (hit) {
      const next = new URL(url);
      next.searchParams.set('commune', hit.code);
      next.searchParams.delete('page');
      throw redirect(`${next.pathname}${next.search}`);
    }
    errors.push({ field: 'commune', message: `Aucune commune ne correspond à « ${commune} ». Essayez un autre nom ou un code postal.` });
    commune = '';
  }
  const rayon = RAYONS.includes(Number(get('rayon'))) ? Number(get('rayon')) : 30;
  const page = Math.max(1, Math.min(1000, Number.parseInt(get('page'), 10) || 1));
  const res = await context.api.get('/api/v1/apprenticeship/cfa', {
    query: {
      q: q || undefined,
      departement: departement || undefined,
      region: region || undefined,
      near: commune || undefined,
      radiusKm: commune ? rayon : undefined,
      page,
      pageSize: 20,
    },
  });
  const error = apiError(res);
  if (error) errors.push({ field: error.field === 'near' ? 'commune' : (error.field ?? ''), message: error.message });
  return { form: { q, commune, departement, region, rayon }, search: url.search, errors, result: error ? null : res.body };
}

type Data = Awaited<ReturnType<typeof loader>>;

export function meta({ data }: { data?: Data }) {
  const parts = [data?.form.q ? `« ${data.form.q} »` : '', data?.result?.near ? `près de ${data.result.near.label}` : ''].filter(Boolean);
  const page = data?.result && data.result.page > 1 ? ` – page ${data.result.page}` : '';
  const error = data?.errors.length ? 'Erreur – ' : '';
  return [{ title: `${error}Annuaire des CFA${parts.length ? ` : ${parts.join(', ')}` : ''}${page} – ${theme.name}` }];
}

export default function CfaDirectoryPage() {
  const { form, result, errors, search } = useLoaderData<typeof loader>();
  const errorOf = (field: string) => errors.find((e) => e.field === field);
  const general = errors.filter((e) => !['commune', 'departement'].includes(e.field));
  const field = (name: string) => {
    const e = errorOf(name);
    return e
      ? {
          props: { 'aria-invalid': true, 'aria-describedby': `${name}-erreur` },
          message: (
            <p id={`${name}-erreur`} className="field-error">
              {e.message}
            </p>
          ),
        }
      : { props: {}, message: null };
  };
  const communeField = field('commune');
  const departementField = field('departement');
  return (
    <>
      <h1>Annuaire des CFA</h1>
      <p>
        Les centres de formation d’apprentis (CFA) et organismes de formation en apprentissage, réunis depuis la liste des CFA sous
        convention régionale (DEPP), le référentiel UAI-SIRET et le référentiel de l’API Apprentissage. Cherchez par nom, commune, numéro
        UAI ou SIRET. Pour les formations elles-mêmes, voyez <a href="/apprentissage/carte">la carte des formations en apprentissage</a>.
      </p>
      <form
        method="get"
        action="/apprentissage/cfa"
        role="search"
        aria-label="Recherche dans l’annuaire des CFA"
        className="training-search"
      >
        <div className="search-grid">
          <div className="field field-wide">
            <label htmlFor="q">
              Nom, UAI ou SIRET<span className="hint">Par exemple : bâtiment, 0440096R</span>
            </label>
            <input id="q" name="q" type="search" defaultValue={form.q} autoComplete="off" />
          </div>
          <div className="field field-wide">
            <label htmlFor="departement">
              Département<span className="hint">Son numéro, par exemple : 44, 49, 53, 72, 85</span>
            </label>
            <input
              id="departement"
              name="departement"
              type="text"
              inputMode="text"
              maxLength={3}
              defaultValue={form.departement}
              {...departementField.props}
            />
            {departementField.message}
          </div>
          <div className="field field-wide">
            <label htmlFor="commune">
              Commune<span className="hint">Nom, code postal ou code INSEE : les plus proches d’abord</span>
            </label>
            <input
              id="commune"
              name="commune"
              type="text"
              autoComplete="address-level2"
              defaultValue={result?.near?.commune === form.commune && result.near ? result.near.label : form.commune}
              {...communeField.props}
            />
            {communeField.message}
          </div>
          <div className="field">
            <label htmlFor="rayon">Distance maximale</label>
            <select id="rayon" name="rayon" defaultValue={String(form.rayon)}>
              {RAYONS.map((r) => (
                <option key={r} value={r}>
                  {r} km
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="region">Région</label>
            <select id="region" name="region" defaultValue={form.region}>
              <option value="">Toutes les régions</option>
              <option value={theme.regionCode}>{theme.region}</option>
            </select>
          </div>
        </div>
        <button type="submit" className="button">
          Rechercher
        </button>
      </form>
      {general.map((e) => (
        <p key={e.message} className="field-error" role="alert">
          {e.message}
        </p>
      ))}
      {result ? (
        <section aria-labelledby="resultats" className="results">
          <h2 id="resultats">
            {result.total === 0 ? 'Aucun CFA' : `${result.total.toLocaleString('fr-FR')} CFA`}
            {result.near ? ` à moins de ${result.near.radiusKm} km de ${result.near.label}` : ''}
          </h2>
          {result.notes.map((n) => (
            <p key={n} className="source">
              {n}
            </p>
          ))}
          {result.results.length ? (
            <>
              <ol className="card-list training-list" start={(result.page - 1) * result.pageSize + 1}>
                {result.results.map((c) => (
                  <CfaCard key={c.uai} cfa={c} />
                ))}
              </ol>
              <Pager path="/apprentissage/cfa" search={search} page={result.page} pages={result.pages} />
            </>
          ) : (
            <p>Essayez un autre nom, retirez le département ou élargissez la distance.</p>
          )}
        </section>
      ) : null}
    </>
  );
}
