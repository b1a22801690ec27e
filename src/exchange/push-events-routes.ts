/** The event push's HTTP routes (push-contract.ts, the event routes): JSON events in, reports out. */
import type { FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { EVENT_PUSH_MAX_BYTES, pushPutRoutes, pushRoutes as routes } from './push-contract.ts';
import { PushRefusal, type Pusher } from './push.ts';
import { getEventPush, listEventPushes, pushEvents } from './push-events.ts';
import { pushEventDb } from './push-events-tables.ts';

const pusher = (request: FastifyRequest): Pusher => {
  const p = request.principal!;
  return { structureId: p.structureId, accountId: p.accountId, keyId: p.keyId ?? null };
};

const NOT_JSON =
  'Envoyez les événements en JSON avec l’en-tête « Content-Type: application/json » (le format iCalendar n’est pas accepté à l’envoi).';

/** A body some other parser read (an XML document, a calendar): not events. */
function jsonBody(request: FastifyRequest): unknown {
  if (Buffer.isBuffer(request.body) || !String(request.headers['content-type'] ?? '').includes('json'))
    throw new PushRefusal(415, NOT_JSON);
  return request.body;
}

export function registerPushEventRoutes(app: App, ctx: ServeContext): void {
  const db = pushEventDb(ctx.handle.db);
  // iCalendar is what the agenda writes, not what it reads: a calendar sent here gets a French 415.
  if (!app.hasContentTypeParser('text/calendar')) {
    app.addContentTypeParser('text/calendar', (_request, _payload, done) => done(new PushRefusal(415, NOT_JSON), undefined));
  }
  const put = pushPutRoutes.pushEvents;
  app.put(put.url, { schema: put.schema, config: { access: put.access }, bodyLimit: EVENT_PUSH_MAX_BYTES }, async (request) =>
    pushEvents(db, pusher(request), {
      source: (request.params as { source: string }).source,
      mode: 'complet',
      body: jsonBody(request),
    }),
  );
  app.post(routes.pushEvent.url, { ...routeOptions(routes.pushEvent), bodyLimit: 1024 * 1024 }, async (request) =>
    pushEvents(db, pusher(request), { source: request.params.source, mode: 'un-evenement', body: jsonBody(request) }),
  );
  app.get(routes.eventPushes.url, routeOptions(routes.eventPushes), async (request) =>
    listEventPushes(db, pusher(request), request.params.source),
  );
  app.get(routes.eventPush.url, routeOptions(routes.eventPush), async (request) =>
    getEventPush(db, pusher(request), request.params.source, request.params.id),
  );
}
