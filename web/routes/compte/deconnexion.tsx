import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, EXPIRED_FORM, formToken, reader } from '../../components/compte/forms.tsx';

/**
 * « Se déconnecter »: opening the page changes nothing (a link followed by a prefetch or another
 * site must not sign anyone out); its button posts POST /api/v1/auth/sign-out.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

export async function loader({ request, context }: LoaderArgs) {
  const signedIn =
    (request.headers.get('cookie') ?? '').includes('passerelles_session=') && (await context.api.get('/api/v1/account')).status === 200;
  return { signedIn, token: signedIn ? await formToken(context.api) : '' };
}

export async function action({ request, context }: ActionArgs) {
  const res = await context.api.post('/api/v1/auth/sign-out', { body: { csrf: reader(await request.formData()).text('csrf', 100) } });
  const r = apiError(res);
  // Signed out already (401): the same page as after signing out.
  if (!r || r.status === 401) throw redirect('/connexion?deconnecte=1');
  const message = r.code === 'formulaire-expire' ? EXPIRED_FORM : r.message;
  return data({ errors: [{ target: 'se-deconnecter', message }] as FieldError[] }, { status: r.status });
}

export default function DeconnexionPage() {
  const { signedIn, token } = useLoaderData<typeof loader>();
  const errors = useActionData<typeof action>()?.errors ?? [];
  return (
    <div className="c-page">
      <title>{`${errors.length ? 'Erreur – ' : ''}Se déconnecter – ${theme.name}`}</title>
      <h1>Se déconnecter</h1>
      <ErrorSummary errors={errors} title="La déconnexion n’a pas abouti" />
      {signedIn ? (
        <>
          <p>Fermez votre session sur cet appareil. Vos autres sessions restent ouvertes : vous pouvez les fermer depuis « Mon compte ».</p>
          <Form method="post" className="c-form">
            <CsrfField token={token} />
            <button type="submit" id="se-deconnecter" className="button">
              Se déconnecter
            </button>
          </Form>
          <p>
            <a href="/mon-compte">Retour à mon compte</a>
          </p>
        </>
      ) : (
        <p>
          Vous n’êtes pas connecté(e). <a href="/connexion">Se connecter</a>
        </p>
      )}
    </div>
  );
}
