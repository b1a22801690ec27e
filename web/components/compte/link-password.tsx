import type { ReactNode } from 'react';
import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader } from './forms.tsx';

/**
 * The two pages a mail's link opens to choose a password (`?jeton=…`): accepting an invitation
 * and resetting a forgotten password. They differ only by their API route, their words and where
 * they lead; the link's token travels in a hidden field, never in the page's address again.
 */
export async function linkPasswordLoader({ request, context }: LoaderArgs) {
  const jeton = (new URL(request.url).searchParams.get('jeton') ?? '').trim().slice(0, 100);
  return { jeton, token: jeton ? await formToken(context.api) : '' };
}

export async function linkPasswordAction(
  { request, context }: ActionArgs,
  url: '/api/v1/auth/invitation' | '/api/v1/auth/reset',
  then: string,
) {
  const form = reader(await request.formData());
  const password = form.password('password');
  if (!password) {
    const errors: FieldError[] = [{ target: 'password', message: 'Choisissez un mot de passe de 12 caractères au moins.' }];
    return data({ errors, expired: false }, { status: 400 });
  }
  const r = apiError(await context.api.post(url, { body: { token: form.text('jeton', 100), password, csrf: form.text('csrf', 100) } }));
  if (!r) throw redirect(then);
  return data({ errors: [fieldError(r, { password: 'password' }, 'password')], expired: r.field === 'token' }, { status: r.status });
}

interface Words {
  title: string;
  lead?: string;
  label: string;
  button: string;
  /** What to do when the link is used up or expired. */
  expired: ReactNode;
}

export function LinkPasswordPage({ title, lead, label, button, expired }: Words) {
  const { jeton, token } = useLoaderData<typeof linkPasswordLoader>();
  const posted = useActionData<typeof linkPasswordAction>();
  const errors = posted?.errors ?? [];
  return (
    <div className="c-page">
      <title>{pageTitle(title, errors, theme.name)}</title>
      <h1>{title}</h1>
      <ErrorSummary errors={errors} />
      {!jeton ? <p>Ce lien est incomplet : ouvrez le lien exact reçu par courriel.</p> : null}
      {posted?.expired || !jeton ? <p>{expired}</p> : null}
      {jeton ? (
        <>
          {lead ? <p className="c-lead">{lead}</p> : null}
          <Form method="post" noValidate className="c-form">
            <CsrfField token={token} />
            <input type="hidden" name="jeton" value={jeton} />
            <TextField
              id="password"
              name="password"
              type="password"
              label={label}
              autoComplete="new-password"
              hint="12 caractères au moins. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."
              error={errorOf(errors, 'password')}
            />
            <button type="submit" className="button">
              {button}
            </button>
          </Form>
        </>
      ) : null}
    </div>
  );
}
