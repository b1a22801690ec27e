import { redirect, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { recruiterText } from '../../components/apprentissage/offres.tsx';
import { longFrenchDate } from '../../../src/common/dates.ts';

/** « Mes offres »: my structure's offers, every state, with their applications waiting for an answer. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [{ title: `Mes offres – ${theme.name}` }];

const STATES: Record<string, string> = { publiee: 'publiée', pourvue: 'pourvue', retiree: 'retirée', moderee: 'retirée par la modération' };

export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/recruitment/my-offers');
  if (res.status === 401) throw redirect('/connexion?retour=/apprentissage/mes-offres');
  if (res.status !== 200) throw new Response('Seuls les employeurs et les CFA ont des offres.', { status: res.status === 403 ? 403 : 503 });
  return res.body;
}

export default function MesOffresPage() {
  const { recruiter, offers } = useLoaderData<typeof loader>();
  return (
    <div className="r-page">
      <h1>Mes offres</h1>
      <p>
        <a href="/apprentissage/offres/deposer">Déposer une offre</a>
      </p>
      {recruiter ? <p className="r-notice">{recruiterText(recruiter)} Les candidats le voient sur chacune de vos offres.</p> : null}
      {offers.length ? (
        <table className="r-table">
          <caption className="visually-hidden">Mes offres et leurs candidatures</caption>
          <thead>
            <tr>
              <th scope="col">Offre</th>
              <th scope="col">État</th>
              <th scope="col">Début</th>
              <th scope="col">Candidatures</th>
              <th scope="col">Sans réponse</th>
            </tr>
          </thead>
          <tbody>
            {offers.map((o) => (
              <tr key={o.id}>
                <th scope="row">
                  <a href={`/apprentissage/mes-offres/${o.id}`}>{o.title}</a>
                  <br />
                  <span className="hint">{o.company}</span>
                </th>
                <td>{STATES[o.state] ?? o.state}</td>
                <td>{longFrenchDate(o.startDate)}</td>
                <td>{o.applications}</td>
                <td>{o.waiting}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Vous n’avez pas encore déposé d’offre.</p>
      )}
    </div>
  );
}
