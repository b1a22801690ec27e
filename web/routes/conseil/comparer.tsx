import { useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { counsellorAnswer } from '../../components/conseil/common.tsx';
import { readSimulation } from '../../components/conseil/simulations.ts';
import { headlineOf } from '../../components/conseil/headline.tsx';

/** Up to 5 saved pathways side by side (`?s=1&s=2…`): duration, distance, funding, expected outcome. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ params, request, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const asked = [...new Set(new URL(request.url).searchParams.getAll('s').filter((s) => /^\d{1,9}$/.test(s)))];
  const columns = [];
  for (const s of asked.slice(0, 5)) {
    const res = await context.api.get('/api/v1/counselling/simulations/:id', { params: { id: s } });
    const sim = readSimulation(counsellorAnswer(res, `/conseil/${id}`));
    if (String(sim.beneficiaryId) === id) columns.push(headlineOf(sim));
  }
  return { id, columns, dropped: Math.max(0, asked.length - 5) };
}

const ROWS = [
  ['pathway', 'Parcours proposé en premier'],
  ['duration', 'Durée totale'],
  ['distance', 'Distance la plus longue'],
  ['start', 'Prochaine entrée'],
  ['funding', 'Financements possibles'],
  ['employment', 'Taux d’emploi attendu'],
  ['tension', 'Tension du métier'],
] as const;

export default function ComparerPage() {
  const { id, columns, dropped } = useLoaderData<typeof loader>();
  return (
    <div className="k-page k-page-wide">
      <title>{`Comparer ${columns.length} parcours – ${theme.name}`}</title>
      <p>
        <a href={`/conseil/${id}#simulations`}>Retour à la fiche</a>
      </p>
      <h1>Comparer les parcours</h1>
      {dropped ? <p className="k-warning">Seuls les 5 premiers parcours cochés sont comparés.</p> : null}
      {columns.length < 2 ? <p>Cochez au moins deux simulations de parcours sur la fiche pour les comparer.</p> : null}
      {columns.length ? (
        <div className="table-scroll">
          <table className="k-table k-compare">
            <caption>Parcours enregistrés, côte à côte (le premier parcours de chaque simulation)</caption>
            <thead>
              <tr>
                <td />
                {columns.map((c) => (
                  <th scope="col" key={c.id}>
                    <a href={`/conseil/simulations/${c.id}`}>{c.label}</a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {ROWS.map(([key, label]) => (
                <tr key={key}>
                  <th scope="row">{label}</th>
                  {columns.map((c) => (
                    <td key={c.id}>
                      {key === 'pathway'
                        ? (c.pathway ?? 'aucun parcours') + (c.count > 1 ? ` (et ${c.count - 1} autre${c.count > 2 ? 's' : ''})` : '')
                        : c[key]}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </div>
  );
}
