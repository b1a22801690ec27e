import { redirect, useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, counsellorAnswer, day, word } from '../../components/conseil/common.tsx';

/**
 * « Mes bénéficiaires »: the people my structure follows, those with a step due this week or late
 * first; a search by first name and a filter « à traiter cette semaine » (a GET form). A
 * supervisor, who opens no record, goes to the structure's figures.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const sp = new URL(request.url).searchParams;
  const q = (sp.get('q') ?? '').trim().slice(0, 60);
  const action = sp.get('semaine') === '1';
  const page = Math.min(1000, Math.max(1, Number(sp.get('page')) || 1));
  const res = await context.api.get('/api/v1/counselling/beneficiaries', { query: { ...(q ? { q } : {}), action, page } });
  if (res.status === 403) {
    const me = await context.api.get('/api/v1/account');
    if (me.status === 200 && me.body.roles.includes('superviseur')) throw redirect('/conseil/structure');
  }
  const list = counsellorAnswer(res, '/conseil');
  return { list, q, action, erased: sp.has('efface') };
}

export default function BeneficiairesPage() {
  const { list, q, action, erased } = useLoaderData<typeof loader>();
  const filtered = q || action;
  const pageLink = (p: number) =>
    `/conseil?${new URLSearchParams({ ...(q ? { q } : {}), ...(action ? { semaine: '1' } : {}), page: String(p) })}`;
  return (
    <div className="k-page">
      <title>{`Mes bénéficiaires${list.page > 1 ? ` (page ${list.page})` : ''} – ${theme.name}`}</title>
      <h1>Mes bénéficiaires</h1>
      {erased ? (
        <p className="k-notice" role="status">
          La personne et tout ce qui la concerne sont effacés. Le journal des accès garde la trace de l’effacement.
        </p>
      ) : null}
      <ul className="k-links">
        <li>
          <a className="button" href="/conseil/nouveau">
            Accueillir une nouvelle personne
          </a>
        </li>
        <li>
          <a href="/conseil/orientations">Orientations reçues et transmises</a>
        </li>
      </ul>
      <form method="get" action="/conseil" className="k-search" role="search" aria-label="Chercher une personne">
        <div className="field">
          <label htmlFor="q">Prénom ou pseudonyme</label>
          <input id="q" name="q" type="search" defaultValue={q} maxLength={60} autoComplete="off" />
        </div>
        <div className="field">
          <input id="semaine" name="semaine" type="checkbox" value="1" defaultChecked={action} />{' '}
          <label htmlFor="semaine">Seulement les personnes à traiter cette semaine (étape due ou en retard)</label>
        </div>
        <button type="submit" className="button button-secondary">
          Chercher
        </button>
      </form>
      <h2 id="resultats">
        {list.total} personne{list.total > 1 ? 's' : ''}
        {filtered ? ' trouvée' + (list.total > 1 ? 's' : '') : ' suivie' + (list.total > 1 ? 's' : '')}
      </h2>
      {list.results.length ? (
        <div className="table-scroll">
          <table className="k-table table-stack">
            <caption className="visually-hidden">Personnes suivies, celles à traiter cette semaine d’abord</caption>
            <thead>
              <tr>
                <th scope="col">Personne</th>
                <th scope="col">Commune</th>
                <th scope="col">Situation</th>
                <th scope="col">Prochaine échéance</th>
                <th scope="col">Étapes en retard</th>
              </tr>
            </thead>
            <tbody>
              {list.results.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <a href={`/conseil/${p.id}`}>{p.name}</a>
                  </th>
                  <td data-label="Commune">{p.commune ?? 'non indiquée'}</td>
                  <td data-label="Situation">
                    {word(BENEFICIARY_STATUSES, p.status)}, {word(AGE_BRACKETS, p.ageBracket)}
                  </td>
                  <td data-label="Prochaine échéance">{p.nextDue ? day(p.nextDue) : 'aucune'}</td>
                  <td data-label="Étapes en retard">{p.late ? <strong className="k-late">{p.late} en retard</strong> : 'aucune'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{filtered ? 'Personne ne correspond à cette recherche.' : 'Votre structure ne suit encore personne.'}</p>
      )}
      {list.pages > 1 ? (
        <nav aria-label="Pages de la liste" className="k-pages">
          {list.page > 1 ? <a href={pageLink(list.page - 1)}>Page précédente</a> : null}{' '}
          <span>
            Page {list.page} sur {list.pages}
          </span>{' '}
          {list.page < list.pages ? <a href={pageLink(list.page + 1)}>Page suivante</a> : null}
        </nav>
      ) : null}
    </div>
  );
}
