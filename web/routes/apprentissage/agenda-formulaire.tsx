/**
 * The form of a CFA or the Région: /apprentissage/agenda/proposer (a new event, and the list of
 * the structure's events) and /apprentissage/agenda/:id/modifier (edit or cancel one of them).
 * Plain POST forms with a one-time token, an error summary and messages next to the fields;
 * no JavaScript needed. Anyone else signed in gets a 403 page; a visitor is sent to sign in.
 */
import { Form, data, redirect, useActionData, useLoaderData } from 'react-router';
import type { AgendaEvent, EventInput } from '../../../src/agenda/contract.ts';
import { COMMUNE_CODE_ANY_CASE } from '../../../src/common/codes.ts';
import { EVENT_KINDS, KIND_LABELS, isEventKind } from '../../../src/common/event-kinds.ts';
import { apiError, type ActionArgs, type LoaderArgs, type WebApi } from '../../api.ts';
import { theme } from '../../theme.ts';
import { ErrorSummary, type FieldError } from '../../components/guidance/ErrorSummary.tsx';
import {
  AreaField,
  CsrfField,
  InputField,
  SelectField,
  errorOf,
  fieldError,
  formTokens,
  pageTitle,
  reader,
} from '../../components/compte/forms.tsx';
import { StatusTag, eventHref } from '../../components/agenda/EventCard.tsx';
import agendaCss from '../../styles/agenda.css?url';

export const links = () => [{ rel: 'stylesheet', href: agendaCss }];
export const meta = () => [];

/** The API's fields → the inputs of the form. */
const FIELDS = {
  kind: 'ev-kind',
  title: 'ev-title',
  description: 'ev-description',
  startDate: 'ev-start-date',
  endDate: 'ev-end-date',
  startTime: 'ev-start-time',
  endTime: 'ev-end-time',
  venue: 'ev-venue',
  commune: 'ev-commune',
  url: 'ev-url',
} as const;

type Values = Record<keyof typeof FIELDS, string>;

const EMPTY: Values = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, ''])) as Values;

function valuesOf(e: AgendaEvent): Values {
  return {
    kind: e.kind,
    title: e.title,
    description: e.description ?? '',
    startDate: e.startDate,
    endDate: e.endDate === e.startDate ? '' : e.endDate,
    startTime: e.startTime ?? '',
    endTime: e.endTime ?? '',
    venue: e.venue ?? '',
    commune: e.commune?.name ?? '',
    url: e.url ?? '',
  };
}

type Loaded =
  | { forbidden: true }
  | { forbidden: false; structure: string | null; events: AgendaEvent[]; event: AgendaEvent | null; tokens: string[] };

const signIn = (path: string) => redirect(`/connexion?retour=${encodeURIComponent(path)}`);

export async function loader({ params, request, context }: LoaderArgs) {
  const path = new URL(request.url).pathname;
  const mine = await context.api.get('/api/v1/agenda/mine');
  if (mine.status === 401) throw signIn(path);
  if (mine.status !== 200) return data<Loaded>({ forbidden: true }, { status: 403 });
  let event: AgendaEvent | null = null;
  if (params.id !== undefined) {
    event = mine.body.events.find((e) => String(e.id) === params.id) ?? null;
    if (!event) throw new Response('Cet événement n’est pas l’un de ceux de votre structure.', { status: 404 });
  }
  return data<Loaded>({
    forbidden: false,
    structure: mine.body.structure,
    events: mine.body.events,
    event,
    tokens: await formTokens(context.api, 2),
  });
}

interface ActionData {
  errors: FieldError[];
  /** What was typed (null after a refused cancellation: the form shows the event again). */
  values: Values | null;
}

/** A commune typed by name or postcode → its INSEE code ('' for none, null when nothing matches). */
async function communeCode(api: WebApi, typed: string): Promise<string | null> {
  if (!typed) return '';
  if (COMMUNE_CODE_ANY_CASE.test(typed)) return typed.toUpperCase();
  const res = await api.get('/api/v1/territories/communes', { query: { q: typed, limit: 1, region: theme.regionCode } });
  return res.status === 200 ? (res.body[0]?.code ?? null) : null;
}

