/**
 * Global search results (/recherche?q=): occupations, trainings and places for one query, each
 * group linking on to its own pages. Server HTML, no JavaScript needed.
 */
import { useLoaderData } from 'react-router';
import type { LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';
import { SearchForm } from '../components/SearchForm.tsx';
import { DemoTag, trainingHref } from '../components/training.tsx';
import { foldWords as fold } from '../../src/common/text.ts';

export async function loader({ request, context }: LoaderArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 200);
  if (!q) return { q, occupations: [], trainings: null, places: [] };
  const [occupations, trainings, places] = await Promise.all([
    context.api.get('/api/v1/occupations', { query: { q, limit: 8 } }),
    context.api.get('/api/v1/trainings', { query: { q, pageSize: 5 } }),
    context.api.get('/api/v1/territories/communes', { query: { q: q.slice(0, 100), limit: 6, region: theme.regionCode } }),
  ]);
  // Place search tolerates typos: keep only places whose name holds what was typed.
  const wanted = fold(q);
  const placeHits = (places.status === 200 ? places.body : []).filter(
    (p) => fold(p.name).includes(wanted) || wanted.includes(fold(p.name)),
  );
  return {
    q,
    occupations: occupations.status === 200 ? occupations.body : [],
    trainings: trainings.status === 200 ? trainings.body : null,
    places: placeHits,
  };
}

export function meta({ data }: { data?: Awaited<ReturnType<typeof loader>> }) {
  if (!data?.q) return [{ title: `Recherche – ${theme.name}` }];
  const n = data.occupations.length + (data.trainings?.total ?? 0) + data.places.length;
  return [{ title: `Recherche « ${data.q} » : ${n ? `${n} résultat${n > 1 ? 's' : ''}` : 'aucun résultat'} – ${theme.name}` }];
}

export default function SearchPage() {
  const { q, occupations, trainings, places } = useLoaderData<typeof loader>();
  const nothing = q && !occupations.length && !trainings?.total && !places.length;
  return (
    <>
      <h1>{q ? <>Résultats pour « {q} »</> : 'Rechercher'}</h1>
      <SearchForm q={q} />
      {!q ? <p>Saisissez un métier, une formation ou un lieu.</p> : null}
      {nothing ? <p role="status">Aucun résultat pour « {q} ». Vérifiez l’orthographe ou essayez un mot plus court.</p> : null}
      {q && !nothing ? (
        <>
          <p className="visually-hidden" role="status">
            {occupations.length} métier(s), {trainings?.total ?? 0} formation(s), {places.length} commune(s).
          </p>
          <section aria-labelledby="res-metiers" className="result-group">
            <h2 id="res-metiers">
              Métiers <span className="source">({occupations.length})</span>
            </h2>
            {occupations.length ? (
              <ol className="result-list">
                {occupations.map((o) => (
                  <li key={o.code}>
                    <a href={`/metiers/${o.code}`}>{o.label}</a>{' '}
                    <span className="source">
                      ({o.code}
                      {o.matched && o.matched !== o.label ? ` · « ${o.matched} »` : ''})
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <p>Aucun métier ne correspond à « {q} ».</p>
            )}
          </section>
          <section aria-labelledby="res-formations" className="result-group">
            <h2 id="res-formations">
              Formations <span className="source">({trainings?.total ?? 0})</span>
            </h2>
            {trainings?.total ? (
              <>
                <ol className="result-list">
                  {trainings.results.map((t) => (
                    <li key={`${t.source}/${t.formation}`}>
                      <a href={trainingHref(t)}>{t.intitule}</a>{' '}
                      <span className="source">
                        — {t.organisme.nom}
                        {t.lieu?.ville ? `, ${t.lieu.ville}` : ''}
                      </span>
                      {t.demo ? (
                        <>
                          {' '}
                          <DemoTag />
                        </>
                      ) : null}
                    </li>
                  ))}
                </ol>
                {trainings.total > trainings.results.length ? (
                  <p>
                    <a href={`/formations?q=${encodeURIComponent(q)}`}>
                      Voir les {trainings.total} formations pour « {q} »
                    </a>
                  </p>
                ) : null}
              </>
            ) : (
              <p>Aucune formation ne correspond à « {q} ».</p>
            )}
          </section>
          <section aria-labelledby="res-lieux" className="result-group">
            <h2 id="res-lieux">
              Communes <span className="source">({places.length})</span>
            </h2>
            {places.length ? (
              <ul className="result-list">
                {places.map((p) => (
                  <li key={p.code}>
                    <a href={`/territoires/commune/${encodeURIComponent(p.code)}`}>{p.name}</a>{' '}
                    <span className="source">
                      — commune, {p.postcodes[0] ?? ''} ({p.departement})
                    </span>
                    {' · '}
                    <a href={`/formations?commune=${p.code}`} aria-label={`formations à proximité de ${p.name}`}>
                      formations à proximité
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              <p>Aucune commune ne correspond à « {q} ».</p>
            )}
            <p>
              <a href={`/territoires?q=${encodeURIComponent(q)}`}>Chercher aussi parmi les EPCI, zones d’emploi, départements et régions</a>
            </p>
          </section>
        </>
      ) : null}
    </>
  );
}
