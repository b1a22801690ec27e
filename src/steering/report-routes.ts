import type { FastifyReply } from 'fastify';
import type { App, ServeContext } from '../platform/http/app.ts';
import { routeOptions } from '../platform/http/route-contract.ts';
import { figuresDb } from './figures-db.ts';
import { computeIndicators } from './indicators.ts';
import { openDataCsv, openDataGeojson, openDataJson } from './open-data.ts';
import { reportRoutes as routes } from './report-contract.ts';
import { ChromiumMissingError, ownBaseUrl, ReportPrinter } from './report-pdf.ts';
import { problem } from '../platform/http/problem.ts';

/** The portal page Chromium prints (web/routes/pilotage/rapport-territoire.tsx). */
export const reportPagePath = (level: string, code: string, query: { division?: number; region?: string }) => {
  const search = new URLSearchParams();
  if (query.region) search.set('region', query.region);
  if (query.division) search.set('decoupage', String(query.division));
  const qs = search.toString();
  return `/pilotage/rapport/${encodeURIComponent(level)}/${encodeURIComponent(code)}${qs ? `?${qs}` : ''}`;
};

/**
 * The report's PDF (Chromium prints the portal's report page, loaded from this server's listening
 * address) and the open-data exports of every indicator of a scale.
 */
export function registerReportRoutesOn(app: App, ctx: ServeContext): void {
  const db = figuresDb(ctx.handle.db);
  const printer = new ReportPrinter({ concurrency: 2, timeoutMs: 60_000 });
  app.addHook('onClose', async () => printer.close());

  const download = (reply: FastifyReply, type: string, filename: string, body: string | Buffer) =>
    reply
      .type(type)
      .header('Content-Disposition', `attachment; filename="${filename}"`)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Access-Control-Allow-Origin', '*')
      .send(body);
  const fileLevel = (level: string) => level.replace(/_/g, '-');

  app.get(routes.pdf.url, routeOptions(routes.pdf), async (request, reply) => {
    const { level, code } = request.params;
    const { division, region } = request.query;
    // The territory must exist (404 otherwise) before a browser is started.
    await computeIndicators(db, level, { code, division, region });
    let base: string;
    try {
      base = ownBaseUrl(request.server.server.address());
    } catch (error) {
      return reply.code(503).send(problem(503, `Impression impossible : ${(error as Error).message}.`));
    }
    let pdf: Buffer;
    try {
      pdf = await printer.print(`${base}${reportPagePath(level, code, { division, region })}`);
    } catch (error) {
      if (error instanceof ChromiumMissingError) return reply.code(503).send(problem(503, error.message));
      request.log.error({ err: error }, 'report PDF');
      return reply.code(503).send(problem(503, `Le PDF du rapport n’a pas pu être imprimé : ${(error as Error).message}`));
    }
    return reply
      .type('application/pdf')
      .header('Content-Disposition', `inline; filename="rapport-${fileLevel(level)}-${code.replace(/[^0-9A-Za-z_-]/g, '_')}.pdf"`)
      .header('X-Content-Type-Options', 'nosniff')
      .send(pdf);
  });

  app.get(routes.openDataCsv.url, routeOptions(routes.openDataCsv), async (request, reply) => {
    const { level, division, region } = request.query;
    const indicators = await computeIndicators(db, level, { division, region });
    return download(reply, 'text/csv; charset=utf-8', `indicateurs-${fileLevel(level)}.csv`, openDataCsv(indicators));
  });

  app.get(routes.openDataJson.url, routeOptions(routes.openDataJson), async (request, reply) => {
    const { level, division, region } = request.query;
    reply.header('Access-Control-Allow-Origin', '*');
    return openDataJson(await computeIndicators(db, level, { division, region }));
  });

  app.get(routes.openDataGeojson.url, routeOptions(routes.openDataGeojson), async (request, reply) => {
    const { level, division, region } = request.query;
    const collection = await openDataGeojson(db, await computeIndicators(db, level, { division, region }));
    return download(reply, 'application/geo+json; charset=utf-8', `indicateurs-${fileLevel(level)}.geojson`, JSON.stringify(collection));
  });
}
