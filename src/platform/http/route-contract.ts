/**
 * The shape of a capability's contract (its `contract.ts`): one table of routes, each with its
 * method, its URL, who may call it and its TypeBox schemas. The server registers the routes from it
 * (`app.get(route.url, routeOptions(route), handler)`); the portal's client reads the same
 * table as types only (web/api.ts), so that a page's data type is the route's response schema.
 */
import { Type, type TSchema } from 'typebox';
import type { Access } from './access.ts';

/** What Fastify (and @fastify/swagger for /api/docs) reads of a route's schema. */
export interface RouteSchema {
  summary?: string;
  description?: string;
  tags?: readonly string[];
  hide?: boolean;
  params?: TSchema;
  querystring?: TSchema;
  body?: TSchema;
  /** By HTTP status: what the route answers (200: what the portal's client returns as typed data). */
  response?: { readonly [status: number]: TSchema };
}

export interface RouteContract {
  readonly method: 'GET' | 'POST';
  /** Fastify's form: `/api/v1/occupations/:code`. */
  readonly url: `/api/v1/${string}`;
  /** Who may call it (see access.ts): no default, every route says it. */
  readonly access: Access;
  /** 'import': the answer changes only with a data import (Last-Modified, If-Modified-Since: caching.ts). */
  readonly lastModified?: 'import';
  readonly schema: RouteSchema;
}

/** A capability's routes by name: `export const xRoutes = { … } as const satisfies RouteTable`. */
export type RouteTable = Readonly<Record<string, RouteContract>>;

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/**
 * The body of every refusal (see problem.ts): an RFC 9457 problem in French, with the field at fault
 * and for some a code a program can test (`connexion-requise`, `acces-refuse`…); `error` repeats
 * `detail` for the clients written before the problem format.
 */
export const ErrorBody = Type.Object(
  {
    type: Type.String({ description: 'about:blank : le statut HTTP dit la nature du problème' }),
    title: Type.String({ description: 'nature du problème, en français' }),
    status: Type.Integer(),
    detail: Type.String({ description: 'ce qui ne va pas et comment y remédier, en français' }),
    error: Type.String({ description: 'même texte que detail' }),
    field: Type.Optional(Type.String({ description: 'le paramètre ou le champ en cause' })),
    code: Type.Optional(Type.String({ description: 'code stable pour un programme (cle-revoquee, acces-refuse…)' })),
  },
  { description: 'Problème (RFC 9457, application/problem+json)' },
);

/** What Fastify needs of a contract's route besides its URL: its schemas and its access rule. */
export function routeOptions<R extends RouteContract>(route: R): { schema: R['schema']; config: RouteConfig } {
  return { schema: route.schema, config: { access: route.access, lastModified: route.lastModified } };
}

/** What the ground's hooks read of a route (request.routeOptions.config). */
export interface RouteConfig {
  access: Access;
  lastModified?: 'import';
}
