import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import type { ApiKey } from '../../../src/identity/keys-contract.ts';
import { theme } from '../../theme.ts';
import { API_KEY_LIMITS, API_SCOPES, API_SCOPE_LABELS, isApiScope, type ApiScope } from '../../../src/common/api-scopes.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  CsrfField,
  InputField,
  TextField,
  dateTime,
  errorOf,
  fieldError,
  formTokens,
  pageTitle,
  reader,
} from '../../components/compte/forms.tsx';

/**
 * « Clés d’API »: a structure's administrator creates keys for its partners' programs (name,
 * permissions, limits), reads what each one used, and revokes them. A new key's secret is on the
 * page that answers its creation form and nowhere else: the list shows its first characters only.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];
/** A new key's secret is on this page once: no cache, no history copy kept by a proxy. */
export const headers = () => ({ 'Cache-Control': 'private, no-store' });

const SIGN_IN = '/connexion?retour=/structure/cles';

type Loaded =
  | { forbidden: true }
  | { forbidden: false; structure: string; keys: ApiKey[]; tokens: { create: string; revoke: string[] }; revoked: boolean };

export async function loader({ request, context }: LoaderArgs) {
  const me = await context.api.get('/api/v1/account');
  if (me.status === 401) throw redirect(SIGN_IN);
  const keys = await context.api.get('/api/v1/structure/keys');
  if (keys.status === 401) throw redirect(SIGN_IN);
  if (me.status !== 200 || keys.status === 403) return data<Loaded>({ forbidden: true }, { status: 403 });
  if (keys.status !== 200) throw new Response('Les clés d’API ne peuvent pas être affichées pour le moment.', { status: 503 });
  const active = keys.body.filter((k) => !k.revokedAt);
  const [create, ...revoke] = await formTokens(context.api, 1 + active.length);
  return data<Loaded>({
    forbidden: false,
    structure: me.body.structure ?? 'ma structure',
    keys: keys.body,
    tokens: { create, revoke },
    revoked: new URL(request.url).searchParams.get('fait') === 'revoquee',
  });
}

interface Values {
  name: string;
  scopes: string[];
  quotaPerDay: string;
  ratePerMinute: string;
}

interface ActionData {
  errors: FieldError[];
  values?: Values;
  /** The key just created: its secret, shown on this answer only. */
  created?: { secret: string; prefix: string; message: string };
}

/** The inputs the errors point to (the scopes' first checkbox for the group). */
const FIELDS = { name: 'key-name', scopes: `scope-${API_SCOPES[0]}`, quotaPerDay: 'key-quota', ratePerMinute: 'key-rate' };

/** A whole number within the limits, or the field's French error. */
function whole(text: string, field: keyof typeof API_KEY_LIMITS, what: string): number | string {
  const l = API_KEY_LIMITS[field];
  const n = Number(text.replace(/\s/g, ''));
  if (!text || !Number.isInteger(n) || n < l.min || n > l.max)
    return `${what} : un nombre entier entre ${l.min} et ${l.max.toLocaleString('fr-FR')}.`;
  return n;
}

