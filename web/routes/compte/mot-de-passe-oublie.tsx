import { Form, data, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader } from '../../components/compte/forms.tsx';

/**
 * « Mot de passe oublié » : an address, and the API's answer, the same whether an account exists
 * or not (it tells nobody who has an account).
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

export async function loader({ context }: LoaderArgs) {
  return { token: await formToken(context.api) };
}

interface ActionData {
  errors: FieldError[];
  email: string;
  done: string | null;
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const email = form.text('email', 254);
  if (!email) {
    return data(
      { errors: [{ target: 'email', message: 'Indiquez votre adresse électronique.' }], email, done: null } satisfies ActionData,
      {
        status: 400,
      },
    );
  }
  const res = await context.api.post('/api/v1/auth/forgot', { body: { email, csrf: form.text('csrf', 100) } });
  const r = apiError(res);
  if (r)
    return data({ errors: [fieldError(r, { email: 'email' }, 'email')], email, done: null } satisfies ActionData, { status: r.status });
  return { errors: [], email, done: res.status === 200 ? res.body.message : null } satisfies ActionData;
}

export default function MotDePasseOubliePage() {
  const { token } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  if (posted?.done) {
    return (
      <div className="c-page">
        <title>{`Vérifiez votre messagerie – Mot de passe oublié – ${theme.name}`}</title>
        <h1>Vérifiez votre messagerie</h1>
        <p className="c-notice" role="status">
          {posted.done}
        </p>
        <p>Le lien est valable une heure. Pensez à regarder dans les courriels indésirables.</p>
        <p>
          <a href="/connexion">Retour à la connexion</a>
        </p>
      </div>
    );
  }
  return (
    <div className="c-page">
      <title>{pageTitle('Mot de passe oublié', errors, theme.name)}</title>
      <h1>Mot de passe oublié</h1>
      <p className="c-lead">Indiquez l’adresse de votre compte : nous vous enverrons un lien pour choisir un nouveau mot de passe.</p>
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate className="c-form">
        <CsrfField token={token} />
        <TextField
          id="email"
          name="email"
          type="email"
          label="Adresse électronique"
          autoComplete="email"
          hint="Par exemple : prenom.nom@exemple.fr"
          defaultValue={posted?.email}
          error={errorOf(errors, 'email')}
        />
        <button type="submit" className="button">
          Recevoir un lien
        </button>
      </Form>
      <p>
        <a href="/connexion">Retour à la connexion</a>
      </p>
    </div>
  );
}
