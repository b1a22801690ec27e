/** The partner push's HTTP routes (push-contract.ts): LHEO bodies in, reports out. */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { pushDb } from './push-db.ts';
import { PUSH_MAX_BYTES, pushPutRoutes, pushRoutes as routes } from './push-contract.ts';
import { getPush, listPushes, mySources, PushRefusal, pushOffers, tooLarge, type Pusher } from './push.ts';

/** LHEO documents arrive as application/xml (or text/xml): read whole, up to the push limit. */
const XML_TYPES = ['application/xml', 'text/xml'];

function addXmlParser(app: App): void {
  for (const type of XML_TYPES) {
    if (app.hasContentTypeParser(type)) continue;
    app.addContentTypeParser(type, async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      if (Number(request.headers['content-length'] ?? 0) > PUSH_MAX_BYTES) throw tooLarge();
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of payload) {
        const b = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk);
        size += b.length;
        if (size > PUSH_MAX_BYTES) throw tooLarge();
        chunks.push(b);
      }
      return Buffer.concat(chunks);
    });
  }
}

const pusher = (request: FastifyRequest): Pusher => {
  const p = request.principal!;
  return { structureId: p.structureId, accountId: p.accountId, keyId: p.keyId ?? null };
};

function xmlBody(body: unknown): Buffer {
  if (!Buffer.isBuffer(body)) {
    throw new PushRefusal(415, 'Envoyez un document LHEO avec l’en-tête « Content-Type: application/xml ».');
  }
  return body;
}

export function registerPushRoutes(app: App, ctx: ServeContext): void {
  const db = pushDb(ctx.handle.db);
  addXmlParser(app);
  const put = pushPutRoutes.pushAll;
  app.put(put.url, { schema: put.schema, config: { access: put.access } }, async (request) =>
    pushOffers(db, pusher(request), {
      source: (request.params as { source: string }).source,
      mode: 'complet',
      body: xmlBody(request.body),
    }),
  );
  app.post(routes.pushOne.url, routeOptions(routes.pushOne), async (request) =>
    pushOffers(db, pusher(request), { source: request.params.source, mode: 'une-offre', body: xmlBody(request.body) }),
  );
  // Base64 of the largest document, and the form's other fields.
  app.post(
    routes.upload.url,
    { ...routeOptions(routes.upload), bodyLimit: Math.ceil(PUSH_MAX_BYTES / 3) * 4 + 64 * 1024 },
    async (request) => {
      await spendFormToken(identityDb(ctx.handle.db), request.body.csrf, request.principal!.sessionKey);
      const body = Buffer.from(request.body.content, 'base64');
      const label = request.body.filename.replace(/[\u0000-\u001f]/g, '').slice(-100) || 'fichier';
      return pushOffers(db, pusher(request), { source: request.params.source, mode: request.body.mode, body, label });
    },
  );
  app.get(routes.sources.url, routeOptions(routes.sources), async (request) => mySources(db, pusher(request)));
  app.get(routes.pushes.url, routeOptions(routes.pushes), async (request) => listPushes(db, pusher(request), request.params.source));
  app.get(routes.push.url, routeOptions(routes.push), async (request) =>
    getPush(db, pusher(request), request.params.source, request.params.id),
  );
}

/** For the CLI: a file's bytes, or a French refusal. */
export function readPushFile(file: string): { label: string; body: Buffer } {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new PushRefusal(415, `fichier introuvable : ${file}`);
  if (fs.statSync(abs).size > PUSH_MAX_BYTES) throw tooLarge();
  return { label: path.basename(abs), body: fs.readFileSync(abs) };
}
