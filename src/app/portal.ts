import path from 'node:path';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import { pathToFileURL } from 'node:url';
import fastifyStatic from '@fastify/static';
import { negotiate } from '@fastify/accept-negotiator';
import { createRequestHandler, type ServerBuild } from 'react-router';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { log } from '../platform/log.ts';
import { readConfig } from '../platform/config.ts';
import { problem } from '../platform/http/problem.ts';
import { pageCsp } from '../platform/http/security.ts';
import { createApi, type ApiResult, type PortalContext } from '../../web/api.ts';

/**
 * Where `react-router build` writes the portal (see react-router.config.ts). Tests build into a
 * folder of their own (PASSERELLES_WEB_BUILD_DIR) so that a build running beside them cannot
 * pull their assets away.
 */
export function webBuildDir(): string {
  // Read when called: the browser tests point it at their own build at run time.
  return readConfig().webBuildDir;
}

/** The header that carries a page request's token on the API calls its loaders make in-process. */
export const INTERNAL_HEADER = 'x-passerelles-portal';
/** A page's form with a file: a 20 MB CV must still reach the API's check (5 MB) and its French refusal. */
const MULTIPART_LIMIT = 30 * 1024 * 1024;

/**
 * Pages and the rate limit. A page request is counted once, by its client address, like any API
 * request. Its loaders then call the API in-process (app.inject): counted as such, these calls
 * would come from 127.0.0.1 and share one budget between every visitor; exempt whatever they
 * carry, they would be a way around the limit. So each page request gets a random token, live
 * only while that page is being served: its in-process calls carry it and are not counted again,
 * as they are part of a request already counted against its client. A token cannot be guessed and
 * dies with its page, so no request from outside passes free. (Rather than counting every inner
 * call against the client too: one page view costs one request of the budget whatever the number
 * of its loaders, and a page never fails halfway because its own loaders ran out of budget.)
 */
export class PageTokens {
  readonly #live = new Set<string>();

  /** A token for one page request, revoked when its response is finished or aborted. */
  open(reply: FastifyReply): string {
    const { token, revoke } = this.lease();
    // 'close' comes after the last byte is written or when the connection is lost.
    reply.raw.once('close', revoke);
    return token;
  }

