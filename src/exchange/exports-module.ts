/** What the bulk exports part of exchange brings to the module (see index.ts): its routes and its command. */
import fs from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { Readable, type Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { argumentError, subcommand, type WithDb } from '../platform/cli.ts';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import {
  EXPORT_FORMATS,
  EXPORT_SUBJECTS,
  exportsRoutes as routes,
  type ExportFormat,
  type ExportSubject,
  type OffersExportQuery,
} from './exports-contract.ts';
import { exportCatalogue } from './exports-catalogue.ts';
import { openExport } from './exports-stream.ts';

const FILES = [
  ['offersCsv', 'offers', 'csv'],
  ['offersJson', 'offers', 'json'],
  ['offersGeojson', 'offers', 'geojson'],
  ['offersXml', 'offers', 'xml'],
  ['occupationsCsv', 'occupations', 'csv'],
  ['occupationsJson', 'occupations', 'json'],
] as const satisfies readonly (readonly [keyof typeof routes, ExportSubject, ExportFormat])[];

export function registerExportsRoutes(app: App, ctx: ServeContext): void {
  const db = ctx.handle.db;
  app.get(routes.catalogue.url, routeOptions(routes.catalogue), async (_request, reply) => {
    reply.header('cache-control', 'public, max-age=60');
    return exportCatalogue(db, ctx.status().lastImport);
  });
  for (const [name, what, format] of FILES) {
    const route = routes[name];
    // The CORS header comes from the ground (every GET under /api/); a stream has no ETag.
    app.get(route.url, routeOptions(route), async (request, reply) => {
      const filter = (request.query ?? {}) as OffersExportQuery;
      const { stream, mediaType, fileName } = await openExport(db, { what, format, filter });
      // HEAD: the headers only (Fastify would otherwise read the whole export to throw it away).
      const body = request.method === 'HEAD' ? Readable.from([]) : stream;
      if (body !== stream) stream.destroy();
      reply.type(mediaType).header('content-disposition', `attachment; filename="${fileName}"`).header('x-content-type-options', 'nosniff');
      // A stream, not the declared body: Fastify pipes it as it is (the schema documents what it holds).
      return reply.send(body as never);
    });
  }
}

/** `passerelles exchange export --what offers --format csv [--out FILE] [--source S] [--departement D]` */
export function registerExportsCommands(program: Command, withDb: WithDb): void {
  const exchange = subcommand(program, 'exchange', 'échanges de données entre acteurs : flux des changements, offres poussées, exports');
  exchange
    .command('export')
    .description('export en masse de l’offre de formation ou des métiers, écrit au fil de l’eau (fichier ou sortie standard)')
    .addOption(new Option('--what <quoi>', 'ce qui est exporté').choices([...EXPORT_SUBJECTS]).makeOptionMandatory())
    .addOption(
      new Option('--format <format>', 'csv, json, geojson (offres) ou xml (LHEO 2.3, offres)').choices([...EXPORT_FORMATS]).default('csv'),
    )
    .option('--out <fichier>', 'fichier écrit (sortie standard sinon)')
    .option('--source <source>', 'offres : seulement celles de cette source')
    .option('--departement <code>', 'offres : seulement les lieux de ce département (pas pour xml)')
    .action(async (o: { what: ExportSubject; format: ExportFormat; out?: string; source?: string; departement?: string }) => {
      await withDb(async ({ db }) => {
        const filter: OffersExportQuery = {};
        if (o.source !== undefined) filter.source = o.source;
        if (o.departement !== undefined) filter.departement = o.departement;
        let opened: Awaited<ReturnType<typeof openExport>>;
        try {
          opened = await openExport(db, { what: o.what, format: o.format, filter });
        } catch (error) {
          throw argumentError(error, true);
        }
        // Written to a temporary name and renamed at the end: an interrupted export leaves no partial file.
        const target = o.out ? `${o.out}.partiel` : undefined;
        const out: Writable = target ? fs.createWriteStream(target) : process.stdout;
        try {
          await pipeline(opened.stream, out, { end: Boolean(target) });
        } catch (error) {
          if (target) fs.rmSync(target, { force: true });
          throw error;
        }
        if (o.out && target) {
          fs.renameSync(target, o.out);
          process.stderr.write(`export écrit : ${o.out}\n`);
        }
      });
    });
}
