import { Form, useLoaderData } from 'react-router';
import css from '../../styles/apprentissage.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary } from '../../components/guidance/ErrorSummary.tsx';
import { pageTitle } from '../../components/compte/forms.tsx';
import {
  Explanation,
  InputSummary,
  MonthChart,
  NotesAndSources,
  PayTable,
  SimulatorFields,
  euro,
  simulate,
} from '../../components/apprentissage/simulator.tsx';

/**
 * « Rémunération d’un apprenti »: the apprentice's view of the pay simulator. A GET form (nothing
 * is stored), then each period's rate explained in French, a bar chart of the gross pay and the
 * month-by-month table that is its alternative. Works without JavaScript.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  return simulate(context.api, request, false);
}

export default function RemunerationPage() {
  const { values, errors, result } = useLoaderData<typeof loader>();
  const title = result ? 'Résultat – Rémunération d’un apprenti' : 'Rémunération d’un apprenti';
  return (
    <div className="a-page">
      <title>{pageTitle(title, errors, theme.name)}</title>
      <h1>Simuler la rémunération d’un apprenti</h1>
      <p>
        Le salaire minimum d’un alternant est un pourcentage du SMIC (ou du salaire minimum conventionnel) qui dépend de son âge et de
        l’année du contrat. Indiquez sa date de naissance et les dates du contrat : le simulateur donne le minimum légal, mois par mois.
        Rien n’est enregistré. Vous êtes employeur ? <a href="/apprentissage/employeur">Simulez le coût et les aides</a>.
      </p>
      <ErrorSummary errors={errors} />
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="get" noValidate className="a-form">
        <SimulatorFields values={values} errors={errors} />
        <button type="submit" className="button" id="simuler">
          Calculer la rémunération
        </button>
      </Form>
      {result ? (
        <section aria-labelledby="resultat">
          <h2 id="resultat">Rémunération minimum</h2>
          <InputSummary result={result} />
          <p className="a-totals">
            Sur toute la durée du contrat : au moins {euro(result.totals.gross)} brut, soit environ {euro(result.totals.net)} net.
          </p>
          <h3>Comment le salaire est calculé</h3>
          <Explanation result={result} />
          <h3>Salaire brut par mois</h3>
          <MonthChart
            title="Salaire brut minimum par mois"
            tableId="tableau-salaire"
            months={result.months.map((m) => ({ month: m.month, value: m.gross }))}
          />
          <PayTable result={result} id="tableau-salaire" />
          <NotesAndSources result={result} />
        </section>
      ) : null}
    </div>
  );
}
