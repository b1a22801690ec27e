import type { ActionFunctionArgs, LoaderFunctionArgs } from 'react-router';

/**
 * What the portal's loaders receive as `context`: the public API, called in-process by the
 * server (src/platform/http/web.ts). The portal never reads the database itself.
 */
export interface ApiResult<T> {
  status: number;
  body: T;
}

export interface WebApi {
  get<T>(url: string, query?: Record<string, unknown>): Promise<ApiResult<T>>;
  post<T>(url: string, body: unknown): Promise<ApiResult<T>>;
}

/** What loaders and actions receive: `context.api` is typed. */
export interface PortalContext {
  api: WebApi;
}
export type LoaderArgs = LoaderFunctionArgs<PortalContext>;
export type ActionArgs = ActionFunctionArgs<PortalContext>;

/** A French error message from the API ({ error, field }), or null when the call succeeded. */
export function apiError(result: ApiResult<unknown>): { message: string; field?: string } | null {
  if (result.status < 400) return null;
  const body = result.body as { error?: string; field?: string } | string;
  if (typeof body === 'object' && body?.error) return { message: body.error, field: body.field };
  return { message: 'Le service ne répond pas comme prévu. Réessayez dans un instant.' };
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
