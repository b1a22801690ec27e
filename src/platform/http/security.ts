/**
 * Security headers of every answer (helmet) and the Content-Security-Policy they share.
 *
 * The policy is strict: scripts, styles, images, fonts, workers and fetches from this origin only,
 * no inline script unless the page names it by its hash (the portal does, see src/app/portal.ts
 * and pageCsp), no plugin, no framing by another site (the widget's page alone says otherwise,
 * see FRAMEABLE_BY_ANY_SITE), forms posted here only.
 */
import { createHash } from 'node:crypto';
import helmet from '@fastify/helmet';
import type { App } from './app.ts';

type Directives = Record<string, string[]>;

const DIRECTIVES: Directives = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  // No on…="" attribute ever runs (React attaches its handlers in script).
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
  // Style attributes are allowed, <style> elements are not (unless hashed). The pages' bars
  // (style="width:42%") and a few components set them in the server's HTML; a style attribute can
  // neither run code nor fetch anything outside 'self' (img-src, font-src), so this is kept to a
  // presentation risk, where hashing every attribute ('unsafe-hashes') would only allow the same
  // values, be longer, and fail in browsers without it. Browsers without style-src-attr fall back
  // to style-src: the bars lose their width, the figures beside them stay.
  'style-src-attr': ["'unsafe-inline'"],
  // data: for the icons that MapLibre's and Swagger UI's style sheets carry inline.
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  // MapLibre's worker is a file of the build (setWorkerUrl in web/components/map/render.ts).
  'worker-src': ["'self'"],
  'object-src': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  // No upgrade-insecure-requests: behind the reverse proxy every page is already on HTTPS (and
  // HSTS keeps it there); on plain HTTP (a test, a machine without the proxy) it would break every
  // asset of the page.
};

function serialise(directives: Directives): string {
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}

/** The policy of every answer that says nothing else (the API, assets, error pages). */
export const BASE_CSP = serialise(DIRECTIVES);

/** The CSP source expression of an inline script or style element's text. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/**
 * A page's policy: the base one plus the hashes of the inline scripts and <style> elements the
 * page itself wrote. Hashes rather than a nonce so that the policy stays true for a copy served
 * from the page cache (the same bytes, so the same hashes), and tells nothing to an attacker.
 */
export function pageCsp(inline: { scripts?: Iterable<string>; styles?: Iterable<string> }): string {
  const scripts = [...new Set(inline.scripts ?? [])].map(cspHash);
  const styles = [...new Set(inline.styles ?? [])].map(cspHash);
  return serialise({
    ...DIRECTIVES,
    'script-src': [...DIRECTIVES['script-src'], ...scripts],
    'style-src': [...DIRECTIVES['style-src'], ...styles],
  });
}

/**
 * Route options (`{ ...FRAMEABLE_BY_ANY_SITE }` in the route's options) of a page meant to be
 * framed by partners' sites, and of the script they load from their pages: no X-Frame-Options,
 * loadable from any site (Cross-Origin-Resource-Policy), and the route sets its own policy (with
 * frame-ancestors *), helmet's would otherwise say 'none'.
 */
export const FRAMEABLE_BY_ANY_SITE = {
  helmet: {
    frameguard: false,
    contentSecurityPolicy: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  },
} as const;

/**
 * What a browser need not lend to any page here (the map draws itself, nothing asks where the
 * visitor is: a commune is typed).
 */
const PERMISSIONS_POLICY = [
  'accelerometer=()',
  'camera=()',
  'geolocation=()',
  'gyroscope=()',
  'magnetometer=()',
  'microphone=()',
  'payment=()',
  'usb=()',
  'browsing-topics=()',
].join(', ');

/**
 * Registers helmet for every route (helmet's defaults but for the policy above, the referrer sent
 * to other sites reduced to the origin, framing denied), plus Permissions-Policy. The API's answers
 * may be read by any site (CORS, registered apart): they say so to browsers that check
 * Cross-Origin-Resource-Policy too.
 */
export async function registerSecurityHeaders(app: App): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: DIRECTIVES },
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
    frameguard: { action: 'deny' },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    if (request.url.startsWith('/api/') && !request.url.startsWith('/api/docs')) {
      reply.header('cross-origin-resource-policy', 'cross-origin');
    }
  });
}
