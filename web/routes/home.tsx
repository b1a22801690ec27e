import { Form, Link, useLoaderData } from 'react-router';
import { theme } from '../theme.ts';
import type { LoaderArgs } from '../api.ts';

interface OccupationHit {
  code: string;
  label: string;
  matched?: string;
}

export async function loader({ request, context }: LoaderArgs) {
  const q = (new URL(request.url).searchParams.get('q') ?? '').trim().slice(0, 200);
  if (!q) return { q, occupations: [] as OccupationHit[] };
  const res = await context.api.get<OccupationHit[]>('/api/occupations', { q, limit: 10 });
  return { q, occupations: res.status === 200 ? res.body : [] };
}

export function meta({ data }: { data?: { q: string } }) {
  return [{ title: data?.q ? `Recherche « ${data.q} » – ${theme.name}` : `${theme.name} – ${theme.tagline}` }];
}

export default function Home() {
  const { q, occupations } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Trouver un métier, une formation, un territoire</h1>
      <Form method="get" role="search" className="search-row">
        <div className="field">
          <label htmlFor="q">Un métier, une formation ou un lieu<span className="hint">Par exemple : boulanger, CAP cuisine, Angers</span></label>
          <input id="q" name="q" type="search" defaultValue={q} autoComplete="off" />
        </div>
        <button type="submit" className="button">Rechercher</button>
      </Form>
      {q ? (
        <section aria-labelledby="res-metiers">
          <h2 id="res-metiers">Métiers</h2>
          {occupations.length ? (
            <ol>
              {occupations.map((o) => (
                <li key={o.code}><Link to={`/metiers/${o.code}`}>{o.label}</Link> <span className="source">({o.code})</span></li>
              ))}
            </ol>
          ) : <p>Aucun métier ne correspond à « {q} ». Essayez un autre mot.</p>}
        </section>
      ) : null}
    </>
  );
}
