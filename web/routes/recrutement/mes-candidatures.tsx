import { redirect, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { dateTime } from '../../components/compte/forms.tsx';

/** « Mes candidatures »: each application of the signed-in candidate and where it stands. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [{ title: `Mes candidatures – ${theme.name}` }];

export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/recruitment/my-applications');
  if (res.status === 401) throw redirect('/connexion?retour=/apprentissage/mes-candidatures');
  if (res.status !== 200) throw new Response('Seul un compte de candidat a des candidatures.', { status: res.status === 403 ? 403 : 503 });
  return { applications: res.body };
}

export default function MesCandidaturesPage() {
  const { applications } = useLoaderData<typeof loader>();
  return (
    <div className="r-page">
      <h1>Mes candidatures</h1>
      <p>
        <a href="/apprentissage/offres">Chercher des offres</a> · <a href="/apprentissage/profil">Mon profil et mon CV</a>
      </p>
      {applications.length ? (
        <table className="r-table">
          <caption className="visually-hidden">Mes candidatures et leur état</caption>
          <thead>
            <tr>
              <th scope="col">Offre</th>
              <th scope="col">Envoyée le</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={`/apprentissage/candidatures/${a.id}`}>{a.offer.title}</a>
                  <br />
                  <span className="hint">{a.offer.company}</span>
                </th>
                <td>{dateTime(a.createdAt)}</td>
                <td className="r-status">{a.statusLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Vous n’avez pas encore candidaté.</p>
      )}
    </div>
  );
}
