import { redirect, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { recruiterText } from '../../components/apprentissage/offres.tsx';
import { dateTime } from '../../components/compte/forms.tsx';

/** One of my structure's offers and its applications, each to open and answer. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ params, request, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const res = await context.api.get('/api/v1/recruitment/my-offers/:id', { params: { id } });
  if (res.status === 401) throw redirect(`/connexion?retour=/apprentissage/mes-offres/${id}`);
  if (res.status !== 200) throw new Response(apiError(res)?.message ?? 'Offre inconnue.', { status: res.status });
  const sp = new URL(request.url).searchParams;
  return { ...res.body, done: sp.has('deposee') ? 'Votre offre est publiée.' : sp.has('modifiee') ? 'Votre offre est modifiée.' : null };
}

export default function MonOffrePage() {
  const { offer, applications, done } = useLoaderData<typeof loader>();
  return (
    <div className="r-page">
      <title>{`${offer.title} – Mes offres – ${theme.name}`}</title>
      <p>
        <a href="/apprentissage/mes-offres">Mes offres</a>
      </p>
      <h1>{offer.title}</h1>
      {done ? (
        <p className="r-notice" role="status">
          {done}
        </p>
      ) : null}
      <p>
        {offer.company} — {offer.commune.name}.{' '}
        {offer.state === 'publiee' ? <a href={`/apprentissage/offres/${offer.id}`}>Voir l’offre publiée</a> : null}
        {offer.state !== 'moderee' ? (
          <>
            {' '}
            · <a href={`/apprentissage/offres/deposer?offre=${offer.id}`}>Modifier l’offre</a>
          </>
        ) : null}
      </p>
      <p className="hint">{recruiterText(offer.recruiter)}</p>
      <h2>Candidatures ({applications.length})</h2>
      {applications.length ? (
        <table className="r-table">
          <caption className="visually-hidden">Candidatures à cette offre</caption>
          <thead>
            <tr>
              <th scope="col">Candidat</th>
              <th scope="col">Reçue le</th>
              <th scope="col">État</th>
            </tr>
          </thead>
          <tbody>
            {applications.map((a) => (
              <tr key={a.id}>
                <th scope="row">
                  <a href={`/apprentissage/candidatures/${a.id}`}>{a.candidate}</a>
                </th>
                <td>{dateTime(a.createdAt)}</td>
                <td className="r-status">{a.statusLabel}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>Pas encore de candidature.</p>
      )}
    </div>
  );
}
