import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ForbiddenError, GoneError, InputError, NotFoundError } from '../errors.ts';
import { databaseUnavailable } from '../db/connection.ts';
import { ACCESS_DENIED } from './access.ts';
import { problem } from './problem.ts';
import { bodyRefusalMessage } from './body-limits.ts';

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
    const message = bodyRefusalMessage(error, request) ?? error.message;
    return reply.status(error.statusCode).send(problem(error.statusCode, message));
  }
  if (databaseUnavailable(error)) return databaseDown(error, request, reply);
  request.log.error(error);
  return reply.status(500).send(problem(500, 'Erreur interne du serveur.'));
}

const TOO_MANY_PAGE =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Trop de requêtes</title>' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>Trop de requêtes</h1>' +
  '<p>Vous avez demandé beaucoup de pages en peu de temps : réessayez dans une minute.</p></main></body></html>';

/** Seconds a client is told to wait before trying again while the database is away. */
export const DATABASE_RETRY_AFTER_S = 5;
/** At most one warning in this many milliseconds while the database is away, with the count refused since the last. */
const WARN_EVERY_MS = 10_000;
let lastWarning = 0;
let refusedSince = 0;

/**
 * The database is down, restarting or out of reach: 503 with Retry-After at once (the pool waits
 * a few seconds at most, see CONNECT_TIMEOUT_MS), a page for a person, a problem for a program.
 * An outage under load would refuse thousands of requests: one warning line now and then, no
 * stack (nothing is wrong in the code).
 */
function databaseDown(error: Error, request: FastifyRequest, reply: FastifyReply) {
  refusedSince++;
  const now = Date.now();
  if (now - lastWarning >= WARN_EVERY_MS) {
    const code = (error as { code?: unknown }).code;
    request.log.warn({ err: error.message, code, refused: refusedSince }, 'base de données injoignable : requêtes refusées (503)');
    lastWarning = now;
    refusedSince = 0;
  }
  reply.header('retry-after', String(DATABASE_RETRY_AFTER_S));
  if (!request.url.startsWith('/api/')) return reply.status(503).type('text/html; charset=utf-8').send(DATABASE_DOWN_PAGE);
  return reply.status(503).send(
    problem(503, 'Service momentanément indisponible : la base de données ne répond pas. Réessayez dans quelques secondes.', {
      code: 'base-indisponible',
    }),
  );
}

const DATABASE_DOWN_PAGE =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Service momentanément indisponible</title>' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body><main><h1>Service momentanément indisponible</h1>' +
  '<p>Le service ne peut pas lire ses données en ce moment. Réessayez dans quelques secondes : la page reviendra d’elle-même.</p>' +
  '</main></body></html>';

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
