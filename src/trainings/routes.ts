import { PassThrough } from 'node:stream';
import { Type } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { log } from '../platform/log.ts';
import { exportOffers, loadOffers } from './store.ts';
import { writeLheo } from './lheo/write.ts';
import { safeJson } from './json.ts';

const Name = Type.String({ minLength: 1, maxLength: 200 });

export function registerTrainingRoutes(app: App, ctx: ServeContext): void {
  app.get('/api/trainings/export.lheo', {
    schema: {
      summary: 'Offre de formation au format LHEO 2.3 (XML)',
      description: 'Document LHEO 2.3 valide (http://lheo.gouv.fr/2.3), produit au fil de l’eau. ' +
        'Les offres de démonstration portent <extras info="passerelles"><extra info="demonstration">1</extra></extras>.',
      tags: ['formations'],
      querystring: Type.Object({
        source: Type.Optional(Type.Array(Name, { maxItems: 50, description: 'seulement ces sources' })),
        demo: Type.Boolean({ default: true, description: 'inclure les offres de démonstration' }),
      }),
    },
  }, async (request, reply) => {
    const offers = exportOffers(ctx.handle.db, { sources: request.query.source, excludeDemo: !request.query.demo });
    // Read the first offer before answering: an empty catalogue is a 404, not an invalid document.
    const first = await offers.next();
    if (first.done) throw new NotFoundError('Aucune offre de formation à exporter.');
    const all = (async function* () {
      yield first.value;
      yield* offers;
    })();
    const body = new PassThrough();
    writeLheo(all, body).then(() => body.end(), (error) => {
      log.error(error, 'export LHEO interrompu');
      body.destroy(error as Error);
    });
    return reply
      .type('application/xml; charset=utf-8')
      .header('content-disposition', 'inline; filename="offre-formation.lheo.xml"')
      .send(body);
  });

  app.get('/api/trainings/offers/:source/:numero', {
    schema: {
      summary: 'Une offre de formation (modèle LHEO) par sa source et son identifiant',
      tags: ['formations'],
      params: Type.Object({ source: Name, numero: Name }),
    },
  }, async (request, reply) => {
    const { source, numero } = request.params;
    for await (const o of loadOffers(ctx.handle.db, { sources: [source], formations: [numero] })) {
      // Offer text is whatever the producer wrote: serialised so that it cannot become markup.
      return reply.type('application/json; charset=utf-8').send(safeJson(o, 0));
    }
    throw new NotFoundError(`Offre de formation inconnue : ${numero} (source ${source})`, 'numero');
  });
}
