import { useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { REFERRAL_STATUSES, STEP_STATUSES, counsellorAnswer, word } from '../../components/conseil/common.tsx';

/** The supervisor's figures: people followed, plan steps by status, late steps, hand-overs; nobody named. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/counselling/structure');
  if (res.status === 403)
    throw new Response('Ces chiffres sont réservés aux superviseurs et superviseuses d’une structure.', { status: 403 });
  return { v: counsellorAnswer(res, '/conseil/structure') };
}

function Counts({ caption, words, counts }: { caption: string; words: Record<string, string>; counts: Record<string, number> }) {
  return (
    <table className="k-table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">État</th>
          <th scope="col">Nombre</th>
        </tr>
      </thead>
      <tbody>
        {Object.keys(words).map((k) => (
          <tr key={k}>
            <th scope="row">{word(words, k)}</th>
            <td>{counts[k] ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export default function StructurePage() {
  const { v } = useLoaderData<typeof loader>();
  return (
    <div className="k-page">
      <title>{`Chiffres de la structure – ${theme.name}`}</title>
      <h1>Chiffres de la structure</h1>
      <p>Aucune personne n’est nommée ici : seulement des nombres.</p>
      <dl className="k-facts">
        <dt>Personnes suivies</dt>
        <dd>{v.people}</dd>
        <dt>Actives ces 90 derniers jours</dt>
        <dd>{v.active}</dd>
        <dt>Étapes en retard</dt>
        <dd>{v.lateSteps}</dd>
      </dl>
      <Counts caption="Étapes des plans, par état" words={STEP_STATUSES} counts={v.steps} />
      <Counts caption="Orientations reçues et transmises, par état" words={REFERRAL_STATUSES} counts={v.referrals} />
    </div>
  );
}
