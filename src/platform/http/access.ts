import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { App } from './app.ts';
import { problem } from './problem.ts';

/**
 * Who may call a route, declared with the route in its contract (`access`) and given to Fastify
 * as the route's config:
 * - `'public'`: everyone, signed in or not;
 * - `'account'`: any signed-in account;
 * - `{ roles, scopes }`: the signed-in accounts holding one of `roles`, and the partners' API keys
 *   holding one of `scopes` (either list may be left out: nobody passes through it).
 * Default deny: an /api route that declares nothing refuses everyone (403), so that forgetting
 * the rule never opens a route. An API key never passes `'account'`: those routes are for people.
 */
export type Access = 'public' | 'account' | { roles?: readonly string[]; scopes?: readonly string[] };

/**
 * The caller, resolved by the capability that knows accounts: a person signed in (session cookie),
 * or a partner's API key (then `keyId` and `scopes` are set, `roles` is empty and `sessionKey`
 * binds no form token).
 */
export interface Principal {
  /** The signed-in account; for an API key, the account that created it. */
  accountId: number;
  structureId: number | null;
  roles: readonly string[];
  /** Hash of the session id: what form tokens are bound to. */
  sessionKey: string;
  keyId?: number;
  scopes?: readonly string[];
}

/**
 * Resolves the caller of a request (null: nobody signed in, or the session is over). It may throw
 * a CallerRefused when the caller presented something that is refused in its own words (an API
 * key unknown, revoked, or over its quota).
 */
export type Authenticate = (request: FastifyRequest) => Promise<Principal | null>;

/** A caller turned away by the resolver itself: its status, code and French message (and when to come back). */
export class CallerRefused extends Error {
  override readonly name = 'CallerRefused';

  constructor(
    readonly status: 401 | 429,
    readonly code: string,
    message: string,
    /** Seconds, for the Retry-After header of a 429. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    /** Set on routes that are not public, once access is granted. */
    principal?: Principal;
  }
}

/** The codes of the two refusals, in the JSON body beside the French message. */
export const SIGN_IN_REQUIRED = 'connexion-requise';
export const ACCESS_DENIED = 'acces-refuse';

/** One route under guard, as the authorisation table test reads them. */
export interface GuardedRoute {
  method: string;
  url: string;
  access: Access | undefined;
}

/** Routes outside the guard: the OpenAPI pages (static documentation of the public API). */
const UNGUARDED = /^\/api\/docs(\/|$)/;

/**
 * Puts every /api route registered after this call under its access rule, and lists them.
 * Call it before the modules register their routes.
 */
export function guardRoutes(app: App, authenticate: Authenticate | undefined): GuardedRoute[] {
  const guarded: GuardedRoute[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (!route.url.startsWith('/api/') || UNGUARDED.test(route.url)) return;
    const access = (route.config as { access?: Access } | undefined)?.access;
    for (const method of [route.method].flat()) if (method !== 'HEAD') guarded.push({ method, url: route.url, access });
    if (access === 'public') return;
    const check = async (request: FastifyRequest, reply: FastifyReply) => {
      if (access === undefined) return deny(reply, 403, ACCESS_DENIED, 'Accès refusé.');
      let principal: Principal | null;
      try {
        principal = authenticate ? await authenticate(request) : null;
      } catch (error) {
        if (!(error instanceof CallerRefused)) throw error;
        if (error.retryAfter !== undefined) reply.header('retry-after', String(error.retryAfter));
        return deny(reply, error.status, error.code, error.message);
      }
      if (!principal) return deny(reply, 401, SIGN_IN_REQUIRED, 'Connectez-vous pour accéder à cette ressource.');
      if (!allows(access, principal)) {
        return deny(
          reply,
          403,
          ACCESS_DENIED,
          principal.keyId ? 'Cette clé d’API n’a pas accès à cette ressource.' : 'Votre compte n’a pas accès à cette ressource.',
        );
      }
      request.principal = principal;
    };
    // First of the route's own hooks: nothing is parsed or validated for a caller turned away.
    route.onRequest = [check, ...[route.onRequest ?? []].flat()];
  });
  return guarded;
}

function allows(access: Exclude<Access, 'public'>, principal: Principal): boolean {
  if (access === 'account') return principal.keyId === undefined;
  if (principal.keyId !== undefined) return !!access.scopes?.some((scope) => principal.scopes?.includes(scope));
  return !!access.roles?.some((role) => principal.roles.includes(role));
}

function deny(reply: FastifyReply, status: number, code: string, message: string) {
  return reply.status(status).send(problem(status, message, { code }));
}