  /** A token live until `revoke` is called (the server's own renders, see registerWebApp's warm). */
  lease(): { token: string; revoke: () => void } {
    const token = randomBytes(16).toString('hex');
    this.#live.add(token);
    return { token, revoke: () => this.#live.delete(token) };
  }

  /** Whether this request is an in-process call made while serving a page (already counted). */
  carries(request: FastifyRequest): boolean {
    const token = request.headers[INTERNAL_HEADER];
    return typeof token === 'string' && this.#live.has(token);
  }
}

/**
 * Files of the build's assets folder (Vite's hashed JavaScript, CSS, fonts) are exempt from the
 * rate limit: they never change, browsers keep them a year (a first page view fetches several,
 * later views none), and serving one is a file read, no database, no rendering. Only files present
 * at start have routes (wildcard: false), so any other /assets/ address reaches the page handler
 * and is counted.
 */
export function isBuildAsset(request: FastifyRequest): boolean {
  const { url, config } = request.routeOptions;
  // @fastify/static's routes carry the file they serve in their config.
  return url?.startsWith('/assets/') === true && config !== undefined && 'file' in (config as object);
}

/**
 * What a person at a browser gets past the limit: a page in French (the API's clients keep the
 * JSON of errorHandler). Plain HTML, no portal: rendering it would cost what the limit saves.
 */
export function isPageRequest(request: FastifyRequest): boolean {
  return !request.url.startsWith('/api/');
}
export const TOO_MANY_REQUESTS_PAGE =
  '<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
  '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Trop de requêtes</title></head>' +
  '<body><main><h1>Trop de requêtes</h1><p>Beaucoup de pages ont été demandées depuis votre adresse en peu de temps : ' +
  'réessayez dans une minute.</p></main></body></html>';

/**
 * Serves the web portal (React Router, rendered on the server) from the same process as the API.
 * Loaders read data through the public API in-process (`context.api`), never the database.
 * Returns `warm`: renders the given pages once, out of any request and of the page cache, so that
 * the fragments they keep (web/fragments.ts) are there before a person asks.
 */
export async function registerWebApp(app: App, ctx: ServeContext, tokens: PageTokens): Promise<(paths: string[]) => Promise<void>> {
  const buildDir = webBuildDir();
  const serverEntry = path.join(buildDir, 'server/index.js');
  if (!existsSync(serverEntry)) {
    log.warn(`portail web non construit (${serverEntry} absent) : lancez « npm run build »`);
    app.get('/*', { schema: { hide: true } }, async (_request, reply) =>
      reply
        .status(503)
        .type('text/plain; charset=utf-8')
        .send('Le portail n’est pas encore construit : lancez « npm run build ». L’API reste disponible sous /api.'),
    );
    return async () => {};
  }
  const build = (await import(pathToFileURL(serverEntry).href)) as ServerBuild;
  const handle = createRequestHandler(build, 'production');

  // Hashed assets never change: cache them for a year. Only files present at start are served.
  await app.register(fastifyStatic, {
    root: path.join(buildDir, 'client'),
    wildcard: false,
    index: false,
    setHeaders: (reply, file) => {
      if (file.includes(`${path.sep}assets${path.sep}`)) reply.header('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });

  // Forms posted without JavaScript arrive url-encoded: hand them to React Router untouched.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => done(null, body));
  // Forms with a file (a CV) arrive as multipart: the bytes go to React Router as they came. The
  // limit lets a file too big for the API reach it, so that its refusal is a French message.
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: MULTIPART_LIMIT }, (_req, body, done) =>
    done(null, body),
  );

  // Each page gets its own API (typed by the contracts, see web/api.ts), whose calls carry that
  // page's token and its client's address.
  // The render's nonce marks the inline scripts React Router writes (web/entry.server.tsx).
  // The data's status is the process's own (refreshed after each import): a page reads it here
  // rather than through an API call of its own.
  const contextFor = (caller: Caller, cspNonce: string): PortalContext & Record<string, unknown> => {
    const { sample, lastImport } = ctx.status();
    return {
      api: createApi((method, path, query, body) => call(app, caller, method, path, query, body)),
      platform: { sampleData: sample, dataVersion: lastImport?.getTime() ?? 0 },
      cspNonce,
    };
  };
  const pageCache = pageCacheFor();
  const pageCacheMs = 1000 * readConfig().pageCacheSeconds;

  app.route({
    method: ['GET', 'HEAD', 'POST'],
    url: '/*',
    schema: { hide: true },
    handler: async (request, reply) => {
      if (request.url.startsWith('/api/')) {
        return reply.status(404).send(problem(404, `Ressource inconnue : ${request.url.split('?')[0]}`));
      }
      // A request with cookies may be a signed-in person's: their pages are theirs alone.
      const cacheable = pageCacheMs > 0 && request.method === 'GET' && !request.headers.cookie;
      // A new import (seen by the server's refresh) changes the key: no page outlives its data.
      const cacheKey = `${ctx.status().lastImport?.getTime() ?? 0} ${request.url}`;
      if (cacheable) {
        const hit = pageCache.get(cacheKey);
        if (hit && hit.expires > Date.now())
          return sendDocument(request, reply.status(200).headers(hit.headers).header('x-page-cache', 'hit'), hit.body, hit.encoded);
      }
      const caller: Caller = {
        token: tokens.open(reply),
        address: request.ip,
        userAgent: request.headers['user-agent'],
        cookies: new CookieJar(request.headers.cookie),
        https: request.protocol === 'https',
      };
      const nonce = randomBytes(18).toString('hex');
      const response = await handle(toWebRequest(request), contextFor(caller, nonce));
      reply.status(response.status);
      const headers: Record<string, string> = {};
      for (const [name, value] of response.headers) {
        if (name !== 'set-cookie') headers[name] = value;
      }
      // A page served with cookies may hold what only this person may read: no shared cache keeps it.
      if (request.headers.cookie && !headers['cache-control']) headers['cache-control'] = 'private, no-store';
      // The API's cookies (a session opened by a sign-in form) reach the browser with the page.
      const cookies = [...caller.cookies.set, ...response.headers.getSetCookie()];
      if (cookies.length) reply.header('set-cookie', cookies);
      if (!response.body) return reply.headers(headers).send();
      if (!(headers['content-type'] ?? '').startsWith('text/html'))
        return reply.headers(headers).send(Readable.fromWeb(response.body as never));
      // A document's policy names its own inline scripts by hash: it is read whole before it is sent
      // (entry.server renders it whole anyway), and its policy is kept with it in the page cache.
      const body = Buffer.from(await response.arrayBuffer());
      headers['content-security-policy'] = pageCsp(ownInlineCode(body.toString('utf8'), nonce));
      reply.headers(headers);
      // A page that says it is private (the plan a person opens by their link) is never kept.
      const shareable = !/private|no-store/.test(headers['cache-control'] ?? '');
      if (cacheable && shareable && response.status === 200 && !cookies.length) {
        const page: CachedPage = { headers, body, encoded: {}, expires: Date.now() + pageCacheMs };
        pageCache.remember(cacheKey, page);
        return sendDocument(request, reply.header('x-page-cache', 'miss'), body, page.encoded);
      }
      return sendDocument(request, reply, body);
    },
  });

  return async (paths) => {
    const { token, revoke } = tokens.lease();
    const caller: Caller = { token, address: '127.0.0.1', userAgent: undefined, cookies: new CookieJar(undefined), https: false };
    try {
      // One at a time, like the read-ahead: requests go first. The HTML is dropped (so is the
      // nonce of its scripts): only what the render keeps matters.
      for (const path of paths) await (await handle(new Request(new URL(path, 'http://localhost')), contextFor(caller, ''))).arrayBuffer();
    } finally {
      revoke();
    }
  };
}

/** Brotli at the plugin's quality: fast, and smaller than gzip. */
const BROTLI = { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 4 } };

type DocumentEncoding = 'br' | 'gzip';

/**
 * A document is whole in memory (its policy names its scripts), so it is compressed in one call:
 * @fastify/compress would stream it through zlib's thread pool, twice the processor for a 20 KB page
 * (measured). The plugin leaves alone an answer that already names its encoding. `encoded` keeps
 * the compressed bodies of a cached page, so that a page cache hit is not compressed again.
 */
function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  body: Buffer,
  encoded: Partial<Record<DocumentEncoding, Buffer>> = {},
): FastifyReply {
  const encoding = body.length >= 1024 ? documentEncoding(request.headers['accept-encoding']) : undefined;
  if (!encoding) return reply.send(body);
  const vary = reply.getHeader('vary');
  reply.header('vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding').header('content-encoding', encoding);
  encoded[encoding] ??= encoding === 'br' ? zlib.brotliCompressSync(body, BROTLI) : zlib.gzipSync(body);
  return reply.send(encoded[encoding]);
}

/** Brotli, else gzip, as the browser's Accept-Encoding prefers them (q > 0, `*` included); else none. */
export function documentEncoding(header: string | string[] | undefined): DocumentEncoding | undefined {
  return (negotiate([header ?? ''].flat().join(',').toLowerCase(), ['br', 'gzip']) as DocumentEncoding | null) ?? undefined;
}

/**
 * The inline code a rendered document wrote itself: the text of the inline scripts that carry this
 * render's nonce (React Router's, see web/entry.server.tsx; a script that came in with some data
 * cannot know the nonce, so it is not named and does not run), and of the <style> elements of the
 * head (the theme's custom properties, web/root.tsx: the head holds no data but escaped titles).
 * Line breaks as the browser's parser normalises them before it hashes.
 */
export function ownInlineCode(html: string, nonce: string): { scripts: string[]; styles: string[] } {
  const text = (code: string) => code.replace(/\r\n?/g, '\n');
  const scripts: string[] = [];
  for (const [, attributes, code] of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\snonce="([^"]*)"/i.exec(attributes)?.[1] === nonce && !/\ssrc=/i.test(attributes)) scripts.push(text(code));
  }
  const headEnd = html.search(/<\/head>/i);
  const head = headEnd < 0 ? '' : html.slice(0, headEnd);
  const styles = [...head.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/gi)].map(([, code]) => text(code));
  return { scripts, styles };
}

