import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader, safeReturn } from '../../components/compte/forms.tsx';

/**
 * « Se connecter »: email and password, then the code of the authentication app when the account
 * has one (the API answers `totp-requis`: the form comes back with the code field, the password
 * asked again, never written back into the page). Success: the page asked for (`retour`), or
 * « Mon compte ».
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

/** Messages of the pages that send people here (`?deconnecte=1`…). */
const ARRIVALS: [param: string, message: string][] = [
  ['deconnecte', 'Vous êtes déconnecté(e).'],
  ['active', 'Votre compte est activé : connectez-vous.'],
  ['reinitialise', 'Votre mot de passe est changé : connectez-vous avec le nouveau.'],
  ['supprime', 'Votre compte et vos données sont supprimés.'],
];

export async function loader({ request, context }: LoaderArgs) {
  const url = new URL(request.url);
  const arrival = ARRIVALS.find(([param]) => url.searchParams.get(param) === '1')?.[1] ?? null;
  return { token: await formToken(context.api), retour: safeReturn(url.searchParams.get('retour')), arrival };
}

interface ActionData {
  errors: FieldError[];
  email: string;
  /** The account asks for a code: the code field is shown. */
  totp: boolean;
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const email = form.text('email', 254);
  const password = form.password('password');
  const code = form.text('totp', 10).replace(/\s/g, '');
  const wantsCode = form.text('etape') === 'code';
  const errors: FieldError[] = [];
  if (!email) errors.push({ target: 'email', message: 'Indiquez votre adresse électronique.' });
  if (!password) errors.push({ target: 'password', message: 'Indiquez votre mot de passe.' });
  if (wantsCode && !code)
    errors.push({ target: 'totp', message: 'Saisissez le code à 6 chiffres de votre application d’authentification.' });
  if (errors.length) return data({ errors, email, totp: wantsCode } satisfies ActionData, { status: 400 });

  const res = await context.api.post('/api/v1/auth/sign-in', {
    body: { email, password, ...(code ? { totp: code } : {}), csrf: form.text('csrf', 100) },
  });
  const r = apiError(res);
  if (!r) throw redirect(safeReturn(form.text('retour', 500)) ?? '/mon-compte');
  const totp = wantsCode || r.code === 'totp-requis' || r.code === 'totp';
  const target = r.code === 'totp-requis' || r.code === 'totp' ? 'totp' : 'email';
  const errors2 = [fieldError(r, { email: 'email', password: 'password', totp: 'totp' }, target)];
  return data({ errors: errors2, email, totp } satisfies ActionData, { status: r.status });
}

export default function ConnexionPage() {
  const { token, retour, arrival } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const totp = posted?.totp ?? false;
  return (
    <div className="c-page">
      <title>{pageTitle('Se connecter', errors, theme.name)}</title>
      <h1>Se connecter</h1>
      {arrival && !posted ? (
        <p className="c-notice" role="status">
          {arrival}
        </p>
      ) : null}
      {retour && !posted ? <p>Connectez-vous pour accéder à cette page.</p> : null}
      <ErrorSummary errors={errors} />
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="post" noValidate className="c-form">
        <CsrfField token={token} />
        {retour ? <input type="hidden" name="retour" value={retour} /> : null}
        {totp ? <input type="hidden" name="etape" value="code" /> : null}
        <TextField
          id="email"
          name="email"
          type="email"
          label="Adresse électronique"
          autoComplete="email"
          hint="Par exemple : prenom.nom@exemple.fr"
          defaultValue={posted?.email ?? ''}
          error={errorOf(errors, 'email')}
        />
        <TextField
          id="password"
          name="password"
          type="password"
          label="Mot de passe"
          autoComplete="current-password"
          hint={totp ? 'Saisissez-le à nouveau avec le code.' : undefined}
          error={errorOf(errors, 'password')}
        />
        {totp ? (
          <TextField
            id="totp"
            name="totp"
            label="Code de vérification"
            autoComplete="one-time-code"
            inputMode="numeric"
            hint="Les 6 chiffres affichés par votre application d’authentification"
            error={errorOf(errors, 'totp')}
          />
        ) : null}
        <button type="submit" className="button">
          Se connecter
        </button>
      </Form>
      <ul className="c-links">
        <li>
          <a href="/mot-de-passe-oublie">Mot de passe oublié ?</a>
        </li>
        <li>
          <a href="/inscription">Pas encore de compte ? Créer un compte</a>
        </li>
      </ul>
    </div>
  );
}
