import { Form, data, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, errorOf, fieldError, formToken, pageTitle, reader } from '../../components/compte/forms.tsx';

/**
 * « Créer un compte » (candidates; the other roles are invited by their structure): name, email,
 * password. The API answers the same whether the address already has an account or not, and
 * sends a mail to confirm it: its message is shown as is.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

export async function loader({ context }: LoaderArgs) {
  return { token: await formToken(context.api) };
}

interface ActionData {
  errors: FieldError[];
  values: { name: string; email: string };
  done: string | null;
}

const FIELDS = { name: 'name', email: 'email', password: 'password' };

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const values = { name: form.text('name', 200), email: form.text('email', 254) };
  const password = form.password('password');
  const errors: FieldError[] = [];
  if (!values.name) errors.push({ target: 'name', message: 'Indiquez votre nom.' });
  if (!values.email) errors.push({ target: 'email', message: 'Indiquez votre adresse électronique.' });
  if (!password) errors.push({ target: 'password', message: 'Choisissez un mot de passe de 12 caractères au moins.' });
  if (errors.length) return data({ errors, values, done: null } satisfies ActionData, { status: 400 });
  const res = await context.api.post('/api/v1/auth/sign-up', { body: { ...values, password, csrf: form.text('csrf', 100) } });
  const r = apiError(res);
  if (r) return data({ errors: [fieldError(r, FIELDS, 'name')], values, done: null } satisfies ActionData, { status: r.status });
  return { errors: [], values, done: res.status === 200 ? res.body.message : null } satisfies ActionData;
}

export default function InscriptionPage() {
  const { token } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  if (posted?.done) {
    return (
      <div className="c-page">
        <title>{`Vérifiez votre messagerie – Créer un compte – ${theme.name}`}</title>
        <h1>Vérifiez votre messagerie</h1>
        <p className="c-notice" role="status">
          {posted.done}
        </p>
        <p>Ouvrez le lien reçu pour activer votre compte, puis connectez-vous. Pensez à regarder dans les courriels indésirables.</p>
        <p>
          <a href="/connexion">Se connecter</a>
        </p>
      </div>
    );
  }
  return (
    <div className="c-page">
      <title>{pageTitle('Créer un compte', errors, theme.name)}</title>
      <h1>Créer un compte</h1>
      <p className="c-lead">Un compte vous permet de retrouver vos démarches. Vous recevrez un courriel pour confirmer votre adresse.</p>
      <ErrorSummary errors={errors} />
      <p className="hint">Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="post" noValidate className="c-form">
        <CsrfField token={token} />
        <TextField
          id="name"
          name="name"
          label="Votre nom"
          autoComplete="name"
          hint="Prénom et nom, tels que vous voulez les voir affichés"
          defaultValue={posted?.values.name}
          error={errorOf(errors, 'name')}
        />
        <TextField
          id="email"
          name="email"
          type="email"
          label="Adresse électronique"
          autoComplete="email"
          hint="Par exemple : prenom.nom@exemple.fr"
          defaultValue={posted?.values.email}
          error={errorOf(errors, 'email')}
        />
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
          Créer mon compte
        </button>
      </Form>
      <p>
        Vous avez déjà un compte ? <a href="/connexion">Se connecter</a>
      </p>
    </div>
  );
}
