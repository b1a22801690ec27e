import { Form, useLoaderData } from 'react-router';
import css from '../../styles/apprentissage.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary } from '../../components/guidance/ErrorSummary.tsx';
import { pageTitle } from '../../components/compte/forms.tsx';
import {
  EmployerFields,
  Explanation,
  InputSummary,
  MonthChart,
  MonthHeader,
  NotesAndSources,
  SimulatorFields,
  euro,
  simulate,
} from '../../components/apprentissage/simulator.tsx';

/**
 * « Coût d’un apprenti pour l’employeur »: the employer's view of the pay simulator. The same GET
 * form with the company's size, the diploma level and RQTH; then the aid, the pay explained, a
 * bar chart of the gross pay and the month-by-month table of cost, aid and net cost.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  return simulate(context.api, request, true);
}

export default function EmployeurPage() {
  const { values, errors, result } = useLoaderData<typeof loader>();
  const title = result ? 'Résultat – Coût d’un apprenti pour l’employeur' : 'Coût d’un apprenti pour l’employeur';
  const e = result?.employer;
  return (
    <div className="a-page">
      <title>{pageTitle(title, errors, theme.name)}</title>
      <h1>Simuler le coût d’un apprenti pour l’employeur</h1>
      <p>
        Le simulateur calcule le salaire minimum de l’alternant, l’aide à l’embauche de la première année et le coût qui reste à
        l’entreprise, mois par mois. Rien n’est enregistré. Vous êtes alternant ?{' '}
        <a href="/apprentissage/remuneration">Simulez votre rémunération</a>.
      </p>
      <ErrorSummary errors={errors} />
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="get" noValidate className="a-form">
        <SimulatorFields values={values} errors={errors}>
          <EmployerFields values={values} errors={errors} />
        </SimulatorFields>
        <button type="submit" className="button" id="simuler">
          Calculer le coût
        </button>
      </Form>
      {result && e ? (
        <section aria-labelledby="resultat">
          <h2 id="resultat">Coût pour l’employeur</h2>
          <InputSummary result={result} />
          <ul className="a-totals">
            <li>Salaires bruts sur le contrat : {euro(e.totalGross)}</li>
            {e.totalParticipation > 0 ? <li>Participation au coût de la formation : {euro(e.totalParticipation)}</li> : null}
            <li>Coût total (sans les cotisations patronales) : {euro(e.totalCost)}</li>
            <li>Aides à l’embauche : {euro(e.totalAid)}</li>
            <li>Coût net, aides déduites : {euro(e.totalNetCost)}</li>
          </ul>
          <h3>Aide à l’embauche</h3>
          {e.aid ? (
            <>
              <p>
                {e.aid.rule.label}. Source : <a href={e.aid.rule.source.url}>{e.aid.rule.source.label}</a>.
                {e.aid.projection ? ' Projection : montants de la dernière période connue, repris à titre indicatif.' : ''}
              </p>
              <p>Conditions :</p>
              <ul>
                {e.aid.conditions.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </>
          ) : (
            <p>Aucune aide calculée : indiquez l’effectif de l’entreprise et le niveau du diplôme préparé (voir « À savoir »).</p>
          )}
          <h3>Comment le salaire est calculé</h3>
          <Explanation result={result} />
          <h3>Salaire brut par mois</h3>
          <MonthChart
            title="Salaire brut minimum par mois"
            tableId="tableau-cout"
            months={result.months.map((m) => ({ month: m.month, value: m.gross }))}
          />
          <div className="a-table" role="region" aria-labelledby="tableau-cout-titre" tabIndex={0}>
            <table id="tableau-cout">
              <caption id="tableau-cout-titre">Coût pour l’employeur mois par mois (« projection » : chiffre pas encore publié)</caption>
              <thead>
                <tr>
                  <th scope="col">Mois</th>
                  <th scope="col">Salaire brut</th>
                  <th scope="col">Participation</th>
                  <th scope="col">Coût</th>
                  <th scope="col">Aide</th>
                  <th scope="col">Coût net</th>
                </tr>
              </thead>
              <tbody>
                {e.months.map((m) => (
                  <tr key={m.month}>
                    <MonthHeader month={m.month} projection={m.projection} />
                    <td>{euro(m.gross)}</td>
                    <td>{euro(m.participation)}</td>
                    <td>{euro(m.cost)}</td>
                    <td>{euro(m.aid)}</td>
                    <td>{euro(m.netCost)}</td>
                  </tr>
                ))}
              </tbody>
              <tfoot>
                <tr>
                  <th scope="row">Total</th>
                  <td>{euro(e.totalGross)}</td>
                  <td>{euro(e.totalParticipation)}</td>
                  <td>{euro(e.totalCost)}</td>
                  <td>{euro(e.totalAid)}</td>
                  <td>{euro(e.totalNetCost)}</td>
                </tr>
              </tfoot>
            </table>
          </div>
          <NotesAndSources result={result} />
        </section>
      ) : null}
    </div>
  );
}