export async function action({ request, context }: ActionArgs) {
  const raw = await request.formData();
  const form = reader(raw);
  const csrf = form.text('csrf', 100);
  if (form.text('intent') === 'revoquer') {
    const key = form.text('key', 12);
    const id = /^\d+$/.test(key) ? key : '0';
    const r = apiError(await context.api.post('/api/v1/structure/keys/:id/revoke', { params: { id }, body: { csrf } }));
    if (r?.status === 401) throw redirect(SIGN_IN);
    if (r) return data({ errors: [fieldError(r, {}, 'cles')] } satisfies ActionData, { status: r.status });
    throw redirect('/structure/cles?fait=revoquee');
  }
  const values: Values = {
    name: form.text('name', 100),
    scopes: raw.getAll('scopes').map(String),
    quotaPerDay: form.text('quotaPerDay', 20),
    ratePerMinute: form.text('ratePerMinute', 20),
  };
  const errors: FieldError[] = [];
  if (!values.name) errors.push({ target: FIELDS.name, message: 'Donnez un nom à la clé (le partenaire ou l’usage).' });
  const scopes = values.scopes.filter(isApiScope);
  if (!scopes.length) errors.push({ target: FIELDS.scopes, message: 'Cochez au moins une permission pour la clé.' });
  const quotaPerDay = whole(values.quotaPerDay, 'quotaPerDay', 'Requêtes par jour');
  if (typeof quotaPerDay === 'string') errors.push({ target: FIELDS.quotaPerDay, message: quotaPerDay });
  const ratePerMinute = whole(values.ratePerMinute, 'ratePerMinute', 'Requêtes par minute');
  if (typeof ratePerMinute === 'string') errors.push({ target: FIELDS.ratePerMinute, message: ratePerMinute });
  if (errors.length || typeof quotaPerDay === 'string' || typeof ratePerMinute === 'string') {
    return data({ errors, values } satisfies ActionData, { status: 400 });
  }
  const res = await context.api.post('/api/v1/structure/keys', { body: { name: values.name, scopes, quotaPerDay, ratePerMinute, csrf } });
  const r = apiError(res);
  if (r?.status === 401) throw redirect(SIGN_IN);
  if (r) return data({ errors: [fieldError(r, FIELDS, FIELDS.name)], values } satisfies ActionData, { status: r.status });
  if (res.status !== 200)
    return data({ errors: [{ target: FIELDS.name, message: 'Le service ne répond pas comme prévu.' }], values }, { status: 503 });
  // No redirect: this answer is the only one that ever holds the secret.
  return { errors: [], created: { secret: res.body.secret, prefix: res.body.prefix, message: res.body.message } } satisfies ActionData;
}

const number = (n: number) => n.toLocaleString('fr-FR');

