import type { FastifyReply } from 'fastify';
import { readConfig } from '../platform/config.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { agendaDb } from './db.ts';
import { agendaRoutes as routes, type AgendaPlaces } from './contract.ts';
import {
  allEvents,
  cancelEvent,
  createEvent,
  getEvent,
  listEvents,
  parseFilters,
  structureEvents,
  unpublishEvent,
  updateEvent,
} from './events.ts';
import { calendarOf, eventPath, locationOf } from './ics.ts';

/**
 * The agenda's routes: the public list, map, event and iCalendar exports; the events a CFA or the
 * Région enters for its structure (each change spends the form's one-time token); unpublishing
 * by a moderator.
 */
export function registerAgendaRoutes(app: App, ctx: ServeContext): void {
  const db = agendaDb(ctx.handle.db);
  const publicUrl = readConfig().publicUrl.replace(/\/$/, '');
  const spend = (sessionKey: string, csrf: string | undefined) => spendFormToken(identityDb(ctx.handle.db), csrf, sessionKey);
  const ics = (reply: FastifyReply, body: string, filename: string) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).send(body);

  app.get(routes.list.url, routeOptions(routes.list), async (request) => {
    const { page = 1, pageSize = 20, ...query } = request.query;
    return listEvents(db, parseFilters(query), { page, pageSize });
  });

  app.get(routes.places.url, routeOptions(routes.places), async (request, reply) => {
    const events = await allEvents(db, parseFilters(request.query));
    const features: AgendaPlaces['features'] = [];
    for (const e of events) {
      if (e.commune?.lat == null || e.commune.lon == null) continue;
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [e.commune.lon, e.commune.lat] },
        properties: { title: e.title, when: e.when, ville: locationOf(e) ?? e.commune.name, href: eventPath(e.id) },
      });
    }
    return reply
      .type('application/geo+json; charset=utf-8')
      .send({ type: 'FeatureCollection', total: events.length, shown: features.length, features });
  });

  app.get(routes.exportList.url, routeOptions(routes.exportList), async (request, reply) => {
    const events = await allEvents(db, parseFilters(request.query));
    return ics(
      reply,
      calendarOf(events, { name: 'Agenda de l’apprentissage – Passerelles', publicUrl }).toString(),
      'agenda-passerelles.ics',
    );
  });

  app.get(routes.event.url, routeOptions(routes.event), async (request) => getEvent(db, request.params.id));

  app.get(routes.exportEvent.url, routeOptions(routes.exportEvent), async (request, reply) => {
    const event = await getEvent(db, request.params.id);
    return ics(reply, calendarOf([event], { name: event.title, publicUrl }).toString(), `evenement-${event.id}.ics`);
  });

  app.get(routes.mine.url, routeOptions(routes.mine), async (request) => structureEvents(db, request.principal!));

  app.post(routes.create.url, routeOptions(routes.create), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return createEvent(db, request.principal!, request.body);
  });

  app.post(routes.update.url, routeOptions(routes.update), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return updateEvent(db, request.principal!, request.params.id, request.body);
  });

  app.post(routes.cancel.url, routeOptions(routes.cancel), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    return cancelEvent(db, request.principal!, request.params.id);
  });

  app.post(routes.unpublish.url, routeOptions(routes.unpublish), async (request) => {
    await spend(request.principal!.sessionKey, request.body.csrf);
    await unpublishEvent(db, request.params.id);
    return { message: 'Événement dépublié : il n’apparaît plus dans l’agenda public.' };
  });
}
