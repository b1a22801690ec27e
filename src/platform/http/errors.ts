import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, GoneError, InputError, NotFoundError } from '../errors.ts';
import { ACCESS_DENIED } from './access.ts';
import { problem } from './problem.ts';

const LOCATIONS: Record<string, string> = { querystring: 'paramètre', params: 'paramètre de chemin', body: 'champ' };

/** Turns validation and application errors into problems (problem.ts) with a French message. */
export function errorHandler(
  error: FastifyError | InputError | NotFoundError | ForbiddenError | GoneError,
  request: FastifyRequest,
  reply: FastifyReply,
) {
  // Domain errors (platform/errors.ts): a request the user can fix, something unknown.
  if (error instanceof InputError) {
    return reply.status(400).send(problem(400, error.message, { field: error.field }));
  }
  if (error instanceof NotFoundError) {
    return reply.status(404).send(problem(404, error.message, { field: error.field }));
  }
  if (error instanceof GoneError) {
    return reply.status(410).send(problem(410, error.message, { code: 'lien-expire' }));
  }
  if (error instanceof ForbiddenError) {
    return reply.status(403).send(problem(403, error.message, { code: error.code ?? ACCESS_DENIED }));
  }
  if (error.validation) {
    const v = error.validation[0];
    const field =
      String(v.instancePath || v.params?.missingProperty || '').replace(/^\//, '') ||
      String((v.params as { missingProperty?: string })?.missingProperty ?? '');
    const where = LOCATIONS[error.validationContext ?? ''] ?? 'paramètre';
    return reply.status(400).send(
      problem(400, `${where} « ${field} » invalide : ${frenchReason(v.keyword, v.params as Record<string, unknown>, v.message)}`, {
        field,
      }),
    );
  }
  if (error.statusCode === 429) {
    // A person at a browser reads a page, a program the API's JSON.
    if (!request.url.startsWith('/api/')) return reply.status(429).type('text/html; charset=utf-8').send(TOO_MANY_PAGE);
    return reply.status(429).send(problem(429, 'Trop de requêtes : réessayez dans un instant.'));
  }
  if (error.statusCode && error.statusCode < 500) {
    return reply.status(error.statusCode).send(problem(error.statusCode, error.message));
  }
  request.log.error(error);
  return reply.status(500).send(problem(500, 'Erreur interne du serveur.'));
}

const TOO_MANY_PAGE =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Trop de requêtes</title>' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>Trop de requêtes</h1>' +
  '<p>Vous avez demandé beaucoup de pages en peu de temps : réessayez dans une minute.</p></main></body></html>';

function frenchReason(keyword: string, params: Record<string, unknown>, fallback?: string): string {
  switch (keyword) {
    case 'required':
      return 'obligatoire';
    case 'minimum':
      return `doit être supérieur ou égal à ${params.limit}`;
    case 'maximum':
      return `doit être inférieur ou égal à ${params.limit}`;
    case 'minLength':
      return `doit contenir au moins ${params.limit} caractère(s)`;
    case 'maxLength':
      return `doit contenir au plus ${params.limit} caractères`;
    case 'pattern':
      return 'format non reconnu';
    case 'type':
      return `doit être de type ${params.type === 'integer' ? 'nombre entier' : params.type === 'number' ? 'nombre' : String(params.type)}`;
    case 'enum':
      return `valeurs permises : ${(params.allowedValues as unknown[])?.join(', ')}`;
    default:
      return fallback ?? 'valeur invalide';
  }
}
