import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router';
import type { Static, TSchema } from 'typebox';
import type { PortalContracts } from './routes.ts';

/**
 * What the portal's loaders receive as `context`: the public API, called in-process by the
 * server (src/app/portal.ts). The portal never reads the database itself.
 *
 * The client is typed by the contracts (each capability's `contract.ts`, imported as types only):
 * a route is named by its URL as the contract writes it, and its path parameters, query, body and
 * answer are the contract's. At run time only the URL travels:
 *
 *   const res = await context.api.get('/api/v1/occupations/:code', { params: { code: 'D1102' } });
 *   if (res.status === 200) res.body.label; // the fiche, typed by referentialRoutes.fiche
 *   await context.api.post('/api/v1/transitions', { body: { occupations: ['D1102'], limit: 5 } });
 */

/** Every route the portal may call: the entries of the route tables listed in web/routes.ts, in one union. */
type AnyRoute = PortalContracts extends infer T ? (T extends unknown ? T[keyof T] : never) : never;

type Method = 'GET' | 'POST';
/** The URLs of the routes of one method, as the contracts write them ('/api/v1/occupations/:code'). */
export type ApiUrl<M extends Method> = Extract<AnyRoute, { method: M }>['url'];
/** The contract's entry for a method and URL. */
export type ApiRoute<M extends Method, U extends string> = Extract<AnyRoute, { method: M; url: U }>;

type SchemaPart<R, K extends string> = R extends { schema: { [P in K]: infer S extends TSchema } } ? Static<S> : undefined;
/** Path parameters travel as text in the URL: the API checks them (400). */
type Params<R> = SchemaPart<R, 'params'> extends infer P ? (P extends object ? { [K in keyof P]: string } : undefined) : never;
type Reply<R> = R extends { schema: { response: { 200: infer S extends TSchema } } } ? Static<S> : unknown;

/** What a call takes besides the URL: what its contract asks for, and nothing else. */
export type ApiOptions<R> = Part<'params', Params<R>> & Part<'query', SchemaPart<R, 'querystring'>> & Part<'body', SchemaPart<R, 'body'>>;
type Part<K extends string, T> = [T] extends [undefined] ? { [P in K]?: never } : Empty extends T ? { [P in K]?: T } : { [P in K]: T };
/** The options may be left out when nothing in them is required. */
type OptionsArg<R> = Empty extends ApiOptions<R> ? [options?: ApiOptions<R>] : [options: ApiOptions<R>];
type Empty = Record<never, never>;

/** The status and the body: the 200 answer of the route's contract, or an error ({ error, field }: see apiError). */
export interface ApiResult<T> {
  status: number;
  body: T;
}

/** The contract's 200 answer of a route. */
export type ApiAnswer<M extends Method, U extends string> = Reply<ApiRoute<M, U>>;

export interface WebApi {
  get<U extends ApiUrl<'GET'>>(url: U, ...options: OptionsArg<ApiRoute<'GET', U>>): Promise<ApiResult<ApiAnswer<'GET', U>>>;
  post<U extends ApiUrl<'POST'>>(url: U, ...options: OptionsArg<ApiRoute<'POST', U>>): Promise<ApiResult<ApiAnswer<'POST', U>>>;
}

/** How a call reaches the API: the server implements it in-process (src/app/portal.ts). */
export type ApiTransport = (
  method: Method,
  path: string,
  query: Record<string, unknown> | undefined,
  body: unknown,
) => Promise<ApiResult<unknown>>;

/**
 * The typed client over a transport. The answer's type is the contract's: the server validates
 * what it receives and serialises what it answers with the same schemas.
 */
export function createApi(transport: ApiTransport): WebApi {
  const call = (method: Method, url: string, options: { params?: Record<string, string>; query?: object; body?: unknown } = {}) =>
    transport(method, fillPath(url, options.params), options.query as Record<string, unknown> | undefined, options.body);
  // The one place where the wire meets the types: the body is what the route's contract says.
  return {
    get: (url, ...[options]) => call('GET', url, options) as never,
    post: (url, ...[options]) => call('POST', url, options) as never,
  };
}

/** '/api/v1/occupations/:code' with { code: 'd 1' } → '/api/v1/occupations/d%201'. */
export function fillPath(url: string, params: Record<string, string> = {}): string {
  return url.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`paramètre de chemin manquant : ${name} (${url})`);
    return encodeURIComponent(value);
  });
}

/** What the serving process knows of its data without a call (src/app/portal.ts). */
export interface PlatformState {
  /** Sample data built in rather than official data: every page says so. */
  sampleData: boolean;
  /** Changes with each import (the time of the last one): the key of what is kept between renders. */
  dataVersion: number;
}

/** What loaders and actions receive: `context.api` is typed. */
export interface PortalContext {
  api: WebApi;
  platform: PlatformState;
}
export type LoaderArgs = LoaderFunctionArgs<PortalContext>;
export type ActionArgs = ActionFunctionArgs<PortalContext>;

/** A French error message from the API ({ error, field, code }) with its status, or null when the call succeeded. */
export function apiError(result: ApiResult<unknown>): { status: number; message: string; field?: string; code?: string } | null {
  if (result.status < 400) return null;
  const body = result.body as { error?: string; field?: string; code?: string } | string;
  if (typeof body === 'object' && body?.error) return { status: result.status, message: body.error, field: body.field, code: body.code };
  return { status: result.status, message: 'Le service ne répond pas comme prévu. Réessayez dans un instant.' };
}

/** Throws a 404 page for the route when the API says the resource does not exist. */
export function notFoundUnless<T>(result: ApiResult<T>, what: string): T {
  if (result.status === 404) throw new Response(what, { status: 404, statusText: what });
  if (result.status >= 400) {
    const error = apiError(result);
    throw new Response(error?.message ?? what, { status: result.status });
  }
  return result.body;
}
