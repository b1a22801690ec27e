/**
 * One event of the agenda (/apprentissage/agenda/:id): when, where, who organises it, its page,
 * where it comes from, and « Ajouter à mon agenda (.ics) ». Server HTML, no JavaScript needed.
 */
import { useLoaderData } from 'react-router';
import type { AgendaEvent } from '../../../src/agenda/contract.ts';
import type { LoaderArgs } from '../../api.ts';
import { theme } from '../../theme.ts';
import { StatusTag, placeText } from '../../components/agenda/EventCard.tsx';
import agendaCss from '../../styles/agenda.css?url';

export const links = () => [{ rel: 'stylesheet', href: agendaCss }];
export const meta = () => [];

const NOT_FOUND = 'Cet événement n’existe pas ou n’est plus publié dans l’agenda.';

export async function loader({ params, request, context }: LoaderArgs) {
  const id = params.id ?? '';
  if (!/^\d{1,9}$/.test(id)) throw new Response(NOT_FOUND, { status: 404 });
  const res = await context.api.get('/api/v1/agenda/events/:id', { params: { id } });
  if (res.status === 404) throw new Response(NOT_FOUND, { status: 404 });
  if (res.status !== 200) throw new Response('L’agenda ne répond pas pour le moment. Réessayez dans un instant.', { status: 503 });
  const event: AgendaEvent = res.body;
  const sp = new URL(request.url).searchParams;
  return { event, saved: sp.get('enregistre') === '1', cancelled: sp.get('annule') === '1' };
}

export default function EventPage() {
  const { event: e, saved, cancelled } = useLoaderData<typeof loader>();
  return (
    <div className="ag-page">
      <title>{`${e.title}, ${e.when} – Agenda de l’apprentissage – ${theme.name}`}</title>
      <p className="breadcrumb">
        <a href="/apprentissage/agenda">Agenda de l’apprentissage</a>
      </p>
      <h1>{e.title}</h1>
      {saved || cancelled ? (
        <p className="ag-notice" role="status">
          {cancelled
            ? 'L’événement est annulé : il reste affiché, marqué « Annulé », pour les personnes qui l’avaient noté.'
            : 'L’événement est enregistré : il est publié dans l’agenda.'}
        </p>
      ) : null}
      <p className="ag-tags">
        <span className="tag">{e.kindLabel}</span>
        <StatusTag event={e} />
      </p>
      {e.status === 'annule' ? <p className="ag-warning">Cet événement est annulé par son organisateur.</p> : null}
      <dl className="ag-facts">
        <div>
          <dt>Date</dt>
          <dd>{e.when}</dd>
        </div>
        <div>
          <dt>Lieu</dt>
          <dd>{placeText(e)}</dd>
        </div>
        {e.organizer ? (
          <div>
            <dt>Organisateur</dt>
            <dd>{e.organizer}</dd>
          </div>
        ) : null}
        {e.url ? (
          <div>
            <dt>{e.establishment ? 'Fiche de l’établissement' : 'Page de l’événement'}</dt>
            <dd>
              <a href={e.url} rel="noopener noreferrer">
                {e.establishment ? `Fiche Onisep de l’établissement ${e.establishment}` : e.url}
              </a>
            </dd>
          </div>
        ) : null}
        <div>
          <dt>Source</dt>
          <dd>
            {e.origin === 'import'
              ? `données importées (${e.source}${e.establishment ? ', Onisep' : ''})`
              : `proposé par ${e.organizer ?? 'une structure'} (CFA ou Région)`}
          </dd>
        </div>
      </dl>
      {e.description ? (
        <section aria-labelledby="description">
          <h2 id="description">{e.origin === 'import' ? 'Ce qu’annonce la source' : 'Description'}</h2>
          <p className="ag-description">{e.description}</p>
        </section>
      ) : null}
      <div className="ag-actions">
        <a className="button" href={`/api/v1/agenda/events/${e.id}.ics`} download={`evenement-${e.id}.ics`}>
          Ajouter à mon agenda (.ics)
        </a>
        {e.commune ? (
          <a href={`/apprentissage/agenda?commune=${e.commune.code}&rayon=30`}>Autres événements près de {e.commune.name}</a>
        ) : null}
      </div>
      <p className="source">Le fichier .ics s’ouvre avec votre agenda (téléphone, messagerie) ; les heures sont celles de Paris.</p>
    </div>
  );
}