/**
 * Page micro-cache: a GET page without cookies depends only on its URL (the data changes only
 * with an import; requests with cookies, maybe signed in, are never cached), so the HTML of a page served in the last PASSERELLES_PAGE_CACHE_SECONDS
 * is served again as is. On by default in production (60 s), off otherwise (tests import data
 * and look at the pages right after). Bounded: the oldest of 1,000 pages goes first.
 */
const PAGE_CACHE_SIZE = 1000;
const PAGE_CACHE_MAX_BYTES = 512 * 1024;
interface CachedPage {
  headers: Record<string, string>;
  body: Buffer;
  /** The body compressed, per encoding, made at the first answer that asks for it (sendDocument). */
  encoded: Partial<Record<DocumentEncoding, Buffer>>;
  expires: number;
}

function pageCacheFor(): { get(url: string): CachedPage | undefined; remember(url: string, page: CachedPage): void } {
  const pages = new Map<string, CachedPage>();
  return {
    get: (url) => pages.get(url),
    remember(url, page) {
      if (page.body.length > PAGE_CACHE_MAX_BYTES) return;
      pages.delete(url);
      pages.set(url, page);
      if (pages.size > PAGE_CACHE_SIZE) pages.delete(pages.keys().next().value!);
    },
  };
}

interface Caller {
  token: string;
  address: string;
  /** The browser's, so that a session opened by a page says which device it is. */
  userAgent: string | undefined;
  cookies: CookieJar;
  /** The page came over HTTPS: the cookies the API sets are Secure. */
  https: boolean;
}