export async function action({ params, request, context }: ActionArgs) {
  const path = new URL(request.url).pathname;
  const form = reader(await request.formData());
  const csrf = form.text('csrf', 100);
  const id = params.id;
  if (id !== undefined && form.text('intent') === 'annuler') {
    const r = apiError(await context.api.post('/api/v1/agenda/events/:id/cancel', { params: { id }, body: { csrf } }));
    if (r?.status === 401) throw signIn(path);
    if (r) return data({ errors: [fieldError(r, {}, 'annuler')], values: null } satisfies ActionData, { status: r.status });
    throw redirect(`${eventHref(Number(id))}?annule=1`);
  }
  const values = Object.fromEntries(Object.keys(FIELDS).map((k) => [k, form.text(k, k === 'description' ? 2000 : 500)])) as Values;
  const errors: FieldError[] = [];
  if (!isEventKind(values.kind)) errors.push({ target: FIELDS.kind, message: 'Choisissez le type d’événement.' });
  if (!values.title) errors.push({ target: FIELDS.title, message: 'Indiquez le titre de l’événement.' });
  if (!values.startDate) errors.push({ target: FIELDS.startDate, message: 'Indiquez la date de l’événement (premier jour).' });
  const commune = await communeCode(context.api, values.commune);
  if (commune === null)
    errors.push({
      target: FIELDS.commune,
      message: `Aucune commune ne correspond à « ${values.commune} » : essayez un autre nom ou un code postal.`,
    });
  if (errors.length || commune === null || !isEventKind(values.kind)) return data({ errors, values } satisfies ActionData, { status: 400 });
  const body: EventInput = { ...values, kind: values.kind, commune, csrf };
  const res =
    id === undefined
      ? await context.api.post('/api/v1/agenda/events', { body })
      : await context.api.post('/api/v1/agenda/events/:id', { params: { id }, body });
  const r = apiError(res);
  if (r?.status === 401) throw signIn(path);
  if (r) return data({ errors: [fieldError(r, FIELDS, FIELDS.title)], values } satisfies ActionData, { status: r.status });
  throw redirect(`${eventHref((res.body as AgendaEvent).id)}?enregistre=1`);
}

export default function AgendaFormPage() {
  const loaded = useLoaderData<typeof loader>() as Loaded;
  const posted = useActionData<typeof action>();
  if (loaded.forbidden) {
    return (
      <div className="ag-page">
        <title>{`Accès réservé – Agenda de l’apprentissage – ${theme.name}`}</title>
        <h1>Accès réservé</h1>
        <p>Seuls les comptes d’un CFA ou de la Région proposent des événements dans l’agenda.</p>
        <p>
          <a href="/apprentissage/agenda">Retour à l’agenda</a>
        </p>
      </div>
    );
  }
  const { structure, events, event, tokens } = loaded;
  const errors = posted?.errors ?? [];
  const values = posted?.values ?? (event ? valuesOf(event) : EMPTY);
  const title = event ? `Modifier « ${event.title} »` : 'Proposer un événement';
  const locked = event?.status === 'depublie';
  return (
    <div className="ag-page">
      <title>{pageTitle(`${title} – Agenda de l’apprentissage`, errors, theme.name)}</title>
      <p className="breadcrumb">
        <a href="/apprentissage/agenda">Agenda de l’apprentissage</a>
      </p>
      <h1>{title}</h1>
      <p>
        L’événement est publié au nom de {structure ?? 'votre structure'}. Les champs marqués d’un astérisque (*) sont obligatoires ; les
        heures sont celles de Paris.
      </p>
      <ErrorSummary errors={errors} />
      {locked ? (
        <p className="ag-warning">Cet événement a été dépublié par la modération : il ne peut plus être modifié.</p>
      ) : (
        <EventForm
          token={tokens[0]}
          values={values}
          errors={errors}
          submit={event ? 'Enregistrer les modifications' : 'Publier l’événement'}
        />
      )}
      {event && !locked && event.status !== 'annule' ? (
        <section aria-labelledby="annulation">
          <h2 id="annulation">Annuler l’événement</h2>
          <p>Il reste affiché, marqué « Annulé », pour les personnes qui l’ont noté dans leur agenda.</p>
          <Form method="post" className="ag-form">
            <CsrfField token={tokens[1]} />
            <input type="hidden" name="intent" value="annuler" />
            <button type="submit" className="button button-secondary" id="annuler">
              Annuler l’événement
            </button>
          </Form>
        </section>
      ) : null}
      {!event ? (
        <section aria-labelledby="mes-evenements">
          <h2 id="mes-evenements">Les événements de votre structure ({events.length})</h2>
          {events.length ? (
            <ul className="ag-mine">
              {events.map((e) => (
                <li key={e.id}>
                  <a href={eventHref(e.id)}>{e.title}</a> – {e.when} <StatusTag event={e} />{' '}
                  {e.status === 'depublie' ? null : (
                    <a href={`${eventHref(e.id)}/modifier`} aria-label={`Modifier « ${e.title} », ${e.when}`}>
                      Modifier
                    </a>
                  )}
                </li>
              ))}
            </ul>
          ) : (
            <p>Votre structure n’a pas encore proposé d’événement.</p>
          )}
        </section>
      ) : null}
    </div>
  );
}

