/**
 * Every refusal of the API is an RFC 9457 problem (application/problem+json) in French. The places
 * that refuse keep sending `{ error, field?, code? }` (errors.ts, access.ts, a route's own 404):
 * this hook adds the problem's members around it, so that no refusal escapes the format.
 * `error` stays beside `detail` for the clients written before the format.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

const TITLES: Record<number, string> = {
  400: 'Requête invalide',
  401: 'Authentification requise',
  403: 'Accès refusé',
  404: 'Ressource introuvable',
  405: 'Méthode non permise',
  409: 'Conflit',
  410: 'Ressource expirée',
  413: 'Contenu trop volumineux',
  415: 'Type de contenu non pris en charge',
  422: 'Contenu non traitable',
  429: 'Trop de requêtes',
  500: 'Erreur interne du serveur',
  503: 'Service indisponible',
};

export const PROBLEM_TYPE = 'application/problem+json; charset=utf-8';

/** The problem of a refusal: status, French detail, and the field or code a program reads. */
export function problem(status: number, detail: string, extra: { field?: string; code?: string } = {}) {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? (status < 500 ? 'Requête refusée' : 'Erreur du serveur'),
    status,
    detail,
    error: detail,
    ...extra,
  };
}

/** preSerialization: an /api error body `{ error, … }` becomes a problem, sent as problem+json. */
export async function asProblem(request: FastifyRequest, reply: FastifyReply, payload: unknown) {
  const status = reply.statusCode;
  if (status < 400 || !request.url.startsWith('/api/') || !payload || typeof payload !== 'object') return payload;
  const body = payload as { type?: unknown; error?: unknown; field?: string; code?: string };
  if (typeof body.error !== 'string') return payload;
  reply.type(PROBLEM_TYPE);
  return body.type === undefined ? { ...problem(status, body.error), ...body } : payload;
}
