/**
 * The public API is versioned under /api/v1/. The addresses of before (/api/…, without /v1) stay
 * served as aliases until LEGACY_API_SUNSET; their answers say so (RFC 9745 Deprecation, RFC 8594
 * Sunset, and a Link to the same resource under /api/v1/), so that a partner's program sees it
 * before the date.
 */
import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const API_PREFIX = '/api/v1/';
/** Last day the unversioned addresses answer (README, « API publique v1 »). */
export const LEGACY_API_SUNSET = new Date('2027-06-30T23:59:59Z');
/** When the unversioned addresses became aliases. */
const DEPRECATED_SINCE = new Date('2026-12-07T00:00:00Z');

/** Paths under /api/ that are not the API's resources: its documentation. */
const UNVERSIONED = /^\/api\/(v1\/|docs(\/|\?|$))/;
const LEGACY = Symbol('legacy API address');

/** Fastify's rewriteUrl: an unversioned /api/ address is served by its /api/v1/ route. */
export function rewriteLegacyApiUrl(req: IncomingMessage): string {
  const url = req.url ?? '/';
  if (!url.startsWith('/api/') || UNVERSIONED.test(url)) return url;
  (req as IncomingMessage & { [LEGACY]?: true })[LEGACY] = true;
  return API_PREFIX + url.slice('/api/'.length);
}

/** onSend: the deprecation headers of an answer given at an unversioned address. */
export async function legacyApiHeaders(request: FastifyRequest, reply: FastifyReply) {
  if (!(request.raw as IncomingMessage & { [LEGACY]?: true })[LEGACY]) return;
  reply.header('deprecation', `@${Math.floor(DEPRECATED_SINCE.getTime() / 1000)}`);
  reply.header('sunset', LEGACY_API_SUNSET.toUTCString());
  reply.header('link', `<${request.url}>; rel="successor-version"`);
}
