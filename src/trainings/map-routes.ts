/**
 * What the portal's maps and training pages need besides the search itself:
 * - GET /api/v1/trainings/places: the places of the offers a search finds, as GeoJSON points;
 * - GET /api/v1/trainings/offers/{source}/{numero}/places: the places of one offer, as GeoJSON points;
 * - GET /api/v1/trainings/dictionaries: the LHEO code tables with their French labels.
 * A place without LHEO geolocation takes the position of its commune (INSEE code), when known.
 */
import { routeOptions } from '../platform/http/route-contract.ts';
import { sql } from 'kysely';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { searchTrainings } from './search.ts';
import { parseTrainingParams, type TrainingParams } from './search/params.ts';
import { DICTIONARIES } from './lheo/dictionaries.ts';
import { safeJson } from './json.ts';
import { MAP_LIMIT, trainingRoutes, type OfferPlaces, type SearchPlaces } from './contract.ts';

const PAGE = 100;

export function registerTrainingMapRoutes(app: App, ctx: ServeContext): void {
  app.get(trainingRoutes.places.url, routeOptions(trainingRoutes.places), async (request, reply) => {
    const features: SearchPlaces['features'] = [];
    let total = 0;
    for (let page = 1; page <= MAP_LIMIT / PAGE; page++) {
      const query = { ...parseTrainingParams(request.query as TrainingParams), page, pageSize: PAGE };
      const r = await searchTrainings(ctx.handle.read, query, { primary: ctx.handle.db });
      total = r.total;
      for (const hit of r.results) {
        if (hit.lieu?.lat == null || hit.lieu.lon == null) continue;
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [hit.lieu.lon, hit.lieu.lat] },
          properties: {
            title: hit.intitule,
            organisme: hit.organisme.nom,
            ville: hit.lieu.ville,
            distanceKm: hit.lieu.distanceKm,
            demo: hit.demo,
            href: `/formations/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.formation)}`,
          },
        });
      }
      if (page >= r.pages) break;
    }
    return reply
      .type('application/geo+json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send({ type: 'FeatureCollection', total, shown: Math.min(total, MAP_LIMIT), features });
  });

  app.get(trainingRoutes.offerPlaces.url, routeOptions(trainingRoutes.offerPlaces), async (request, reply) => {
    const { source, numero } = request.params;
    const { rows: exists } = await sql<{ n: number }>`
      SELECT 1 AS n FROM training_formation WHERE source = ${source} AND formation = ${numero}`.execute(ctx.handle.db);
    if (!exists.length) throw new NotFoundError(`Offre de formation inconnue : ${numero} (source ${source})`, 'numero');
    const { rows } = await sql<{
      action: string;
      ville: string | null;
      codepostal: string | null;
      commune: string | null;
      coordonnees: { adresse?: { lignes?: string[]; denomination?: string } };
      lat: number | null;
      lon: number | null;
      clat: number | null;
      clon: number | null;
    }>`
      SELECT l.action, l.ville, l.codepostal, l.commune, l.coordonnees, l.lat, l.lon, c.lat AS clat, c.lon AS clon
      FROM training_lieu l LEFT JOIN commune c ON c.code = l.commune
      WHERE l.source = ${source} AND l.formation = ${numero} ORDER BY l.action, l.position`.execute(ctx.handle.db);
    const features: OfferPlaces['features'] = [];
    const seen = new Set<string>();
    for (const r of rows) {
      const lat = r.lat ?? r.clat;
      const lon = r.lon ?? r.clon;
      if (lat === null || lon === null) continue;
      const adresse = [r.coordonnees?.adresse?.denomination, ...(r.coordonnees?.adresse?.lignes ?? [])].filter(Boolean).join(', ');
      const key = `${lat},${lon},${adresse}`;
      if (seen.has(key)) continue;
      seen.add(key);
      features.push({
        type: 'Feature',
        geometry: { type: 'Point', coordinates: [lon, lat] },
        properties: {
          action: r.action,
          ville: r.ville,
          codePostal: r.codepostal,
          commune: r.commune,
          adresse: adresse || null,
          position: r.lat !== null ? 'lheo' : 'commune',
          title: [adresse, r.ville].filter(Boolean).join(', '),
        },
      });
    }
    return reply
      .type('application/geo+json; charset=utf-8')
      .serializer((payload) => safeJson(payload, 0))
      .send({ type: 'FeatureCollection', features });
  });

  app.get(trainingRoutes.dictionaries.url, routeOptions(trainingRoutes.dictionaries), async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=86400').send(DICTIONARIES),
  );
}
