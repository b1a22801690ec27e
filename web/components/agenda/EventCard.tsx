/** Pieces shared by the agenda pages: an event as a card of a list, and where it takes place in words. */
import type { AgendaEvent } from '../../../src/agenda/contract.ts';

export const eventHref = (id: number) => `/apprentissage/agenda/${id}`;

function km(value: number): string {
  return value < 10 ? `${value.toFixed(1).replace('.', ',')} km` : `${Math.round(value)} km`;
}

/** Where, for a reader: "Parc Expo, Rennes (35) · à 3,2 km", or why the place is not known. */
export function placeText(e: AgendaEvent): string {
  if (e.commune) {
    const where = [e.venue, `${e.commune.name} (${e.commune.departement})`].filter(Boolean).join(', ');
    return e.distanceKm !== null ? `${where} · à ${km(e.distanceKm)}` : where;
  }
  if (e.city) return `${e.city} (ville non située sur la carte)`;
  if (e.establishment) return `non indiqué : voir la fiche Onisep de l’établissement (${e.establishment})`;
  return 'non indiqué';
}

export function StatusTag({ event }: { event: AgendaEvent }) {
  if (event.status === 'annule') return <span className="tag ag-cancelled">Annulé</span>;
  if (event.status === 'depublie') return <span className="tag ag-cancelled">Dépublié par la modération</span>;
  return null;
}

export function EventCard({ event }: { event: AgendaEvent }) {
  return (
    <li className="card ag-card">
      <h3>
        <a href={eventHref(event.id)}>{event.title}</a>
      </h3>
      <p className="ag-tags">
        <span className="tag">{event.kindLabel}</span>
        <StatusTag event={event} />
      </p>
      <dl className="ag-facts">
        <div>
          <dt>Date</dt>
          <dd>{event.when}</dd>
        </div>
        <div>
          <dt>Lieu</dt>
          <dd>{placeText(event)}</dd>
        </div>
        {event.organizer ? (
          <div>
            <dt>Organisateur</dt>
            <dd>{event.organizer}</dd>
          </div>
        ) : null}
      </dl>
    </li>
  );
}
