import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import compteCss from '../../styles/compte.css?url';
import { apiError, type ActionArgs, type LoaderArgs } from '../../api.ts';
import type { EventPushReport, EventPushSummary, PushReport, PushSummary, SourceSummary } from '../../../src/exchange/push-contract.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, FieldMessage, describedBy, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import { CsrfField, TextField, dateTime, errorOf, fieldError, formToken, pageTitle, reader } from '../../components/compte/forms.tsx';

/**
 * « Flux d’offres » of a training body or Carif-Oref structure: upload an LHEO file into one of its
 * sources (a plain multipart form, works without JavaScript), the pushes over time, the last
 * push's rejects and warnings, and the live offers of each source. Programs push the same way
 * through the API (PUT / POST /api/v1/sources/{source}/offers) with a key of the structure.
 */

export const links = () => [{ rel: 'stylesheet', href: compteCss }];
export const meta = () => [];
export const headers = () => ({ 'Cache-Control': 'private, no-store' });

const SIGN_IN = '/connexion?retour=/structure/flux';
const SOURCE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/;

interface SourceView {
  source: SourceSummary;
  pushes: PushSummary[];
  last: PushReport | null;
  /** Agenda events pushed into the source (by programs, PUT / POST /api/v1/sources/{source}/events). */
  eventPushes: EventPushSummary[];
  lastEvents: EventPushReport | null;
}

type Loaded = { forbidden: true } | { forbidden: false; structure: string; sources: SourceView[]; token: string; done: number | null };

export async function loader({ request, context }: LoaderArgs) {
  const me = await context.api.get('/api/v1/account');
  if (me.status === 401) throw redirect(SIGN_IN);
  const mine = await context.api.get('/api/v1/structure/sources');
  if (mine.status === 401) throw redirect(SIGN_IN);
  if (me.status !== 200 || mine.status === 403) return data<Loaded>({ forbidden: true }, { status: 403 });
  if (mine.status !== 200) throw new Response('Les flux d’offres ne peuvent pas être affichés pour le moment.', { status: 503 });
  const sources: SourceView[] = [];
  for (const source of mine.body.sources) {
    const params = { source: source.name };
    const history = await context.api.get('/api/v1/sources/:source/pushes', { params });
    const pushes = history.status === 200 ? history.body.pushes : [];
    let last: PushReport | null = null;
    if (source.lastPush) {
      const r = await context.api.get('/api/v1/sources/:source/pushes/:id', { params: { ...params, id: String(source.lastPush.id) } });
      if (r.status === 200) last = r.body;
    }
    const events = await context.api.get('/api/v1/sources/:source/event-pushes', { params });
    const eventPushes = events.status === 200 ? events.body.pushes : [];
    let lastEvents: EventPushReport | null = null;
    if (eventPushes[0]) {
      const r = await context.api.get('/api/v1/sources/:source/event-pushes/:id', { params: { ...params, id: String(eventPushes[0].id) } });
      if (r.status === 200) lastEvents = r.body;
    }
    sources.push({ source, pushes, last, eventPushes, lastEvents });
  }
  const done = Number(new URL(request.url).searchParams.get('envoi')) || null;
  return data<Loaded>({
    forbidden: false,
    structure: me.body.structure ?? 'ma structure',
    sources,
    token: await formToken(context.api),
    done,
  });
}

interface Values {
  source: string;
  mode: string;
}

interface ActionData {
  errors: FieldError[];
  values?: Values;
}

const FIELDS = { source: 'flux-source', file: 'flux-fichier', mode: 'flux-mode-complet' };

