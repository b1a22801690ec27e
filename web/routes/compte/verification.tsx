import { Form, data, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { reader } from '../../components/compte/forms.tsx';

/**
 * « Confirmer mon adresse » (the link of the sign-up mail, `?jeton=…`). Opening the link changes
 * nothing (mail scanners open links): the button posts the token to POST /api/v1/auth/verify.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

export function loader({ request }: LoaderArgs) {
  return { jeton: (new URL(request.url).searchParams.get('jeton') ?? '').trim().slice(0, 100) };
}

interface ActionData {
  errors: FieldError[];
  done: string | null;
}

export async function action({ request, context }: ActionArgs) {
  const token = reader(await request.formData()).text('jeton', 100);
  const res = await context.api.post('/api/v1/auth/verify', { body: { token } });
  const r = apiError(res);
  if (r) return data({ errors: [{ target: 'confirmer', message: r.message }], done: null } satisfies ActionData, { status: r.status });
  return { errors: [], done: res.status === 200 ? res.body.message : null } satisfies ActionData;
}

export default function VerificationPage() {
  const { jeton } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  if (posted?.done) {
    return (
      <div className="c-page">
        <title>{`Adresse confirmée – ${theme.name}`}</title>
        <h1>Adresse confirmée</h1>
        <p className="c-notice" role="status">
          {posted.done}
        </p>
        <p>
          <a className="button" href="/connexion">
            Se connecter
          </a>
        </p>
      </div>
    );
  }
  return (
    <div className="c-page">
      <title>{`${errors.length ? 'Erreur – ' : ''}Confirmer mon adresse – ${theme.name}`}</title>
      <h1>Confirmer mon adresse</h1>
      <ErrorSummary errors={errors} title="L’adresse n’a pas pu être confirmée" />
      {jeton ? (
        <>
          <p>Pour activer votre compte, confirmez que cette adresse électronique est bien la vôtre.</p>
          <Form method="post" className="c-form">
            <input type="hidden" name="jeton" value={jeton} />
            <button type="submit" id="confirmer" className="button">
              Confirmer mon adresse
            </button>
          </Form>
        </>
      ) : (
        <p>
          Ce lien est incomplet : ouvrez le lien exact reçu par courriel, ou <a href="/inscription">créez à nouveau votre compte</a>.
        </p>
      )}
      {errors.length ? (
        <p>
          Si le lien a expiré, <a href="/inscription">créez à nouveau votre compte</a> : un nouveau courriel vous sera envoyé.
        </p>
      ) : null}
    </div>
  );
}
