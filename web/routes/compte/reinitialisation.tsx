import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import type { ActionArgs, LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader, refusal } from '../../components/compte/forms.tsx';

/**
 * « Choisir un nouveau mot de passe » (the link of the « mot de passe oublié » mail, `?jeton=…`):
 * POST /api/auth/reset, then the sign-in page. Every session of the account is closed.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const jeton = (new URL(request.url).searchParams.get('jeton') ?? '').trim().slice(0, 100);
  return { jeton, token: jeton ? await formToken(context.api) : '' };
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const password = form.password('password');
  if (!password) {
    return data(
      {
        errors: [{ target: 'password', message: 'Choisissez un mot de passe de 12 caractères au moins.' }] as FieldError[],
        expired: false,
      },
      {
        status: 400,
      },
    );
  }
  const res = await context.api.post('/api/auth/reset', {
    body: { token: form.text('jeton', 100), password, csrf: form.text('csrf', 100) },
  });
  const r = refusal(res);
  if (!r) throw redirect('/connexion?reinitialise=1');
  return data({ errors: [fieldError(r, { password: 'password' }, 'password')], expired: r.field === 'token' }, { status: r.status });
}

export default function ReinitialisationPage() {
  const { jeton, token } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  return (
    <div className="c-page">
      <title>{pageTitle('Choisir un nouveau mot de passe', errors, theme.name)}</title>
      <h1>Choisir un nouveau mot de passe</h1>
      <ErrorSummary errors={errors} />
      {posted?.expired || !jeton ? (
        <p>
          {jeton ? null : 'Ce lien est incomplet : ouvrez le lien exact reçu par courriel. '}
          <a href="/mot-de-passe-oublie">Demander un nouveau lien</a>
        </p>
      ) : null}
      {jeton ? (
        <Form method="post" noValidate className="c-form">
          <CsrfField token={token} />
          <input type="hidden" name="jeton" value={jeton} />
          <TextField
            id="password"
            name="password"
            type="password"
            label="Nouveau mot de passe"
            autoComplete="new-password"
            hint="12 caractères au moins. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."
            error={errorOf(errors, 'password')}
          />
          <button type="submit" className="button">
            Enregistrer le mot de passe
          </button>
        </Form>
      ) : null}
    </div>
  );
}
