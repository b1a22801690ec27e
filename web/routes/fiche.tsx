import { Link, useLoaderData } from 'react-router';
import { notFoundUnless, type LoaderArgs } from '../api.ts';
import { theme } from '../theme.ts';

interface FicheItem { code: string; label: string }
interface Fiche {
  code: string;
  label: string;
  definition: string | null;
  accesMetier: string | null;
  appellations: { code: string; label: string }[];
  savoirFaire: { code: string | null; label: string; items: FicheItem[] }[];
  mobilites: { code: string; label: string }[];
}

export async function loader({ params, context }: LoaderArgs) {
  const res = await context.api.get<Fiche>(`/api/occupations/${encodeURIComponent(params.code ?? '')}`);
  return notFoundUnless(res, `Aucune fiche métier ne porte le code « ${params.code} ».`);
}

export function meta({ data }: { data?: Fiche }) {
  return [{ title: data ? `${data.label} – ${theme.name}` : `Métier introuvable – ${theme.name}` }];
}

export default function FichePage() {
  const fiche = useLoaderData<typeof loader>();
  return (
    <article>
      <h1>{fiche.label} <span className="source">({fiche.code})</span></h1>
      {fiche.definition ? (<><h2>Définition</h2><p>{fiche.definition}</p></>) : null}
      {fiche.accesMetier ? (<><h2>Accès au métier</h2><p>{fiche.accesMetier}</p></>) : null}
      <h2>Compétences</h2>
      {fiche.savoirFaire.map((group) => (
        <section key={group.code ?? group.label}>
          <h3>{group.label}</h3>
          <ul>{group.items.map((item) => <li key={item.code}>{item.label}</li>)}</ul>
        </section>
      ))}
      {fiche.mobilites.length ? (
        <>
          <h2>Mobilités officielles</h2>
          <ul>{fiche.mobilites.map((m) => <li key={m.code}><Link to={`/metiers/${m.code}`}>{m.label}</Link></li>)}</ul>
        </>
      ) : null}
    </article>
  );
}