/**
 * The cookies of one page request: the browser's, sent with each in-process API call, and the
 * ones those calls set (kept for the next calls, and handed to the browser with the page).
 */
class CookieJar {
  readonly #values = new Map<string, string>();
  readonly set: string[] = [];

  constructor(header: string | undefined) {
    for (const part of header?.split(';') ?? []) {
      const i = part.indexOf('=');
      if (i > 0) this.#values.set(part.slice(0, i).trim(), part.slice(i + 1).trim());
    }
  }

  header(): string | undefined {
    return this.#values.size ? [...this.#values].map(([name, value]) => `${name}=${value}`).join('; ') : undefined;
  }

  receive(setCookie: string | string[] | undefined, https: boolean): void {
    for (const line of [setCookie ?? []].flat()) {
      const [pair, ...attributes] = line.split(';');
      const i = pair.indexOf('=');
      const name = pair.slice(0, i).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a));
      if (expired) this.#values.delete(name);
      else this.#values.set(name, pair.slice(i + 1).trim());
      this.set.push(https && !/;\s*secure/i.test(line) ? `${line}; Secure` : line);
    }
  }
}

async function call(
  app: App,
  caller: Caller,
  method: 'GET' | 'POST',
  url: string,
  query?: Record<string, unknown>,
  body?: unknown,
): Promise<ApiResult<unknown>> {
  const params: Record<string, string> = {};
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params[key] = String(value);
  }
  // The client's address, not 127.0.0.1: should the token be gone (a call after the page was sent),
  // the call is counted against the page's client, never against a budget of its own.
  const cookie = caller.cookies.header();
  const res = await app.inject({
    method,
    url,
    query: params,
    payload: body as never,
    remoteAddress: caller.address,
    headers: {
      [INTERNAL_HEADER]: caller.token,
      ...(cookie ? { cookie } : {}),
      ...(caller.userAgent ? { 'user-agent': caller.userAgent } : {}),
    },
  });
  caller.cookies.receive(res.headers['set-cookie'], caller.https);
  const type = String(res.headers['content-type'] ?? '');
  // A file (a CV) stays bytes; text stays text.
  return { status: res.statusCode, body: type.includes('json') ? res.json() : type.startsWith('text/') ? res.body : res.rawPayload };
}

function toWebRequest(request: FastifyRequest): Request {
  const url = new URL(request.url, `${request.protocol}://${request.host}`);
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = request.method === 'POST' && request.body !== undefined;
  return new Request(url, {
    method: request.method,
    headers,
    body: hasBody
      ? typeof request.body === 'string' || Buffer.isBuffer(request.body)
        ? (request.body as string | Uint8Array<ArrayBuffer>)
        : JSON.stringify(request.body)
      : undefined,
  });
}
