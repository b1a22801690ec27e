/** Territory chooser (/territoires): one search box for a commune, EPCI, zone d'emploi, bassin, département or région. */
import { useLoaderData } from 'react-router';
import type { LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import trainingsCss from '../styles/trainings.css?url';

export const links = () => [{ rel: 'stylesheet', href: trainingsCss }];

export async function loader({ request, context }: LoaderArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 100);
  const res = await context.api.get('/api/v1/territories/search', { query: { q: q || theme.region, limit: 20 } });
  const hits = res.status === 200 ? res.body : [];
  return { q, hits: q ? hits : hits.filter((h) => h.level === 'region') };
}

export function meta({ data }: { data?: { q: string } }) {
  return [{ title: data?.q ? `Territoires : « ${data.q} » – ${theme.name}` : `Portrait d’un territoire – ${theme.name}` }];
}

export default function TerritoryChooser() {
  const { q, hits } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Portrait d’un territoire</h1>
      <p>Population, chômage, métiers en tension, métiers les plus recherchés et offre de formation, chaque chiffre avec sa source.</p>
      <form method="get" action="/territoires" role="search" aria-label="Recherche de territoire" className="search-row">
        <div className="field">
          <label htmlFor="q">
            Commune, intercommunalité, zone d’emploi, département ou région
            <span className="hint">Par exemple : Angers, Maine-et-Loire, 49000</span>
          </label>
          <input id="q" name="q" type="search" defaultValue={q} autoComplete="off" />
        </div>
        <button type="submit" className="button">
          Rechercher
        </button>
      </form>
      <section aria-labelledby="choix">
        <h2 id="choix">{q ? `Territoires pour « ${q} »` : 'Pour commencer'}</h2>
        {hits.length ? (
          <ul className="territory-results">
            {hits.map((h) => (
              <li key={`${h.level}-${h.code}`}>
                <a href={`/territoires/${h.level}/${encodeURIComponent(h.code)}`}>{h.name}</a>{' '}
                <span className="source">
                  — {h.levelLabel}
                  {h.detail ? ` · ${h.detail}` : ''}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>Aucun territoire ne correspond à « {q} ». Essayez un autre nom ou un code postal.</p>
        )}
      </section>
    </>
  );
}
