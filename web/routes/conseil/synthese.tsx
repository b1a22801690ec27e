import { useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, counsellorAnswer, personName, word } from '../../components/conseil/common.tsx';
import { readSimulation } from '../../components/conseil/simulations.ts';
import { headlineOf } from '../../components/conseil/headline.tsx';
import { NextAction, PlanSteps } from '../../components/conseil/plan.tsx';

/**
 * The appointment summary, made to be printed or saved as PDF (the browser's print, with the
 * print stylesheet): the plan's steps, the next action, the saved pathways' headlines.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ params, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const b = counsellorAnswer(
    await context.api.get('/api/v1/counselling/beneficiaries/:id', { params: { id }, query: { purpose: 'synthèse du rendez-vous' } }),
    `/conseil/${id}/synthese`,
  );
  const headlines = [];
  for (const s of b.simulations.slice(0, 5)) {
    const res = await context.api.get('/api/v1/counselling/simulations/:id', { params: { id: String(s.id) } });
    if (res.status === 200) headlines.push(headlineOf(readSimulation(res.body)));
  }
  const today = new Intl.DateTimeFormat('fr-FR', { dateStyle: 'long', timeZone: 'Europe/Paris' }).format(new Date());
  return { b, headlines, today };
}

export default function SynthesePage() {
  const { b, headlines, today } = useLoaderData<typeof loader>();
  const name = personName(b);
  return (
    <div className="k-page k-print">
      <title>{`Synthèse du rendez-vous de ${name} – ${theme.name}`}</title>
      <p className="k-noprint">
        <a href={`/conseil/${b.id}`}>Retour à la fiche</a> · Pour l’imprimer ou l’enregistrer en PDF, utilisez la commande « Imprimer » de
        votre navigateur.
      </p>
      <h1>Synthèse du rendez-vous de {name}</h1>
      <p>
        Le {today}. {word(BENEFICIARY_STATUSES, b.status)}, {word(AGE_BRACKETS, b.ageBracket)}
        {b.commune ? `, ${b.commune.name}` : ''}. Accompagnement : {b.purpose}.
      </p>
      <h2>Plan d’action</h2>
      <NextAction next={b.plan.next} />
      <PlanSteps steps={b.plan.steps} />
      <h2>Parcours étudiés</h2>
      {headlines.length ? (
        <ul className="k-list">
          {headlines.map((h) => (
            <li key={h.id}>
              <strong>{h.label}</strong>
              {h.pathway
                ? ` : ${h.pathway}. Durée ${h.duration}, distance la plus longue ${h.distance}, taux d’emploi attendu ${h.employment}.`
                : '.'}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucun parcours enregistré.</p>
      )}
    </div>
  );
}
