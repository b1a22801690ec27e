import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import type { ActionArgs, LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader, refusal } from '../../components/compte/forms.tsx';

/**
 * « Activer mon compte » (the link of an invitation mail, `?jeton=…`): the invited person chooses
 * a password (POST /api/auth/invitation), then signs in. The address is never put in a URL.
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
  const res = await context.api.post('/api/auth/invitation', {
    body: { token: form.text('jeton', 100), password, csrf: form.text('csrf', 100) },
  });
  const r = refusal(res);
  if (!r) throw redirect('/connexion?active=1');
  return data({ errors: [fieldError(r, { password: 'password' }, 'password')], expired: r.field === 'token' }, { status: r.status });
}

export default function InvitationPage() {
  const { jeton, token } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  return (
    <div className="c-page">
      <title>{pageTitle('Activer mon compte', errors, theme.name)}</title>
      <h1>Activer mon compte</h1>
      <ErrorSummary errors={errors} />
      {posted?.expired || !jeton ? (
        <p>
          {jeton
            ? 'Demandez une nouvelle invitation à l’administrateur ou à l’administratrice de votre structure.'
            : 'Ce lien est incomplet : ouvrez le lien exact reçu par courriel.'}
        </p>
      ) : null}
      {jeton ? (
        <>
          <p className="c-lead">Vous avez été invité(e) sur {theme.name}. Choisissez votre mot de passe pour activer votre compte.</p>
          <Form method="post" noValidate className="c-form">
            <CsrfField token={token} />
            <input type="hidden" name="jeton" value={jeton} />
            <TextField
              id="password"
              name="password"
              type="password"
              label="Mot de passe"
              autoComplete="new-password"
              hint="12 caractères au moins. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."
              error={errorOf(errors, 'password')}
            />
            <button type="submit" className="button">
              Activer mon compte
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
