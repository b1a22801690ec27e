import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  CsrfField,
  TextField,
  dateTime,
  errorOf,
  fieldError,
  formTokens,
  pageTitle,
  reader,
  roleNames,
  type Refusal,
} from '../../components/compte/forms.tsx';

/**
 * « Mon compte »: who I am, my open sessions (each can be closed), my password, the second factor
 * (TOTP) for the roles that have it, my data (download) and the deletion of the account. Each
 * form carries its own one-time token and an `intent` the action dispatches on; after a change,
 * the page is loaded again (`?fait=…` says what was done).
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];

const SIGN_IN = '/connexion?retour=/mon-compte';

/** What `?fait=…` says, once the action is done. */
const DONE: Record<string, string> = {
  session: 'La session est fermée.',
  'mot-de-passe': 'Votre mot de passe est changé. Vos autres sessions sont fermées.',
  'totp-active': 'La double authentification est activée : un code vous sera demandé à chaque connexion.',
  'totp-desactive': 'La double authentification est désactivée.',
};

export async function loader({ request, context }: LoaderArgs) {
  const res = await context.api.get('/api/v1/account');
  if (res.status === 401) throw redirect(SIGN_IN);
  if (res.status !== 200)
    throw new Response('Votre compte ne peut pas être affiché pour le moment. Réessayez dans un instant.', { status: 503 });
  const me = res.body;
  const [password, totp, remove, ...sessions] = await formTokens(context.api, 3 + me.sessions.length);
  const done = DONE[new URL(request.url).searchParams.get('fait') ?? ''] ?? null;
  return { me, done, tokens: { password, totp, remove, sessions } };
}

interface ActionData {
  errors: FieldError[];
  /** TOTP set-up begun: the QR code and the secret to enter by hand. */
  totp?: { secret: string; qrSvg: string };
  /** A code was refused: the confirmation form stays. */
  totpPending?: boolean;
}

function refused(r: Refusal, fields: Record<string, string>, fallback: string, extra: Partial<ActionData> = {}) {
  if (r.status === 401 && r.code === 'connexion-requise') throw redirect(SIGN_IN);
  return data({ errors: [fieldError(r, fields, fallback)], ...extra } satisfies ActionData, { status: r.status });
}

function missing(target: string, message: string, extra: Partial<ActionData> = {}) {
  return data({ errors: [{ target, message }], ...extra } satisfies ActionData, { status: 400 });
}

export async function action({ request, context }: ActionArgs) {
  const form = reader(await request.formData());
  const csrf = form.text('csrf', 100);
  const api = context.api;
  switch (form.text('intent')) {
    case 'fermer-session': {
      const res = await api.post('/api/v1/account/sessions/close', { body: { session: form.text('session', 100), csrf } });
      const r = apiError(res);
      if (r) return refused(r, {}, 'mes-sessions');
      throw redirect(form.text('courante') === '1' ? '/connexion?deconnecte=1' : '/mon-compte?fait=session');
    }
    case 'mot-de-passe': {
      const current = form.password('current');
      const password = form.password('password');
      if (!current) return missing('pw-current', 'Indiquez votre mot de passe actuel.');
      if (!password) return missing('pw-new', 'Choisissez un nouveau mot de passe de 12 caractères au moins.');
      const r = apiError(await api.post('/api/v1/account/password', { body: { current, password, csrf } }));
      if (r) return refused(r, { current: 'pw-current', password: 'pw-new' }, 'pw-current');
      throw redirect('/mon-compte?fait=mot-de-passe');
    }
    case 'totp-start': {
      const res = await api.post('/api/v1/account/totp/start', { body: { csrf } });
      const r = apiError(res);
      if (r) return refused(r, {}, 'totp-start');
      if (res.status !== 200) return missing('totp-start', 'Le service ne répond pas comme prévu. Réessayez dans un instant.');
      return { errors: [], totp: { secret: res.body.secret, qrSvg: res.body.qrSvg } } satisfies ActionData;
    }
    case 'totp-confirm': {
      const code = form.text('code', 10).replace(/\s/g, '');
      if (!code) return missing('totp-code', 'Saisissez le code à 6 chiffres affiché par votre application.', { totpPending: true });
      const r = apiError(await api.post('/api/v1/account/totp/confirm', { body: { code, csrf } }));
      if (r) return refused(r, { code: 'totp-code' }, 'totp-code', { totpPending: true });
      throw redirect('/mon-compte?fait=totp-active');
    }
    case 'totp-disable': {
      const password = form.password('password');
      if (!password) return missing('totp-password', 'Indiquez votre mot de passe.');
      const r = apiError(await api.post('/api/v1/account/totp/disable', { body: { password, csrf } }));
      if (r) return refused(r, { password: 'totp-password' }, 'totp-password');
      throw redirect('/mon-compte?fait=totp-desactive');
    }
    case 'supprimer': {
      const password = form.password('password');
      if (!password) return missing('delete-password', 'Indiquez votre mot de passe pour confirmer la suppression.');
      const r = apiError(await api.post('/api/v1/account/delete', { body: { password, csrf } }));
      if (r) return refused(r, { password: 'delete-password' }, 'delete-password');
      throw redirect('/connexion?supprime=1');
    }
    default:
      return missing('mon-compte-titre', 'Formulaire inconnu : rechargez la page.');
  }
}

