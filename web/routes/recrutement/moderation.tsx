import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary } from '../../components/guidance/ErrorSummary.tsx';
import { AreaField, CsrfField, dateTime, fieldError, formTokens, pageTitle } from '../../components/compte/forms.tsx';

/** « Modération des offres »: the reported offers, the most reported first; keep or withdraw each. */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/recruitment/moderation');
  if (res.status === 401) throw redirect('/connexion?retour=/apprentissage/moderation');
  if (res.status !== 200) throw new Response('Cette page est réservée à la modération.', { status: res.status === 403 ? 403 : 503 });
  return { queue: res.body, tokens: await formTokens(context.api, res.body.length), done: new URL(request.url).searchParams.get('fait') };
}

export async function action({ request, context }: ActionArgs) {
  const form = await request.formData();
  const text = (name: string, max: number) =>
    String(form.get(name) ?? '')
      .trim()
      .slice(0, max);
  const id = text('offer', 12);
  const res = await context.api.post('/api/v1/recruitment/moderation/:id', {
    params: { id },
    body: { decision: text('decision', 10) as 'retiree', note: text('note', 1000) || undefined, csrf: text('csrf', 100) },
  });
  const r = apiError(res);
  if (r) return data({ errors: [fieldError(r, { note: `note-${id}` }, `note-${id}`)] }, { status: r.status });
  throw redirect(`/apprentissage/moderation?fait=${text('decision', 10) === 'retiree' ? 'retiree' : 'maintenue'}`);
}

export default function ModerationPage() {
  const { queue, tokens, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  return (
    <div className="r-page">
      <title>{pageTitle('Modération des offres', errors, theme.name)}</title>
      <h1>Modération des offres</h1>
      {done ? (
        <p className="r-notice" role="status">
          {done === 'retiree' ? 'Offre retirée ; la structure est prévenue.' : 'Offre maintenue ; les signalements sont classés.'}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      {queue.length === 0 ? <p>Aucun signalement en attente.</p> : null}
      {queue.map((entry, i) => (
        <section key={entry.offer.id} className="r-card" aria-labelledby={`offre-${entry.offer.id}`}>
          <h2 id={`offre-${entry.offer.id}`}>
            <a href={`/apprentissage/offres/${entry.offer.id}`}>{entry.offer.title}</a> — {entry.offer.company}
          </h2>
          <ul>
            {entry.reports.map((r) => (
              <li key={r.id}>
                {dateTime(r.createdAt)} : {r.reason}
                {r.details ? ` — « ${r.details} »` : ''}
              </li>
            ))}
          </ul>
          <Form method="post" className="r-form">
            <CsrfField token={tokens[i]} />
            <input type="hidden" name="offer" value={entry.offer.id} />
            <AreaField
              id={`note-${entry.offer.id}`}
              name="note"
              label="Motif transmis à la structure (en cas de retrait)"
              required={false}
              rows={2}
            />
            <button type="submit" name="decision" value="retiree" className="button">
              Retirer l’offre
            </button>{' '}
            <button type="submit" name="decision" value="maintenue" className="button">
              Maintenir l’offre
            </button>
          </Form>
        </section>
      ))}
    </div>
  );
}
