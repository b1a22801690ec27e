/**
 * Conditional requests on the API's reads. Every GET answer carries an ETag (a hash of its body,
 * @fastify/etag, registered in src/app/server.ts) and If-None-Match gets 304. A route whose answer
 * changes only with a data import (contract `lastModified: 'import'`) also carries Last-Modified,
 * the end of the last import, and If-Modified-Since gets 304 when nothing was imported since.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './app.ts';
import type { RouteConfig } from './route-contract.ts';

export function lastModifiedHooks(app: App, lastImport: () => Date | null): void {
  const applies = (request: FastifyRequest) =>
    (request.method === 'GET' || request.method === 'HEAD') &&
    (request.routeOptions.config as Partial<RouteConfig> | undefined)?.lastModified === 'import';
  // HTTP dates have whole seconds: compare in seconds.
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);

  app.addHook('onRequest', async (request: FastifyRequest, reply: FastifyReply) => {
    const last = lastImport();
    const since = request.headers['if-modified-since'];
    // If-None-Match, when present, is the stronger validator: the ETag decides.
    if (!last || !since || request.headers['if-none-match'] || !applies(request)) return;
    const sinceMs = Date.parse(since);
    if (Number.isNaN(sinceMs) || seconds(last) > Math.floor(sinceMs / 1000)) return;
    return reply.code(304).header('last-modified', last.toUTCString()).send();
  });
  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const last = lastImport();
    if (last && reply.statusCode === 200 && applies(request)) reply.header('last-modified', last.toUTCString());
    return payload;
  });
}