/** « ABCD EFGH … »: the secret in groups of four, easier to copy by hand. */
function grouped(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

export default function MonComptePage() {
  const { me, done, tokens } = useLoaderData<typeof loader>();
  const posted = useActionData<typeof action>();
  const errors = posted?.errors ?? [];
  const err = (target: string) => errorOf(errors, target);
  const manages = me.roles.includes('admin') || me.roles.includes('superviseur');
  return (
    <div className="c-page">
      <title>{pageTitle('Mon compte', errors, theme.name)}</title>
      <h1 id="mon-compte-titre">Mon compte</h1>
      {done && !posted ? (
        <p className="c-notice" role="status">
          {done}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />

      <section aria-labelledby="mes-informations">
        <h2 id="mes-informations">Mes informations</h2>
        <dl className="c-facts">
          <dt>Nom</dt>
          <dd>{me.name}</dd>
          <dt>Adresse électronique</dt>
          <dd>{me.email}</dd>
          <dt>{me.roles.length > 1 ? 'Rôles' : 'Rôle'}</dt>
          <dd>{roleNames(me.roles)}</dd>
          <dt>Structure</dt>
          <dd>{me.structure ?? 'aucune'}</dd>
        </dl>
        <ul className="c-links">
          {manages ? (
            <li>
              <a href="/structure">Les comptes de ma structure</a>
            </li>
          ) : null}
          {me.roles.includes('conseiller') ? (
            <li>
              <a href="/conseil">Mes bénéficiaires (espace conseil)</a>
            </li>
          ) : null}
          {me.roles.includes('superviseur') ? (
            <li>
              <a href="/conseil/structure">Chiffres de l’accompagnement</a>
            </li>
          ) : null}
          <li>
            <a href="/deconnexion">Se déconnecter</a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="mes-sessions" className="c-section">
        <h2 id="mes-sessions" tabIndex={-1}>
          Mes sessions ouvertes
        </h2>
        <p>Les appareils où votre compte est ouvert. Fermez une session que vous ne reconnaissez pas, puis changez votre mot de passe.</p>
        <div className="table-scroll">
          <table className="table-stack">
            <caption className="visually-hidden">Sessions ouvertes sur votre compte</caption>
            <thead>
              <tr>
                <th scope="col">Appareil</th>
                <th scope="col">Adresse IP</th>
                <th scope="col">Ouverte le</th>
                <th scope="col">Dernière activité</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {me.sessions.map((s, i) => (
                <tr key={s.id}>
                  <td data-label="Appareil">
                    {s.userAgent || 'appareil inconnu'}
                    {s.current ? (
                      <>
                        {' '}
                        <strong className="tag">cette session</strong>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Adresse IP">{s.ip}</td>
                  <td data-label="Ouverte le">{dateTime(s.createdAt)}</td>
                  <td data-label="Dernière activité">{dateTime(s.lastSeenAt)}</td>
                  <td>
                    <Form method="post" className="c-inline-form">
                      <CsrfField token={tokens.sessions[i]} />
                      <input type="hidden" name="intent" value="fermer-session" />
                      <input type="hidden" name="session" value={s.id} />
                      {s.current ? <input type="hidden" name="courante" value="1" /> : null}
                      <button type="submit" className="button button-secondary">
                        Fermer
                        <span className="visually-hidden">
                          {s.current ? ' cette session (vous serez déconnecté(e))' : ` la session ouverte le ${dateTime(s.createdAt)}`}
                        </span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <section aria-labelledby="changer-mot-de-passe" className="c-section">
        <h2 id="changer-mot-de-passe">Changer de mot de passe</h2>
        <p>Vos autres sessions seront fermées.</p>
        <Form method="post" noValidate className="c-form">
          <CsrfField token={tokens.password} />
          <input type="hidden" name="intent" value="mot-de-passe" />
          <TextField
            id="pw-current"
            name="current"
            type="password"
            label="Mot de passe actuel"
            autoComplete="current-password"
            error={err('pw-current')}
          />
          <TextField
            id="pw-new"
            name="password"
            type="password"
            label="Nouveau mot de passe"
            autoComplete="new-password"
            hint="12 caractères au moins. Une phrase de plusieurs mots est facile à retenir et difficile à deviner."
            error={err('pw-new')}
          />
          <button type="submit" className="button">
            Changer de mot de passe
          </button>
        </Form>
      </section>

      {me.totp.offered ? <Totp enabled={me.totp.enabled} token={tokens.totp} posted={posted ?? null} err={err} /> : null}

      <section aria-labelledby="mes-donnees" className="c-section">
        <h2 id="mes-donnees">Mes données</h2>
        <p>Tout ce que {theme.name} conserve sur vous : votre compte, vos sessions, les courriels envoyés et le journal des accès.</p>
        <p>
          <a href="/mon-compte/donnees.json" download>
            Télécharger mes données (JSON)
          </a>
        </p>
      </section>

      <section aria-labelledby="supprimer-compte" className="c-section">
        <h2 id="supprimer-compte">Supprimer mon compte</h2>
        <div className="c-warning">
          <p>
            <strong>Attention : cette suppression est définitive.</strong> Votre compte, vos sessions et les données qui y sont rattachées
            sont effacés et ne pourront pas être récupérés. Téléchargez d’abord vos données si vous souhaitez les conserver.
          </p>
        </div>
        <Form method="post" noValidate className="c-form">
          <CsrfField token={tokens.remove} />
          <input type="hidden" name="intent" value="supprimer" />
          <TextField
            id="delete-password"
            name="password"
            type="password"
            label="Votre mot de passe, pour confirmer"
            autoComplete="current-password"
            error={err('delete-password')}
          />
          <button type="submit" className="button">
            Supprimer définitivement mon compte
          </button>
        </Form>
      </section>
    </div>
  );
}

function Totp({
  enabled,
  token,
  posted,
  err,
}: {
  enabled: boolean;
  token: string;
  posted: ActionData | null;
  err: (target: string) => string | undefined;
}) {
  const started = posted?.totp ?? null;
  const pending = started !== null || posted?.totpPending === true;
  return (
    <section aria-labelledby="double-authentification" className="c-section">
      <h2 id="double-authentification">Double authentification</h2>
      {enabled ? (
        <>
          <p>
            <strong>La double authentification est activée.</strong> À chaque connexion, un code de votre application d’authentification
            vous est demandé après votre mot de passe.
          </p>
          <Form method="post" noValidate className="c-form">
            <CsrfField token={token} />
            <input type="hidden" name="intent" value="totp-disable" />
            <TextField
              id="totp-password"
              name="password"
              type="password"
              label="Votre mot de passe, pour la désactiver"
              autoComplete="current-password"
              error={err('totp-password')}
            />
            <button type="submit" className="button button-secondary">
              Désactiver la double authentification
            </button>
          </Form>
        </>
      ) : pending ? (
        <>
          {started ? (
            <>
              <p>
                1. Dans votre application d’authentification (FreeOTP, Aegis, Google Authenticator…), ajoutez un compte en scannant ce QR
                code :
              </p>
              <div
                className="c-qr"
                role="img"
                aria-label="QR code à scanner avec votre application d’authentification"
                // biome-ignore lint/security/noDangerouslySetInnerHtml: an SVG the API generated with the qrcode library from our own otpauth URI (no user text), it cannot be rendered as React elements
                dangerouslySetInnerHTML={{ __html: started.qrSvg }}
              />
              <p>
                Ou saisissez cette clé à la main : <span className="c-secret">{grouped(started.secret)}</span>
              </p>
            </>
          ) : (
            <p>Saisissez le code affiché par votre application pour {theme.name}, ou recommencez avec un nouveau QR code.</p>
          )}
          <Form method="post" noValidate className="c-form">
            <CsrfField token={token} />
            <input type="hidden" name="intent" value="totp-confirm" />
            <TextField
              id="totp-code"
              name="code"
              label={started ? '2. Le code à 6 chiffres affiché par l’application' : 'Le code à 6 chiffres affiché par l’application'}
              autoComplete="one-time-code"
              inputMode="numeric"
              error={err('totp-code')}
            />
            <button type="submit" className="button">
              Activer la double authentification
            </button>
          </Form>
          {started ? null : (
            <Form method="post" className="c-form">
              <CsrfField token={token} />
              <input type="hidden" name="intent" value="totp-start" />
              <button type="submit" id="totp-start" className="button button-secondary">
                Afficher un nouveau QR code
              </button>
            </Form>
          )}
        </>
      ) : (
        <>
          <p>
            Protégez votre compte : en plus de votre mot de passe, un code à usage unique affiché par une application d’authentification sur
            votre téléphone vous sera demandé à chaque connexion.
          </p>
          <Form method="post" className="c-form">
            <CsrfField token={token} />
            <input type="hidden" name="intent" value="totp-start" />
            <button type="submit" id="totp-start" className="button">
              Mettre en place la double authentification
            </button>
          </Form>
        </>
      )}
    </section>
  );
}