export async function action({ request, context }: ActionArgs) {
  const raw = await request.formData();
  const form = reader(raw);
  const values: Values = { source: form.text('source', 100), mode: form.text('mode', 20) === 'une-offre' ? 'une-offre' : 'complet' };
  const errors: FieldError[] = [];
  if (!SOURCE_RE.test(values.source)) {
    errors.push({
      target: FIELDS.source,
      message: 'Nom de la source : 1 à 80 lettres sans accent, chiffres, points, tirets ou soulignés, sans espace (ex. offres-cfa-angers).',
    });
  }
  const file = raw.get('fichier');
  if (!file || typeof file === 'string' || file.size === 0) {
    errors.push({ target: FIELDS.file, message: 'Choisissez le fichier LHEO à envoyer (XML).' });
  }
  if (errors.length || !file || typeof file === 'string') return data({ errors, values } satisfies ActionData, { status: 400 });
  const content = Buffer.from(await file.arrayBuffer()).toString('base64');
  const res = await context.api.post('/api/v1/sources/:source/upload', {
    params: { source: values.source },
    body: { csrf: form.text('csrf', 100), filename: file.name, content, mode: values.mode as 'complet' | 'une-offre' },
  });
  const r = apiError(res);
  if (r?.status === 401) throw redirect(SIGN_IN);
  if (r) {
    const target = r.field === 'source' ? FIELDS.source : FIELDS.file;
    return data({ errors: [fieldError(r, { source: FIELDS.source, corps: FIELDS.file }, target)], values } satisfies ActionData, {
      status: r.status,
    });
  }
  if (res.status !== 200)
    return data({ errors: [{ target: FIELDS.file, message: 'Le service ne répond pas comme prévu.' }], values }, { status: 503 });
  throw redirect(`/structure/flux?envoi=${res.body.id}#source-${res.body.source}`);
}

const number = (n: number) => n.toLocaleString('fr-FR');
const MODE_LABELS = { complet: 'toute la source', 'une-offre': 'une offre' } as const;
const EVENT_MODE_LABELS = { complet: 'tous les événements', 'un-evenement': 'un événement' } as const;

export default function FluxPage() {
  const loaded = useLoaderData<typeof loader>() as Loaded;
  const posted = useActionData<typeof action>() as ActionData | undefined;
  if (loaded.forbidden) {
    return (
      <div className="c-page">
        <title>{`Accès réservé – ${theme.name}`}</title>
        <h1>Accès réservé</h1>
        <p>
          Cette page est réservée aux organismes de formation (comptes CFA), au Carif-Oref (comptes de pilotage) et aux administrateurs de
          structure.
        </p>
        <p>
          <a href="/mon-compte">Retour à mon compte</a>
        </p>
      </div>
    );
  }
  const { structure, sources, token, done } = loaded;
  const errors = posted?.errors ?? [];
  const doneReport = done ? sources.find((s) => s.last?.id === done)?.last : undefined;
  return (
    <div className="c-page-wide">
      <title>{pageTitle(`Flux d’offres de formation de ${structure}`, errors, theme.name)}</title>
      <h1>Flux d’offres de formation de {structure}</h1>
      <p className="c-page">
        Envoyez vos offres au format LHEO (2.2 ou 2.3) dans une source de votre structure : un envoi de toute la source remplace ses offres
        (celles qui n’y sont plus sont retirées), un envoi d’une offre l’ajoute ou la remplace. Seules les offres de vos sources changent.
        Chaque offre est vérifiée : une offre invalide est rejetée avec l’élément en cause et le motif, les autres sont mises en ligne. Un
        logiciel peut envoyer de même par l’API (<code>PUT /api/v1/sources/&lt;source&gt;/offers</code>) avec une{' '}
        <a href="/structure/cles">clé d’API</a> de la structure.
      </p>
      <p className="c-page">
        Les événements de l’agenda (salons, forums, portes ouvertes, réunions d’information) s’envoient par l’API, en JSON, dans une source
        de la structure (<code>PUT /api/v1/sources/&lt;source&gt;/events</code> pour tous les événements de la source, <code>POST</code>{' '}
        pour un seul) avec une clé d’API qui a la permission d’envoyer des événements. Leurs envois et leurs rapports paraissent ci-dessous,
        source par source.
      </p>
      {doneReport && !posted ? (
        <p className="c-notice" role="status">
          Envoi reçu : {number(doneReport.accepted)} offre(s) acceptée(s), {number(doneReport.rejected)} rejetée(s),{' '}
          {number(doneReport.warnings)} avec avertissement ; {number(doneReport.live)} offre(s) en ligne dans la source «{' '}
          {doneReport.source} ».
        </p>
      ) : null}
      <ErrorSummary errors={errors} />
      <UploadForm token={token} errors={errors} values={posted?.values} sources={sources.map((s) => s.source.name)} />
      {sources.length ? (
        sources.map((s) => <SourceSection key={s.source.name} view={s} />)
      ) : (
        <p>Votre structure n’a encore envoyé aucune offre : le premier envoi crée la source.</p>
      )}
      <p>
        <a href="/structure">Retour à ma structure</a>
      </p>
    </div>
  );
}

