import { routeOptions } from '../platform/http/route-contract.ts';
import { PassThrough } from 'node:stream';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { log } from '../platform/log.ts';
import { exportOffers, loadOffers } from './store.ts';
import { writeLheo } from './lheo/write.ts';
import { safeJson } from './json.ts';
import { trainingRoutes } from './contract.ts';

export function registerTrainingRoutes(app: App, ctx: ServeContext): void {
  app.get(trainingRoutes.exportLheo.url, routeOptions(trainingRoutes.exportLheo), async (request, reply) => {
    const offers = exportOffers(ctx.handle.db, { sources: request.query.source, excludeDemo: !request.query.demo });
    // Read the first offer before answering: an empty catalogue is a 404, not an invalid document.
    const first = await offers.next();
    if (first.done) throw new NotFoundError('Aucune offre de formation à exporter.');
    const all = (async function* () {
      yield first.value;
      yield* offers;
    })();
    const body = new PassThrough();
    writeLheo(all, body).then(
      () => body.end(),
      (error) => {
        log.error(error, 'export LHEO interrompu');
        body.destroy(error as Error);
      },
    );
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', 'inline; filename="offre-formation.lheo.xml"')
      .send(body);
  });

  app.get(trainingRoutes.offer.url, routeOptions(trainingRoutes.offer), async (request, reply) => {
    const { source, numero } = request.params;
    for await (const o of loadOffers(ctx.handle.db, { sources: [source], formations: [numero] })) {
      // Offer text is whatever the producer wrote: serialised so that it cannot become markup.
      return reply
        .type('application/json; charset=utf-8')
        .serializer((payload) => safeJson(payload, 0))
        .send(o);
    }
    throw new NotFoundError(`Offre de formation inconnue : ${numero} (source ${source})`, 'numero');
  });
}
