/** The partner push's HTTP routes (push-contract.ts): LHEO bodies in, reports out. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { identityDb, spendFormToken } from '../identity/index.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { pushDb } from './push-db.ts';
import { PUSH_MAX_BYTES, pushPutRoutes, pushRoutes as routes, UPLOAD_MAX_BYTES } from './push-contract.ts';
import { getPush, listPushes, mySources, PushRefusal, pushOffers, tooLarge, type Pusher } from './push.ts';

/** LHEO documents arrive as application/xml (or text/xml): streamed to a temporary file, up to the push limit. */
const XML_TYPES = ['application/xml', 'text/xml'];

/** An XML body as the parser leaves it: a file in a folder of its own, removed once answered. */
interface XmlBody {
  file: string;
}

function addXmlParser(app: App): void {
  for (const type of XML_TYPES) {
    if (app.hasContentTypeParser(type)) continue;
    app.addContentTypeParser(type, async (request: FastifyRequest, payload: NodeJS.ReadableStream) => {
      if (Number(request.headers['content-length'] ?? 0) > PUSH_MAX_BYTES) throw tooLarge();
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'passerelles-envoi-'));
      const file = path.join(dir, 'document.xml');
      let size = 0;
      try {
        await pipeline(
          payload,
          async function* (chunks: AsyncIterable<string | Buffer>) {
            for await (const chunk of chunks) {
              size += Buffer.byteLength(chunk);
              if (size > PUSH_MAX_BYTES) throw tooLarge();
              yield chunk;
            }
          },
          fs.createWriteStream(file),
        );
      } catch (error) {
        await fs.promises.rm(dir, { recursive: true, force: true });
        throw error;
      }
      return { file } satisfies XmlBody;
    });
  }
  // The temporary file goes with the answer, whatever it was.
  app.addHook('onResponse', async (request: FastifyRequest) => {
    const body = request.body as Partial<XmlBody> | undefined;
    if (body && typeof body.file === 'string' && XML_TYPES.some((t) => String(request.headers['content-type'] ?? '').startsWith(t)))
      await fs.promises.rm(path.dirname(body.file), { recursive: true, force: true });
  });
}

const pusher = (request: FastifyRequest): Pusher => {
  const p = request.principal!;
  return { structureId: p.structureId, accountId: p.accountId, keyId: p.keyId ?? null };
};

function xmlFile(request: FastifyRequest): string {
  const body = request.body as Partial<XmlBody> | undefined;
  if (!XML_TYPES.some((t) => String(request.headers['content-type'] ?? '').startsWith(t)) || typeof body?.file !== 'string') {
    throw new PushRefusal(415, 'Envoyez un document LHEO avec l’en-tête « Content-Type: application/xml ».');
  }
  return body.file;
}

export function registerPushRoutes(app: App, ctx: ServeContext): void {
  const db = pushDb(ctx.handle.db);
  addXmlParser(app);
  const put = pushPutRoutes.pushAll;
  app.put(put.url, { schema: put.schema, config: { access: put.access } }, async (request) =>
    pushOffers(db, pusher(request), {
      source: (request.params as { source: string }).source,
      mode: 'complet',
      file: xmlFile(request),
    }),
  );
  app.post(routes.pushOne.url, routeOptions(routes.pushOne), async (request) =>
    pushOffers(db, pusher(request), { source: request.params.source, mode: 'une-offre', file: xmlFile(request) }),
  );
  // Base64 of the largest file the form takes, and the form's other fields.
  app.post(
    routes.upload.url,
    { ...routeOptions(routes.upload), bodyLimit: Math.ceil(UPLOAD_MAX_BYTES / 3) * 4 + 64 * 1024 },
    async (request) => {
      await spendFormToken(identityDb(ctx.handle.db), request.body.csrf, request.principal!.sessionKey);
      const label = request.body.filename.replace(/[\u0000-\u001f]/g, '').slice(-100) || 'fichier';
      const dir = await fs.promises.mkdtemp(path.join(os.tmpdir(), 'passerelles-envoi-'));
      try {
        const file = path.join(dir, 'document.xml');
        await fs.promises.writeFile(file, Buffer.from(request.body.content, 'base64'));
        return await pushOffers(db, pusher(request), { source: request.params.source, mode: request.body.mode, file, label });
      } finally {
        await fs.promises.rm(dir, { recursive: true, force: true });
      }
    },
  );
  app.get(routes.sources.url, routeOptions(routes.sources), async (request) => mySources(db, pusher(request)));
  app.get(routes.pushes.url, routeOptions(routes.pushes), async (request) => listPushes(db, pusher(request), request.params.source));
  app.get(routes.push.url, routeOptions(routes.push), async (request) =>
    getPush(db, pusher(request), request.params.source, request.params.id),
  );
}

/** For the CLI: the file to push, or a French refusal. */
export function readPushFile(file: string): { label: string; file: string } {
  const abs = path.resolve(file);
  if (!fs.existsSync(abs) || !fs.statSync(abs).isFile()) throw new PushRefusal(415, `fichier introuvable : ${file}`);
  if (fs.statSync(abs).size > PUSH_MAX_BYTES) throw tooLarge();
  return { label: path.basename(abs), file: abs };
}