function UploadForm({ token, errors, values, sources }: { token: string; errors: FieldError[]; values?: Values; sources: string[] }) {
  const fileError = errorOf(errors, FIELDS.file);
  const mode = values?.mode ?? 'complet';
  return (
    <section aria-labelledby="envoyer" className="c-section c-page">
      <h2 id="envoyer">Envoyer un fichier LHEO</h2>
      <p>Les champs marqués d’un astérisque (*) sont obligatoires.</p>
      <Form method="post" encType="multipart/form-data" noValidate className="c-form">
        <CsrfField token={token} />
        <TextField
          id={FIELDS.source}
          name="source"
          label="Source"
          hint={
            sources.length
              ? `Une de vos sources (${sources.join(', ')}) ou un nouveau nom, sans espace ni accent.`
              : 'Un nom pour vos offres, sans espace ni accent, par exemple offres-cfa-angers.'
          }
          autoComplete="off"
          defaultValue={values?.source ?? sources[0] ?? ''}
          error={errorOf(errors, FIELDS.source)}
        />
        <div className="field">
          <label htmlFor={FIELDS.file}>Fichier LHEO (XML) *</label>
          <FieldMessage id={`${FIELDS.file}-error`} message={fileError} />
          <input
            id={FIELDS.file}
            name="fichier"
            type="file"
            accept=".xml,application/xml,text/xml"
            required
            aria-invalid={fileError ? true : undefined}
            aria-describedby={describedBy(fileError && `${FIELDS.file}-error`)}
          />
        </div>
        <fieldset>
          <legend>Ce fichier contient *</legend>
          <ul className="c-links">
            <li>
              <input type="radio" id="flux-mode-complet" name="mode" value="complet" defaultChecked={mode === 'complet'} />{' '}
              <label htmlFor="flux-mode-complet">toutes les offres de la source (celles qui n’y sont pas sont retirées)</label>
            </li>
            <li>
              <input type="radio" id="flux-mode-une-offre" name="mode" value="une-offre" defaultChecked={mode === 'une-offre'} />{' '}
              <label htmlFor="flux-mode-une-offre">une seule offre, à ajouter ou à remplacer</label>
            </li>
          </ul>
        </fieldset>
        <button type="submit" className="button">
          Envoyer
        </button>
      </Form>
    </section>
  );
}

