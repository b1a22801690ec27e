import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { REFUSAL_REASONS } from '../../../src/common/recruitment-words.ts';
import { capitalised } from '../../../src/common/labels.ts';
import { ErrorSummary } from '../../components/guidance/ErrorSummary.tsx';
import { AreaField, CsrfField, dateTime, errorOf, fieldError, formToken, pageTitle, SelectField } from '../../components/compte/forms.tsx';

/**
 * One application. Its candidate sees its status and history; the offer's recruiter reads the
 * message and the CV (the first reading marks it « lue ») and answers: an interview, an
 * acceptance, or a refusal with its reason, which the candidate reads.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

const ANSWERS: Record<string, string> = {
  entretien: 'Proposer un entretien',
  acceptee: 'Accepter la candidature',
  refusee: 'Refuser la candidature',
};
const REASONS: [string, string][] = [
  ['', 'Choisir un motif'],
  ...Object.entries(REFUSAL_REASONS).map(([code, label]): [string, string] => [code, capitalised(label)]),
];

export async function loader({ params, request, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const res = await context.api.get('/api/v1/recruitment/applications/:id', { params: { id } });
  if (res.status === 401) throw redirect(`/connexion?retour=/apprentissage/candidatures/${id}`);
  if (res.status !== 200)
    throw new Response(apiError(res)?.message ?? 'Candidature inconnue.', { status: res.status === 404 ? 404 : res.status });
  const sp = new URL(request.url).searchParams;
  return {
    application: res.body,
    token: res.body.next.length ? await formToken(context.api) : '',
    done: sp.has('envoyee')
      ? 'Votre candidature est envoyée : le recruteur est prévenu.'
      : sp.has('repondu')
        ? 'Votre réponse est enregistrée : le candidat est prévenu.'
        : null,
  };
}

export async function action({ params, request, context }: ActionArgs) {
  const id = String(params.id ?? '');
  const form = await request.formData();
  const text = (name: string, max: number) =>
    String(form.get(name) ?? '')
      .trim()
      .slice(0, max);
  const res = await context.api.post('/api/v1/recruitment/applications/:id', {
    params: { id },
    body: {
      status: text('status', 20) as 'entretien',
      reason: (text('reason', 30) || undefined) as 'autre' | undefined,
      detail: text('detail', 500) || undefined,
      csrf: text('csrf', 100),
    },
  });
  const r = apiError(res);
  if (r?.code === 'connexion-requise') throw redirect(`/connexion?retour=/apprentissage/candidatures/${id}`);
  if (r)
    return data(
      {
        errors: [fieldError(r, { status: 'status-entretien', reason: 'reason', detail: 'detail' }, 'reason')],
        token: await formToken(context.api),
      },
      { status: r.status },
    );
  throw redirect(`/apprentissage/candidatures/${id}?repondu=1`);
}

export default function CandidaturePage() {
  const { application: a, token, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const recruiter = a.as === 'recruteur';
  const back = recruiter
    ? { href: `/apprentissage/mes-offres/${a.offer.id}`, text: 'Les candidatures de l’offre' }
    : { href: '/apprentissage/mes-candidatures', text: 'Mes candidatures' };
  return (
    <div className="r-page">
      <title>
        {pageTitle(recruiter ? `Candidature de ${a.candidate?.name}` : `Ma candidature : ${a.offer.title}`, errors, theme.name)}
      </title>
      <p>
        <a href={back.href}>{back.text}</a>
      </p>
      <h1>{recruiter ? `Candidature de ${a.candidate?.name}` : 'Ma candidature'}</h1>
      {done ? (
        <p className="r-notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <p>
        Offre : <a href={`/apprentissage/offres/${a.offer.id}`}>{a.offer.title}</a> — {a.offer.company}
      </p>
      <p>
        État : <span className="r-status">{a.statusLabel}</span>
      </p>
      <h2>Historique</h2>
      <ol className="r-history">
        {a.history.map((h) => (
          <li key={`${h.status}${h.at}`}>
            {dateTime(h.at)} : {h.label}
            {h.reason ? ` — motif : ${h.reason}` : ''}
          </li>
        ))}
      </ol>
      <h2>Message</h2>
      <p className="r-description">{a.message}</p>
      <p>
        {a.cv ? (
          <a href={`/apprentissage/candidatures/${a.id}/cv`} download>
            Télécharger le CV ({a.cv.filename}, PDF, {Math.max(1, Math.round(a.cv.size / 1024))} Ko)
          </a>
        ) : (
          'Pas de CV joint.'
        )}
      </p>
      {a.next.length ? (
        <section aria-labelledby="repondre">
          <h2 id="repondre">Répondre</h2>
          <p>Votre réponse est envoyée au candidat par courriel. Un refus motivé est aussi une réponse.</p>
          <Form method="post" className="r-form">
            <CsrfField token={posted?.token ?? token} />
            <fieldset>
              <legend>Votre réponse *</legend>
              {a.next.map((s) => (
                <label key={s} className="r-choice">
                  <input type="radio" id={`status-${s}`} name="status" value={s} required /> {ANSWERS[s]}
                </label>
              ))}
            </fieldset>
            <SelectField id="reason" name="reason" label="Motif, en cas de refus" options={REASONS} error={errorOf(errors, 'reason')} />
            <AreaField
              id="detail"
              name="detail"
              label="Précision pour le candidat"
              required={false}
              rows={3}
              error={errorOf(errors, 'detail')}
            />
            <button type="submit" className="button">
              Envoyer ma réponse
            </button>
          </Form>
        </section>
      ) : null}
    </div>
  );
}
