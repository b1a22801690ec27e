import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import type { AuditEvent, Me, StructureAccount } from '../../../src/identity/contract.ts';
import type { PUSH_ROLES as PushRoles } from '../../../src/exchange/push-contract.ts';
import { theme } from '../../theme.ts';
import { ROLE_LABELS, STRUCTURE_ROLES } from '../../../src/common/roles.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  CsrfField,
  TextField,
  dateTime,
  errorOf,
  fieldError,
  formToken,
  pageTitle,
  reader,
  roleNames,
} from '../../components/compte/forms.tsx';

/**
 * « Ma structure »: the accounts of the structure, for its administrators (who invite people and
 * read the access log) and its supervisors (who only read the list). Anyone else: a 403 page.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

const SIGN_IN = '/connexion?retour=/structure';
/** The roles the page /structure/flux lets in (PUSH_ROLES of the exchange's contract). */
const PUSH_ROLES: typeof PushRoles = ['cfa', 'pilotage', 'admin'];
/** The roles an administrator may give (a candidate signs up alone). */

type Loaded =
  | { forbidden: true }
  | {
      forbidden: false;
      me: Me;
      admin: boolean;
      accounts: StructureAccount[];
      audit: AuditEvent[];
      token: string;
      invited: boolean;
    };

export async function loader({ request, context }: LoaderArgs) {
  const me = await context.api.get('/api/v1/account');
  if (me.status === 401) throw redirect(SIGN_IN);
  const accounts = await context.api.get('/api/v1/structure/accounts');
  if (accounts.status === 401) throw redirect(SIGN_IN);
  if (me.status !== 200 || accounts.status === 403) return data<Loaded>({ forbidden: true }, { status: 403 });
  if (accounts.status !== 200) throw new Response('Les comptes ne peuvent pas être affichés pour le moment.', { status: 503 });
  const admin = me.body.roles.includes('admin');
  const audit = admin ? await context.api.get('/api/v1/structure/audit', { query: { limit: 100 } }) : null;
  return data<Loaded>({
    forbidden: false,
    me: me.body,
    admin,
    accounts: accounts.body,
    audit: audit?.status === 200 ? audit.body : [],
    token: admin ? await formToken(context.api) : '',
    invited: new URL(request.url).searchParams.get('invitation') === 'envoyee',
  });
}

interface ActionData {
  errors: FieldError[];
  values: { name: string; email: string; role: string };
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const values = { name: form.text('name', 200), email: form.text('email', 254), role: form.text('role', 30) };
  const errors: FieldError[] = [];
  if (!values.name) errors.push({ target: 'invite-name', message: 'Indiquez le nom de la personne.' });
  if (!values.email) errors.push({ target: 'invite-email', message: 'Indiquez l’adresse électronique de la personne.' });
  const role = STRUCTURE_ROLES.find((r) => r === values.role);
  if (!role) errors.push({ target: 'invite-role', message: 'Choisissez le rôle de la personne.' });
  if (errors.length || !role) return data({ errors, values } satisfies ActionData, { status: 400 });
  const r = apiError(
    await context.api.post('/api/v1/structure/invitations', {
      body: { name: values.name, email: values.email, role, csrf: form.text('csrf', 100) },
    }),
  );
  if (r?.status === 401) throw redirect(SIGN_IN);
  if (r) {
    const fields = { name: 'invite-name', email: 'invite-email', role: 'invite-role' };
    return data({ errors: [fieldError(r, fields, 'invite-name')], values } satisfies ActionData, { status: r.status });
  }
  throw redirect('/structure?invitation=envoyee');
}

