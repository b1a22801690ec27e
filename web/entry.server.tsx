/**
 * The portal's server entry: React Router's default, with two differences.
 * - Every inline script React Router writes (hydration context, module imports, scroll
 *   restoration) carries the render's nonce (`cspNonce` of the load context, src/app/portal.ts),
 *   which marks them as the page's own: the server then names them by hash in the page's
 *   Content-Security-Policy, and nothing else inline runs.
 * - The whole document is rendered before it is sent (onAllReady, for people as for bots): its
 *   policy, sent first, depends on every script in it. No route defers data, so nothing is lost.
 */
import { PassThrough } from 'node:stream';
import type { AppLoadContext, EntryContext } from 'react-router';
import { createReadableStreamFromReadable } from '@react-router/node';
import { ServerRouter } from 'react-router';
import { renderToPipeableStream } from 'react-dom/server';

export const streamTimeout = 5_000;

export default function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  routerContext: EntryContext,
  loadContext: AppLoadContext,
) {
  if (request.method.toUpperCase() === 'HEAD') return new Response(null, { status: responseStatusCode, headers: responseHeaders });
  const nonce = (loadContext as { cspNonce?: string }).cspNonce;
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false;
    const timeout = setTimeout(() => abort(), streamTimeout + 1000);
    const { pipe, abort } = renderToPipeableStream(
      <ServerRouter context={renderedRoutes(routerContext)} url={request.url} nonce={nonce} />,
      {
        nonce,
        onAllReady() {
          shellRendered = true;
          const body = new PassThrough({
            final(callback) {
              clearTimeout(timeout);
              callback();
            },
          });
          responseHeaders.set('Content-Type', 'text/html');
          pipe(body);
          resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }));
        },
        onShellError(error: unknown) {
          clearTimeout(timeout);
          reject(error);
        },
        onError(error: unknown) {
          responseStatusCode = 500;
          // Errors of the shell are logged by React Router (handleDocumentRequest).
          if (shellRendered) console.error(error);
        },
      },
    );
  });
}

/**
 * A page without the interactive layer (no route of the page asks for `hydrate`, see root.tsx)
 * sends no route manifest: ServerRouter then needs only the routes it renders, not the whole
 * portal's, which it would otherwise rebuild on every render (a tenth of a fiche page's work).
 */
function renderedRoutes(context: EntryContext): EntryContext {
  const { matches } = context.staticHandlerContext;
  const hydrate = matches.some((m) => (context.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate);
  if (hydrate) return context;
  const ids = new Set(matches.map((m) => m.route.id));
  const routes = Object.fromEntries(Object.entries(context.manifest.routes).filter(([id]) => ids.has(id)));
  return { ...context, manifest: { ...context.manifest, routes } };
}
