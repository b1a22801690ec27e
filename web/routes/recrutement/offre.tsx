import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import css from '../../styles/recrutement.css?url';
import { apiError, notFoundUnless, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  AreaField,
  CsrfField,
  errorOf,
  fieldError,
  formTokens,
  InputField,
  pageTitle,
  SelectField,
} from '../../components/compte/forms.tsx';
import { LEVELS, recruiterText, signedIn, uploadOf } from '../../components/apprentissage/offres.tsx';
import { longFrenchDate } from '../../../src/common/dates.ts';
import { REPORT_REASONS } from '../../../src/common/recruitment-words.ts';
import { capitalised } from '../../../src/common/labels.ts';

/**
 * One offer: what the contract is, how its recruiter answers, and for a signed-in candidate the
 * application form (a message, a PDF CV or the profile's). Anyone signed in may report it.
 */

export const links = () => [{ rel: 'stylesheet', href: css }];
export const meta = () => [];

const REPORT_OPTIONS = Object.entries(REPORT_REASONS).map(([code, label]): [string, string] => [code, capitalised(label)]);

export async function loader({ params, request, context }: LoaderArgs) {
  const id = String(params.id ?? '');
  const offer = notFoundUnless(await context.api.get('/api/v1/recruitment/offers/:id', { params: { id } }), 'Offre inconnue ou retirée.');
  const me = await signedIn(context.api);
  const candidate = !!me?.roles.includes('candidat');
  let applied: number | null = null;
  let profileCv: string | null = null;
  if (candidate) {
    const mine = await context.api.get('/api/v1/recruitment/my-applications');
    applied = mine.status === 200 ? (mine.body.find((a) => a.offer.id === offer.id)?.id ?? null) : null;
    const profile = await context.api.get('/api/v1/recruitment/profile');
    profileCv = profile.status === 200 ? (profile.body.cv?.filename ?? null) : null;
  }
  const [apply, report] = me ? await formTokens(context.api, 2) : ['', ''];
  const done = new URL(request.url).searchParams.get('signale') === '1';
  return { offer, signedIn: !!me, candidate, applied, profileCv, tokens: { apply, report }, done };
}

export async function action({ params, request, context }: ActionArgs) {
  const id = String(params.id ?? '');
  const form = await request.formData();
  const text = (name: string, max: number) =>
    String(form.get(name) ?? '')
      .trim()
      .slice(0, max);
  const csrf = text('csrf', 100);
  if (text('intent', 20) === 'signaler') {
    const res = await context.api.post('/api/v1/recruitment/offers/:id/reports', {
      params: { id },
      body: { reason: text('reason', 30) as 'autre', details: text('details', 1000) || undefined, csrf },
    });
    const r = apiError(res);
    if (r?.code === 'connexion-requise') throw redirect(`/connexion?retour=/apprentissage/offres/${id}`);
    if (r) return data({ errors: [fieldError(r, { reason: 'reason', details: 'details' }, 'reason')] }, { status: r.status });
    throw redirect(`/apprentissage/offres/${id}?signale=1`);
  }
  const errors: FieldError[] = [];
  let cv: Awaited<ReturnType<typeof uploadOf>>;
  try {
    cv = await uploadOf(form.get('cv'));
  } catch {
    errors.push({ target: 'cv', message: 'Le fichier n’a pas pu être lu : choisissez-le à nouveau.' });
  }
  if (errors.length) return data({ errors }, { status: 400 });
  const res = await context.api.post('/api/v1/recruitment/offers/:id/applications', {
    params: { id },
    body: { message: text('message', 3000), cv, useProfileCv: !cv && form.get('profileCv') === '1', csrf },
  });
  const r = apiError(res);
  if (r?.code === 'connexion-requise') throw redirect(`/connexion?retour=/apprentissage/offres/${id}`);
  if (r) return data({ errors: [fieldError(r, { message: 'message', cv: 'cv', offer: 'message' }, 'message')] }, { status: r.status });
  if (res.status !== 200)
    return data(
      { errors: [{ target: 'message', message: 'Le service ne répond pas comme prévu. Réessayez dans un instant.' }] },
      { status: 503 },
    );
  throw redirect(`/apprentissage/candidatures/${res.body.id}?envoyee=1`);
}