/** One field of the event form, its id and error from FIELDS. */
function Input({
  name,
  values,
  errors,
  required = false,
  ...rest
}: {
  name: keyof typeof FIELDS;
  label: string;
  type?: 'text' | 'date' | 'time' | 'url';
  hint?: string;
  values: Values;
  errors: FieldError[];
  required?: boolean;
}) {
  const id = FIELDS[name];
  return <InputField id={id} name={name} defaultValue={values[name]} error={errorOf(errors, id)} required={required} {...rest} />;
}

function EventForm({ token, values, errors, submit }: { token: string; values: Values; errors: FieldError[]; submit: string }) {
  const common = { values, errors };
  return (
    <Form method="post" noValidate className="ag-form">
      <CsrfField token={token} />
      <SelectField
        id={FIELDS.kind}
        name="kind"
        label="Type d’événement"
        required
        defaultValue={values.kind}
        error={errorOf(errors, FIELDS.kind)}
        options={[['', 'Choisissez un type'], ...EVENT_KINDS.map((k): [string, string] => [k, KIND_LABELS[k]])]}
      />
      <Input name="title" label="Titre" required {...common} />
      <AreaField
        id={FIELDS.description}
        name="description"
        label="Description"
        hint="Programme, public, inscription (2 000 caractères au plus)"
        required={false}
        maxLength={2000}
        defaultValue={values.description}
        error={errorOf(errors, FIELDS.description)}
      />
      <fieldset>
        <legend>Date et heures</legend>
        <div className="ag-pair">
          <Input name="startDate" label="Premier jour" type="date" required {...common} />
          <Input name="endDate" label="Dernier jour" type="date" hint="Si l’événement dure plusieurs jours" {...common} />
        </div>
        <div className="ag-pair">
          <Input name="startTime" label="Heure de début" type="time" hint="HH:MM ; sans heures, toute la journée" {...common} />
          <Input name="endTime" label="Heure de fin" type="time" hint="HH:MM" {...common} />
        </div>
      </fieldset>
      <fieldset>
        <legend>Lieu</legend>
        <Input name="venue" label="Salle ou adresse" hint="Par exemple : Amphithéâtre, 12 rue des Artisans" {...common} />
        <Input name="commune" label="Commune" hint="Nom, code postal ou code INSEE" {...common} />
      </fieldset>
      <Input name="url" label="Page de l’événement" type="url" hint="Adresse commençant par https://" {...common} />
      <div>
        <button type="submit" className="button">
          {submit}
        </button>
      </div>
    </Form>
  );
}
