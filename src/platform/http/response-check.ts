/**
 * In the tests (PASSERELLES_CHECK_RESPONSES=1, set by scripts/run-tests.mjs), every JSON answer of
 * an /api route is checked against the schema its contract declares for that status: an answer
 * that strays from its schema becomes a 500 naming the route, the path in the body and the
 * reason, so the test that made the call fails. What a partner's program reads is what the
 * OpenAPI document promises. Off in production (it parses every answer once more).
 */
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { TSchema } from 'typebox';
import type { App } from './app.ts';

export function checkResponses(app: App): void {
  const ajv = new Ajv({ strict: false, allErrors: false });
  (addFormats as unknown as (a: Ajv) => void)(ajv);
  const compiled = new WeakMap<TSchema, ValidateFunction>();

  app.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const type = String(reply.getHeader('content-type') ?? '');
    if (!request.url.startsWith('/api/') || !type.includes('json') || typeof payload !== 'string') return payload;
    const responses = (request.routeOptions.schema as { response?: Record<string, TSchema> } | undefined)?.response;
    const status = reply.statusCode;
    const schema = responses?.[status] ?? responses?.[`${String(status)[0]}xx`] ?? responses?.default;
    if (!schema) return payload;
    let validate = compiled.get(schema);
    if (!validate) {
      validate = ajv.compile(schema);
      compiled.set(schema, validate);
    }
    if (validate(JSON.parse(payload))) return payload;
    const e = validate.errors?.[0];
    const detail = `réponse ${status} de ${request.method} ${request.routeOptions.url} hors de son schéma : ${e?.instancePath || '/'} ${e?.message ?? ''}`;
    request.log.error({ errors: validate.errors }, detail);
    reply.code(500).type('application/problem+json; charset=utf-8');
    return JSON.stringify({ type: 'about:blank', title: 'Erreur interne du serveur', status: 500, detail, error: detail });
  });
}