export default function OffrePage() {
  const { offer, signedIn, candidate, applied, profileCv, tokens, done } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const err = (t: string) => errorOf(errors, t);
  return (
    <div className="r-page">
      <title>{pageTitle(`${offer.title} – Offre d’apprentissage`, errors, theme.name)}</title>
      <p>
        <a href="/apprentissage/offres">Toutes les offres</a>
      </p>
      <h1>{offer.title}</h1>
      {done ? (
        <p className="r-notice" role="status">
          Merci : votre signalement est transmis à la modération.
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <dl className="r-facts">
        <dt>Entreprise</dt>
        <dd>{offer.company}</dd>
        <dt>Lieu</dt>
        <dd>
          {offer.commune.name} ({offer.commune.departement})
        </dd>
        <dt>Métier</dt>
        <dd>
          <a href={`/metiers/${offer.rome}`}>{offer.appellation.label}</a> (ROME {offer.rome})
        </dd>
        <dt>Diplôme préparé</dt>
        <dd>
          {offer.diploma}
          {offer.level ? ` — niveau ${LEVELS[offer.level] ?? offer.level}` : ''}
        </dd>
        <dt>Début du contrat</dt>
        <dd>{longFrenchDate(offer.startDate)}</dd>
        <dt>Rythme</dt>
        <dd>{offer.rhythm}</dd>
        <dt>Places</dt>
        <dd>{offer.places}</dd>
        <dt>Réponses du recruteur</dt>
        <dd>{recruiterText(offer.recruiter)}</dd>
      </dl>
      <h2>L’offre</h2>
      <p className="r-description">{offer.description}</p>
      <p>
        <a href={`/apprentissage/remuneration`}>Quel salaire pour un apprenti ? Simulez-le.</a>
      </p>

      <section aria-labelledby="candidater">
        <h2 id="candidater">Candidater</h2>
        {applied ? (
          <p>
            Vous avez candidaté à cette offre : <a href={`/apprentissage/candidatures/${applied}`}>suivre ma candidature</a>.
          </p>
        ) : candidate ? (
          <Form method="post" encType="multipart/form-data" className="r-form" noValidate>
            <CsrfField token={tokens.apply} />
            <input type="hidden" name="intent" value="candidater" />
            <AreaField
              id="message"
              name="message"
              label="Message au recruteur"
              hint="Quelques phrases : pourquoi cette offre, vos disponibilités."
              error={err('message')}
            />
            {profileCv ? (
              <div className="field">
                <input type="checkbox" id="profileCv" name="profileCv" value="1" defaultChecked />{' '}
                <label htmlFor="profileCv">Joindre le CV de mon profil ({profileCv})</label>
              </div>
            ) : null}
            <InputField
              id="cv"
              name="cv"
              type="file"
              label={profileCv ? 'Ou joindre un autre CV' : 'Joindre un CV'}
              hint="PDF, 5 Mo au plus, sans script ni pièce jointe."
              required={false}
              error={err('cv')}
            />
            <button type="submit" className="button">
              Envoyer ma candidature
            </button>
          </Form>
        ) : signedIn ? (
          <p>Seul un compte de candidat peut candidater.</p>
        ) : (
          <p>
            <a href={`/connexion?retour=/apprentissage/offres/${offer.id}`}>Connectez-vous</a> ou{' '}
            <a href="/inscription">créez un compte de candidat</a> pour candidater.
          </p>
        )}
      </section>

      {signedIn ? (
        <details className="r-report">
          <summary>Signaler cette offre</summary>
          <Form method="post" className="r-form">
            <CsrfField token={tokens.report} />
            <input type="hidden" name="intent" value="signaler" />
            <SelectField id="reason" name="reason" label="Motif" required options={REPORT_OPTIONS} error={err('reason')} />
            <AreaField id="details" name="details" label="Précisions" required={false} rows={3} error={err('details')} />
            <button type="submit" className="button">
              Signaler à la modération
            </button>
          </Form>
        </details>
      ) : null}
    </div>
  );
}
