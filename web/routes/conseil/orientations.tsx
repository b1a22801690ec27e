import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/conseil.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { AreaField, CsrfField, dateTime, errorOf, fieldError, formTokens, pageTitle, reader } from '../../components/compte/forms.tsx';
import { AGE_BRACKETS, BENEFICIARY_STATUSES, REFERRAL_STATUSES, counsellorAnswer, word } from '../../components/conseil/common.tsx';

/**
 * Hand-overs between structures: the training projects received (to validate, or refuse with a
 * reason) and those sent, with their decision. The receiving structure sees only the project and
 * the minimal identity the API gives it.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const list = counsellorAnswer(await context.api.get('/api/v1/counselling/referrals'), '/conseil/orientations');
  const pending = list.filter((r) => r.direction === 'recue' && r.status === 'soumis');
  const tokens = await formTokens(context.api, pending.length);
  return {
    list,
    tokens: Object.fromEntries(pending.map((r, i) => [r.id, tokens[i]])),
    done: new URL(request.url).searchParams.get('fait'),
  };
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const id = form.text('referral', 12);
  const decision = form.text('decision', 10) === 'valide' ? 'valide' : 'refuse';
  const r = apiError(
    await context.api.post('/api/v1/counselling/referrals/:id', {
      params: { id },
      body: { decision, reason: form.text('reason', 500), csrf: form.text('csrf', 100) },
    }),
  );
  if (r?.status === 401) throw redirect('/connexion?retour=/conseil/orientations');
  if (r) return data({ errors: [fieldError(r, { reason: `motif-${id}` }, `motif-${id}`)] as FieldError[] }, { status: r.status });
  throw redirect(`/conseil/orientations?fait=${decision}`);
}

export default function OrientationsPage() {
  const { list, tokens, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const received = list.filter((r) => r.direction === 'recue');
  const sent = list.filter((r) => r.direction === 'transmise');
  return (
    <div className="k-page">
      <title>{pageTitle('Orientations', errors, theme.name)}</title>
      <p>
        <a href="/conseil">Mes bénéficiaires</a>
      </p>
      <h1>Orientations</h1>
      {done && !posted ? (
        <p className="k-notice" role="status">
          {done === 'valide'
            ? 'Orientation validée : la structure qui l’a transmise le voit.'
            : 'Orientation refusée ; le motif est transmis.'}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <h2>Reçues ({received.length})</h2>
      {received.length ? (
        <ul className="k-list">
          {received.map((r) => (
            <li key={r.id} className="k-card">
              <h3>
                {r.person.firstName}, de {r.from}
              </h3>
              <p>
                {word(BENEFICIARY_STATUSES, r.person.status)}, {word(AGE_BRACKETS, r.person.ageBracket)}
                {r.person.commune ? `, ${r.person.commune}` : ''}. Reçue le {dateTime(r.createdAt)}.
              </p>
              <p className="k-notes">{r.project}</p>
              <p>
                État : <strong>{word(REFERRAL_STATUSES, r.status)}</strong>
                {r.reason ? ` — motif : ${r.reason}` : ''}
              </p>
              {tokens[r.id] ? (
                <Form method="post" className="k-form" noValidate>
                  <CsrfField token={tokens[r.id]} />
                  <input type="hidden" name="referral" value={r.id} />
                  <AreaField
                    id={`motif-${r.id}`}
                    name="reason"
                    label="Motif (obligatoire pour un refus)"
                    required={false}
                    rows={2}
                    maxLength={500}
                    error={errorOf(errors, `motif-${r.id}`)}
                  />
                  <p className="k-actions">
                    <button type="submit" name="decision" value="valide" className="button">
                      Valider<span className="visually-hidden"> l’orientation de {r.person.firstName}</span>
                    </button>{' '}
                    <button type="submit" name="decision" value="refuse" className="button button-secondary">
                      Refuser<span className="visually-hidden"> l’orientation de {r.person.firstName}</span>
                    </button>
                  </p>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune orientation reçue.</p>
      )}
      <h2>Transmises ({sent.length})</h2>
      {sent.length ? (
        <ul className="k-list">
          {sent.map((r) => (
            <li key={r.id}>
              {r.person.firstName}, vers {r.to}, le {dateTime(r.createdAt)} : <strong>{word(REFERRAL_STATUSES, r.status)}</strong>
              {r.reason ? ` — motif : ${r.reason}` : ''}.
            </li>
          ))}
        </ul>
      ) : (
        <p>Aucune orientation transmise.</p>
      )}
    </div>
  );
}