export default function ClesPage() {
  const loaded = useLoaderData<typeof loader>() as Loaded;
  const posted = useActionData<typeof action>() as ActionData | undefined;
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
  const { structure, keys, tokens, revoked } = loaded;
  const errors = posted?.errors ?? [];
  const active = keys.filter((k) => !k.revokedAt);
  return (
    <div className="c-page-wide">
      <title>{pageTitle(`Clés d’API de ${structure}`, errors, theme.name)}</title>
      <h1>Clés d’API de {structure}</h1>
      <p className="c-page">
        Une clé d’API permet au logiciel d’un partenaire d’appeler l’API de {theme.name} au nom de votre structure, dans les limites de ses
        permissions. Le logiciel l’envoie dans l’en-tête <code>Authorization: Bearer …</code> (ou <code>X-Api-Key</code>). Révoquez une clé
        dès qu’elle ne sert plus ou qu’elle a pu être divulguée.
      </p>
      {revoked && !posted ? (
        <p className="c-notice" role="status">
          La clé est révoquée : elle est refusée dès maintenant.
        </p>
      ) : null}
      {posted?.created ? <Created {...posted.created} /> : null}
      <ErrorSummary errors={errors} />

      <section aria-labelledby="cles">
        <h2 id="cles" tabIndex={-1}>
          Les clés ({active.length} active{active.length > 1 ? 's' : ''})
        </h2>
        {keys.length ? (
          <div className="table-scroll">
            <table className="table-stack">
              <caption className="visually-hidden">Clés d’API de {structure}, leur usage</caption>
              <thead>
                <tr>
                  <th scope="col">Nom</th>
                  <th scope="col">Début de la clé</th>
                  <th scope="col">Permissions</th>
                  <th scope="col">Limites</th>
                  <th scope="col">Requêtes aujourd’hui</th>
                  <th scope="col">Requêtes sur 30 jours</th>
                  <th scope="col">Dernier usage</th>
                  <th scope="col">État</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((k) => (
                  <tr key={k.id}>
                    <th scope="row">{k.name}</th>
                    <td data-label="Début de la clé">
                      <code>{k.prefix}…</code>
                    </td>
                    <td data-label="Permissions">{k.scopes.map((s) => API_SCOPE_LABELS[s] ?? s).join(' ; ')}</td>
                    <td data-label="Limites">
                      {number(k.quotaPerDay)} par jour, {number(k.ratePerMinute)} par minute
                    </td>
                    <td data-label="Requêtes aujourd’hui">{number(k.usage.today)}</td>
                    <td data-label="Requêtes sur 30 jours">{number(k.usage.last30Days)}</td>
                    <td data-label="Dernier usage">{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'jamais'}</td>
                    <td data-label="État">
                      {k.revokedAt ? (
                        `révoquée le ${dateTime(k.revokedAt)}`
                      ) : (
                        <Form method="post" className="c-inline-form">
                          <CsrfField token={tokens.revoke[active.indexOf(k)]} />
                          <input type="hidden" name="intent" value="revoquer" />
                          <input type="hidden" name="key" value={k.id} />
                          <button type="submit" className="button button-secondary">
                            Révoquer<span className="visually-hidden"> la clé « {k.name} »</span>
                          </button>
                        </Form>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>Aucune clé pour le moment.</p>
        )}
      </section>

      <CreateForm token={tokens.create} errors={errors} values={posted?.created ? undefined : posted?.values} />
      <p>
        <a href="/structure">Retour aux comptes de ma structure</a>
      </p>
    </div>
  );
}

function Created({ secret, message }: { secret: string; prefix: string; message: string }) {
  return (
    <div className="c-notice" role="status">
      <h2 id="cle-creee">Votre nouvelle clé</h2>
      <p>{message}</p>
      <div className="field">
        <label htmlFor="cle-secret">Clé à transmettre au logiciel du partenaire (par un moyen sûr)</label>
        <textarea id="cle-secret" className="c-secret" readOnly rows={3} value={secret} spellCheck={false} autoComplete="off" />
      </div>
    </div>
  );
}

function CreateForm({ token, errors, values }: { token: string; errors: FieldError[]; values?: Values }) {
  const scopesError = errorOf(errors, FIELDS.scopes);
  const checked = new Set<string>(values?.scopes ?? []);
  return (
    <section aria-labelledby="creer" className="c-section c-page">
      <h2 id="creer">Créer une clé</h2>
      <p>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="post" noValidate className="c-form">
        <CsrfField token={token} />
        <input type="hidden" name="intent" value="creer" />
        <TextField
          id={FIELDS.name}
          name="name"
          label="Nom de la clé"
          hint="Le partenaire ou l’usage, par exemple « Logiciel de gestion du CFA »."
          autoComplete="off"
          defaultValue={values?.name}
          error={errorOf(errors, FIELDS.name)}
        />
        <fieldset aria-describedby={describedBy(scopesError && 'key-scopes-error')}>
          <legend>Permissions *</legend>
          <FieldMessage id="key-scopes-error" message={scopesError} />
          <ul className="c-links c-checks">
            {API_SCOPES.map((s: ApiScope) => (
              <li key={s}>
                <input type="checkbox" id={`scope-${s}`} name="scopes" value={s} defaultChecked={checked.has(s)} />{' '}
                <label htmlFor={`scope-${s}`}>
                  {API_SCOPE_LABELS[s]} (<code>{s}</code>)
                </label>
              </li>
            ))}
          </ul>
        </fieldset>
        <InputField
          id={FIELDS.quotaPerDay}
          name="quotaPerDay"
          type="number"
          label="Requêtes par jour"
          hint={`Au-delà, la clé est refusée jusqu’à minuit (heure de Paris). Au plus ${number(API_KEY_LIMITS.quotaPerDay.max)}.`}
          min={API_KEY_LIMITS.quotaPerDay.min}
          max={API_KEY_LIMITS.quotaPerDay.max}
          defaultValue={values?.quotaPerDay ?? API_KEY_LIMITS.quotaPerDay.default}
          error={errorOf(errors, FIELDS.quotaPerDay)}
        />
        <InputField
          id={FIELDS.ratePerMinute}
          name="ratePerMinute"
          type="number"
          label="Requêtes par minute"
          hint={`Au plus ${number(API_KEY_LIMITS.ratePerMinute.max)}.`}
          min={API_KEY_LIMITS.ratePerMinute.min}
          max={API_KEY_LIMITS.ratePerMinute.max}
          defaultValue={values?.ratePerMinute ?? API_KEY_LIMITS.ratePerMinute.default}
          error={errorOf(errors, FIELDS.ratePerMinute)}
        />
        <button type="submit" className="button">
          Créer la clé
        </button>
      </Form>
    </section>
  );
}
