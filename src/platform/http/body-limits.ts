/**
 * Body size limits: one limit for every route that sets none (the server's `bodyLimit`), the
 * routes that take files raise theirs (grep bodyLimit). Fastify refuses a body over the limit
 * before reading it when Content-Length says so, else as soon as it passes it; its refusals of a
 * body are in English, so errors.ts asks here for the French words.
 */
import type { FastifyRequest } from 'fastify';

/** Fastify's own default, said once: a JSON document or a form of the API fits in it many times over. */
export const BODY_LIMIT = 1024 * 1024;

/** "1 Mo", "512 Ko", "1,5 Mo". */
function size(bytes: number): string {
  const mb = bytes / (1024 * 1024);
  return mb >= 1 ? `${mb.toLocaleString('fr-FR', { maximumFractionDigits: 1 })} Mo` : `${Math.ceil(bytes / 1024)} Ko`;
}

/**
 * The French message of Fastify's refusal of a request's body (too large, of a type the route
 * does not read, empty or invalid JSON), or undefined for any other error.
 */
export function bodyRefusalMessage(error: { code?: string }, request: FastifyRequest): string | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return `Contenu trop volumineux : cette adresse accepte au plus ${size(request.routeOptions.bodyLimit ?? BODY_LIMIT)} par requête.`;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return `Type de contenu non pris en charge : ${String(request.headers['content-type'] ?? '(aucun)').split(';')[0]}.`;
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return 'La taille du contenu reçu ne correspond pas à l’en-tête Content-Length.';
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return 'Contenu vide alors que le type annoncé est application/json.';
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return 'Le contenu n’est pas un JSON valide.';
    default:
      return undefined;
  }
}