function SourceSection({ view }: { view: SourceView }) {
  const { source, pushes, last, eventPushes, lastEvents } = view;
  const id = `source-${source.name}`;
  const rejected = last?.offers.filter((o) => o.status === 'rejected') ?? [];
  const warned = last?.offers.filter((o) => o.status === 'accepted' && o.warnings.length) ?? [];
  return (
    <section aria-labelledby={id} className="c-section">
      <h2 id={id} tabIndex={-1}>
        Source « {source.name} » : {number(source.live)} offre{source.live > 1 ? 's' : ''} en ligne
        {source.events || eventPushes.length ? `, ${number(source.events)} événement${source.events > 1 ? 's' : ''} dans l’agenda` : ''}
      </h2>
      <h3>Envois</h3>
      <div className="table-scroll">
        <table className="table-stack">
          <caption className="visually-hidden">Envois de la source « {source.name} », du plus récent au plus ancien</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Contenu</th>
              <th scope="col">Acceptées</th>
              <th scope="col">Rejetées</th>
              <th scope="col">Avec avertissement</th>
              <th scope="col">Retirées</th>
              <th scope="col">En ligne après</th>
            </tr>
          </thead>
          <tbody>
            {pushes.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {dateTime(p.at)}
                  {p.by === 'cle' ? ' (clé d’API)' : ''}
                </th>
                <td data-label="Contenu">{MODE_LABELS[p.mode]}</td>
                <td data-label="Acceptées">{number(p.accepted)}</td>
                <td data-label="Rejetées">{number(p.rejected)}</td>
                <td data-label="Avec avertissement">{number(p.warnings)}</td>
                <td data-label="Retirées">{number(p.removed)}</td>
                <td data-label="En ligne après">{number(p.live)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last ? (
        <>
          <h3>Dernier envoi ({dateTime(last.at)}) : rejets et avertissements</h3>
          {rejected.length || warned.length ? null : <p>Aucun rejet ni avertissement.</p>}
          {rejected.length ? (
            <>
              <h4>Offres rejetées ({number(rejected.length)})</h4>
              <ul>
                {rejected.map((o) => (
                  <li key={`${o.errors[0]?.line}-${o.identifiant}`}>
                    Offre « {o.identifiant ?? 'sans identifiant'} » :{' '}
                    {o.errors.map((e) => (
                      <span key={e.path}>
                        {e.reason} (élément <code style={{ overflowWrap: 'anywhere' }}>{e.path}</code>, ligne {e.line})
                      </span>
                    ))}
                    {o.warnings.length ? ` ; ${o.warnings.join(' ; ')}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {warned.length ? (
            <>
              <h4>Offres acceptées avec avertissement ({number(warned.length)})</h4>
              <ul>
                {warned.map((o) => (
                  <li key={o.identifiant ?? ''}>
                    Offre « {o.identifiant} » : {o.warnings.join(' ; ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
      {eventPushes.length ? <EventPushes source={source.name} pushes={eventPushes} last={lastEvents} /> : null}
    </section>
  );
}

function EventPushes({ source, pushes, last }: { source: string; pushes: EventPushSummary[]; last: EventPushReport | null }) {
  const rejected = last?.events.filter((e) => e.status === 'rejected') ?? [];
  const warned = last?.events.filter((e) => e.status === 'accepted' && e.warnings.length) ?? [];
  return (
    <>
      <h3>Envois d’événements de l’agenda</h3>
      <div className="table-scroll">
        <table className="table-stack">
          <caption className="visually-hidden">Envois d’événements de la source « {source} », du plus récent au plus ancien</caption>
          <thead>
            <tr>
              <th scope="col">Date</th>
              <th scope="col">Contenu</th>
              <th scope="col">Acceptés</th>
              <th scope="col">Rejetés</th>
              <th scope="col">Avec avertissement</th>
              <th scope="col">Retirés</th>
              <th scope="col">Dans l’agenda après</th>
            </tr>
          </thead>
          <tbody>
            {pushes.map((p) => (
              <tr key={p.id}>
                <th scope="row">
                  {dateTime(p.at)}
                  {p.by === 'cle' ? ' (clé d’API)' : ''}
                </th>
                <td data-label="Contenu">{EVENT_MODE_LABELS[p.mode]}</td>
                <td data-label="Acceptés">{number(p.accepted)}</td>
                <td data-label="Rejetés">{number(p.rejected)}</td>
                <td data-label="Avec avertissement">{number(p.warnings)}</td>
                <td data-label="Retirés">{number(p.removed)}</td>
                <td data-label="Dans l’agenda après">{number(p.live)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {last ? (
        <>
          <h4>Dernier envoi d’événements ({dateTime(last.at)}) : rejets et avertissements</h4>
          {rejected.length || warned.length ? null : <p>Aucun rejet ni avertissement.</p>}
          {rejected.length ? (
            <>
              <p>Événements rejetés ({number(rejected.length)}) :</p>
              <ul>
                {rejected.map((e) => (
                  <li key={e.errors[0]?.path ?? e.identifiant}>
                    Événement « {e.identifiant ?? 'sans identifiant'} » :{' '}
                    {e.errors.map((x, j) => (
                      <span key={x.path}>
                        {j ? ' ; ' : ''}
                        {x.reason} (champ <code style={{ overflowWrap: 'anywhere' }}>{x.path}</code>)
                      </span>
                    ))}
                    {e.warnings.length ? ` ; ${e.warnings.join(' ; ')}` : ''}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          {warned.length ? (
            <>
              <p>Événements acceptés avec avertissement ({number(warned.length)}) :</p>
              <ul>
                {warned.map((e) => (
                  <li key={e.identifiant ?? ''}>
                    {e.event ? (
                      <a href={`/apprentissage/agenda/${e.event}`}>Événement « {e.identifiant} »</a>
                    ) : (
                      `Événement « ${e.identifiant} »`
                    )}{' '}
                    : {e.warnings.join(' ; ')}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
        </>
      ) : null}
    </>
  );
}
