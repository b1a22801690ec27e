/**
 * What the portal's maps and training pages need besides the search itself:
 * - GET /api/trainings/places: the places of the offers a search finds, as GeoJSON points;
 * - GET /api/trainings/offers/{source}/{numero}/places: the places of one offer, as GeoJSON points;
 * - GET /api/trainings/dictionaries: the LHEO code tables with their French labels.
 * A place without LHEO geolocation takes the position of its commune (INSEE code), when known.
 */
import { sql } from 'kysely';
import { Type } from 'typebox';
import type { App, ServeContext } from '../platform/http/app.ts';
import { NotFoundError } from '../platform/errors.ts';
import { searchTrainings } from './search.ts';
import { parseTrainingParams, type TrainingParams } from './search/params.ts';
import { DICTIONARIES } from './lheo/dictionaries.ts';
import { safeJson } from './json.ts';

/** At most this many offers on a search map (the first ones in the search order). */
export const MAP_LIMIT = 500;
const PAGE = 100;

const Name = Type.String({ minLength: 1, maxLength: 200 });

const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  near: Type.Optional(Type.String({ maxLength: 40 })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200 })),
  rome: Type.Optional(Type.String({ maxLength: 10 })),
  certification: Type.Optional(Type.String({ maxLength: 20 })),
  niveau: Type.Optional(Type.String({ maxLength: 20 })),
  modalites: Type.Optional(Type.String({ maxLength: 40 })),
  cpf: Type.Optional(Type.Boolean()),
  financeurs: Type.Optional(Type.String({ maxLength: 60 })),
  departements: Type.Optional(Type.String({ maxLength: 60 })),
  startFrom: Type.Optional(Type.String({ maxLength: 10 })),
  startTo: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
});

interface PointFeature {
  type: 'Feature';
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: Record<string, string | number | boolean | null>;
}

const collection = (features: PointFeature[], extra: Record<string, unknown> = {}) => ({ type: 'FeatureCollection' as const, ...extra, features });

export function registerTrainingMapRoutes(app: App, ctx: ServeContext): void {
  app.get('/api/trainings/places', {
    schema: {
      summary: 'Lieux des offres trouvées par une recherche (GeoJSON), pour une carte',
      description: `Mêmes paramètres que GET /api/trainings (sans pagination) ; un point par offre (son lieu le plus proche avec near), ` +
        `au plus ${MAP_LIMIT} offres dans l’ordre de la recherche. Propriétés : title, organisme, ville, distanceKm, demo, href (page de l’offre).`,
      tags: ['formations'],
      querystring: SearchQuery,
    },
  }, async (request, reply) => {
    const features: PointFeature[] = [];
    let total = 0;
    for (let page = 1; page <= MAP_LIMIT / PAGE; page++) {
      const r = await searchTrainings(ctx.handle.db, { ...parseTrainingParams(request.query as TrainingParams), page, pageSize: PAGE });
      total = r.total;
      for (const hit of r.results) {
        if (hit.lieu?.lat == null || hit.lieu.lon == null) continue;
        features.push({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [hit.lieu.lon, hit.lieu.lat] },
          properties: {
            title: hit.intitule, organisme: hit.organisme.nom, ville: hit.lieu.ville, distanceKm: hit.lieu.distanceKm, demo: hit.demo,
            href: `/formations/${encodeURIComponent(hit.source)}/${encodeURIComponent(hit.formation)}`,
          },
        });
      }
      if (page >= r.pages) break;
    }
    return reply.type('application/geo+json; charset=utf-8').send(safeJson(collection(features, { total, shown: Math.min(total, MAP_LIMIT) }), 0));
  });

  app.get('/api/trainings/offers/:source/:numero/places', {
    schema: {
      summary: 'Lieux de formation d’une offre (GeoJSON)',
      description: 'Un point par lieu de formation des actions de l’offre ; sans géolocalisation LHEO, la position de la commune. ' +
        'Propriétés : action, ville, codePostal, commune, adresse, position (lheo ou commune).',
      tags: ['formations'],
      params: Type.Object({ source: Name, numero: Name }),
    },
  }, async (request, reply) => {
    const { source, numero } = request.params;
    const { rows: exists } = await sql<{ n: number }>`
      SELECT 1 AS n FROM training_formation WHERE source = ${source} AND formation = ${numero}`.execute(ctx.handle.db);
    if (!exists.length) throw new NotFoundError(`Offre de formation inconnue : ${numero} (source ${source})`, 'numero');
    const { rows } = await sql<{
      action: string; ville: string | null; codepostal: string | null; commune: string | null; coordonnees: { adresse?: { lignes?: string[]; denomination?: string } };
      lat: number | null; lon: number | null; clat: number | null; clon: number | null;
    }>`
      SELECT l.action, l.ville, l.codepostal, l.commune, l.coordonnees, l.lat, l.lon, c.lat AS clat, c.lon AS clon
      FROM training_lieu l LEFT JOIN commune c ON c.code = l.commune
      WHERE l.source = ${source} AND l.formation = ${numero} ORDER BY l.action, l.position`.execute(ctx.handle.db);
    const features: PointFeature[] = [];
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
          action: r.action, ville: r.ville, codePostal: r.codepostal, commune: r.commune, adresse: adresse || null,
          position: r.lat !== null ? 'lheo' : 'commune', title: [adresse, r.ville].filter(Boolean).join(', '),
        },
      });
    }
    return reply.type('application/geo+json; charset=utf-8').send(safeJson(collection(features), 0));
  });

  app.get('/api/trainings/dictionaries', {
    schema: {
      summary: 'Tables de codes LHEO 2.3 et leurs libellés français',
      tags: ['formations'],
    },
  }, async (_request, reply) => reply.header('cache-control', 'public, max-age=86400').send(DICTIONARIES));
}