export default function StructurePage() {
  const loaded = useLoaderData<typeof loader>() as Loaded;
  const posted = useActionData<typeof action>();
  if (loaded.forbidden) {
    return (
      <div className="c-page">
        <title>{`Accès réservé – ${theme.name}`}</title>
        <h1>Accès réservé</h1>
        <p>Cette page est réservée aux administrateurs de structure.</p>
        <p>
          <a href="/mon-compte">Retour à mon compte</a>
        </p>
      </div>
    );
  }
  const { me, admin, accounts, audit, token, invited } = loaded;
  const errors = posted?.errors ?? [];
  const structure = me.structure ?? 'ma structure';
  // Each link only for those its page lets in: the flux for the roles that push, the keys for administrators.
  const pusher = me.roles.some((r) => (PUSH_ROLES as readonly string[]).includes(r));
  return (
    <div className="c-page-wide">
      <title>{pageTitle(`Comptes de ${structure}`, errors, theme.name)}</title>
      <h1>Comptes de {structure}</h1>
      {invited && !posted ? (
        <p className="c-notice" role="status">
          Invitation envoyée : la personne reçoit un courriel pour choisir son mot de passe (lien valable 7 jours). Elle apparaît ci-dessous
          comme « invitation en attente » jusqu’à ce qu’elle active son compte.
        </p>
      ) : null}
      {admin || pusher ? (
        <ul className="c-links">
          {pusher ? (
            <li>
              <a href="/structure/flux">Flux d’offres et d’événements</a>
            </li>
          ) : null}
          {admin ? (
            <li>
              <a href="/structure/cles">Clés d’API des partenaires de la structure</a>
            </li>
          ) : null}
        </ul>
      ) : null}
      {admin ? null : (
        <p>Vous consultez cette liste en lecture seule : seuls les administrateurs de la structure invitent des personnes.</p>
      )}
      <ErrorSummary errors={errors} />

      <section aria-labelledby="comptes">
        <h2 id="comptes">Les comptes ({accounts.length})</h2>
        <div className="table-scroll">
          <table className="table-stack">
            <caption className="visually-hidden">Comptes de {structure}</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Adresse électronique</th>
                <th scope="col">Rôles</th>
                <th scope="col">État</th>
                <th scope="col">Double authentification</th>
                <th scope="col">Dernière connexion</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((a) => (
                <tr key={a.id}>
                  <th scope="row">{a.name}</th>
                  <td data-label="Adresse électronique">{a.email}</td>
                  <td data-label="Rôles">{roleNames(a.roles)}</td>
                  <td data-label="État">{a.pending ? 'invitation en attente' : 'actif'}</td>
                  <td data-label="Double authentification">{a.totp ? 'oui' : 'non'}</td>
                  <td data-label="Dernière connexion">{a.lastSignInAt ? dateTime(a.lastSignInAt) : 'jamais'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      {admin ? <InviteForm token={token} errors={errors} values={posted?.values ?? null} /> : null}

      {admin ? (
        <section aria-labelledby="journal" className="c-section">
          <h2 id="journal">Journal des accès</h2>
          <p>
            Qui, dans votre structure, a consulté ou modifié des données personnelles, quand et pour quelle finalité (les 100 derniers
            accès).
          </p>
          {audit.length ? (
            <div className="table-scroll">
              <table className="table-stack">
                <caption className="visually-hidden">Journal des accès aux données personnelles</caption>
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Qui</th>
                    <th scope="col">Action</th>
                    <th scope="col">Objet</th>
                    <th scope="col">Finalité</th>
                    <th scope="col">IP</th>
                  </tr>
                </thead>
                <tbody>
                  {audit.map((e, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: log lines have no id, and the list is never reordered
                    <tr key={i}>
                      <td data-label="Date">{dateTime(e.at)}</td>
                      <td data-label="Qui">{e.actor ?? 'ligne de commande'}</td>
                      <td data-label="Action">{e.action}</td>
                      <td data-label="Objet">{e.subject}</td>
                      <td data-label="Finalité">{e.purpose}</td>
                      <td data-label="IP">{e.ip ?? ''}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>Aucun accès enregistré pour le moment.</p>
          )}
        </section>
      ) : null}
      <p>
        <a href="/mon-compte">Retour à mon compte</a>
      </p>
    </div>
  );
}

function InviteForm({ token, errors, values }: { token: string; errors: FieldError[]; values: ActionData['values'] | null }) {
  const roleError = errorOf(errors, 'invite-role');
  return (
    <section aria-labelledby="inviter" className="c-section c-page">
      <h2 id="inviter">Inviter une personne</h2>
      <p>
        La personne reçoit un courriel avec un lien pour choisir son mot de passe. Les champs marqués d’un astérisque (*) sont obligatoires.
      </p>
      <Form method="post" noValidate className="c-form">
        <CsrfField token={token} />
        <input type="hidden" name="intent" value="inviter" />
        <TextField
          id="invite-name"
          name="name"
          label="Nom"
          autoComplete="off"
          defaultValue={values?.name}
          error={errorOf(errors, 'invite-name')}
        />
        <TextField
          id="invite-email"
          name="email"
          type="email"
          label="Adresse électronique"
          autoComplete="off"
          defaultValue={values?.email}
          error={errorOf(errors, 'invite-email')}
        />
        <div className="field">
          <label htmlFor="invite-role">Rôle *</label>
          <select
            id="invite-role"
            name="role"
            defaultValue={values?.role ?? ''}
            required
            aria-describedby={describedBy(roleError && 'invite-role-error')}
            aria-invalid={roleError ? true : undefined}
          >
            <option value="">Choisissez un rôle</option>
            {STRUCTURE_ROLES.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
          <FieldMessage id="invite-role-error" message={roleError} />
        </div>
        <button type="submit" className="button">
          Envoyer l’invitation
        </button>
      </Form>
    </section>
  );
}
