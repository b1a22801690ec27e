/**
 * The HTTP contract of the coverage part of steering: the share of a région's population within R
 * km of a counselling point (as the crow flies from each commune's centre), its white zones and the
 * greedy siting of new points (public figures); the counselling points themselves, listed publicly
 * and edited by steering accounts (one point, a removal, an operator's CSV), each change spending
 * the form's one-time token.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));
const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const Id = Type.Integer({ minimum: 1, maximum: 2_147_483_647 });

export const POINT_KINDS = ['france_travail', 'mission_locale', 'cap_emploi', 'cep'] as const;
export const POINT_KIND_LABELS: Record<(typeof POINT_KINDS)[number], string> = {
  france_travail: 'agence France Travail',
  mission_locale: 'Mission locale',
  cap_emploi: 'Cap emploi',
  cep: 'opérateur du conseil en évolution professionnelle',
};
export const DEFAULT_REGION = '52';
export const DEFAULT_RADIUS_KM = 20;
export const MAX_SITES = 20;
/** Said next to every figure: how the distance is measured. */
export const DISTANCE_METHOD =
  'distance à vol d’oiseau (haversine) entre le centre de chaque commune (centroïde) et le point de conseil le plus proche ; ' +
  'ni la route ni les transports ne sont pris en compte';

const CommuneRef = {
  code: Type.String(),
  name: Type.String(),
  departement: Type.String(),
};

export const CoverageQuery = Type.Object({
  radius: Type.Optional(Type.Number({ minimum: 1, maximum: 100, description: `rayon en km (${DEFAULT_RADIUS_KM} par défaut)` })),
  site: Type.Optional(
    Type.Integer({ minimum: 0, maximum: MAX_SITES, description: 'nombre de nouveaux points à implanter (0 par défaut)' }),
  ),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: `code de la région (${DEFAULT_REGION} par défaut)` })),
});
export type CoverageQuery = Static<typeof CoverageQuery>;

export const CoverageSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  radiusKm: Type.Number(),
  method: Type.String({ description: 'comment la distance est mesurée' }),
  population: Type.Integer({ description: 'population des communes de la région (placées)' }),
  coveredPopulation: Type.Integer(),
  share: Type.Number({ description: 'part de la population à moins du rayon d’un point de conseil, entre 0 et 1' }),
  communes: Type.Integer(),
  coveredCommunes: Type.Integer(),
  points: Type.Object({
    total: Type.Integer({ description: 'points de conseil actifs, toutes régions' }),
    inRegion: Type.Integer(),
    outsideRegionCovering: Type.Integer({
      description: 'points d’une autre région qui couvrent au moins une commune de la région (communes frontalières)',
    }),
    byKind: Type.Object({
      france_travail: Type.Integer(),
      mission_locale: Type.Integer(),
      cap_emploi: Type.Integer(),
      cep: Type.Integer(),
    }),
  }),
  departements: Type.Array(
    Type.Object({
      code: Type.String(),
      name: Type.String(),
      population: Type.Integer(),
      coveredPopulation: Type.Integer(),
      share: Type.Number(),
      whiteZones: Type.Integer(),
    }),
  ),
  whiteZones: Type.Array(
    Type.Object({
      ...CommuneRef,
      population: Type.Integer(),
      nearestKm: Nullable(Type.Number({ description: 'distance au point le plus proche, km (une décimale)' })),
      nearestPoint: Nullable(Type.Object({ id: Type.Integer(), name: Type.String(), kind: Enum(POINT_KINDS) })),
    }),
    { description: 'communes à plus du rayon de tout point, par population décroissante' },
  ),
  siting: Type.Array(
    Type.Object({
      rank: Type.Integer(),
      ...CommuneRef,
      addedPopulation: Type.Integer({ description: 'habitants nouvellement couverts par ce point' }),
      addedCommunes: Type.Integer(),
      shareAfter: Type.Number({ description: 'part couverte une fois ce point et les précédents implantés' }),
    }),
    { description: 'implantations proposées, choisies une à une (glouton) : chacune couvre le plus d’habitants non couverts' },
  ),
  sources: Type.Array(Type.Object({ file: Type.String(), version: Type.String(), importedAt: Type.String() })),
  notes: Type.Array(Type.String()),
});
export type Coverage = Static<typeof CoverageSchema>;

const Geometry = Type.Unsafe<{ type: string; coordinates: unknown }>(Type.Unknown({ description: 'géométrie GeoJSON' }));

/**
 * GeoJSON for a map: white zones (the commune's outline, or its centre without one), the counselling
 * points that serve the région, the proposed sites.
 */
export const CoverageMapSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Geometry,
      properties: Type.Object({
        layer: Enum(['zone-blanche', 'point', 'implantation'] as const),
        name: Type.String(),
        code: Nullable(Type.String({ description: 'code INSEE de la commune' })),
        population: Nullable(Type.Integer()),
        kind: Nullable(Enum(POINT_KINDS)),
      }),
    }),
  ),
});

/** One layer of the map, as the portal's map component reads it (properties: title, href, kind). */
export const MapLayerSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Geometry,
      properties: Type.Object({ title: Type.String(), href: Type.String(), kind: Type.String() }),
    }),
  ),
});
export type MapLayer = Static<typeof MapLayerSchema>;

export const CoverageWithMap = Type.Object({
  ...CoverageSchema.properties,
  map: CoverageMapSchema,
});
export type CoverageWithMap = Static<typeof CoverageWithMap>;

export const PointSchema = Type.Object({
  id: Type.Integer(),
  kind: Enum(POINT_KINDS),
  kindLabel: Type.String(),
  name: Type.String(),
  operator: Nullable(Type.String()),
  address: Nullable(Type.String()),
  postCode: Nullable(Type.String()),
  city: Nullable(Type.String()),
  commune: Nullable(Type.String({ description: 'code INSEE' })),
  departement: Nullable(Type.String()),
  region: Nullable(Type.String()),
  lat: Type.Number(),
  lon: Type.Number(),
  placed: Enum(['adresse', 'commune'] as const, 'position de l’adresse, ou centre de la commune'),
  origin: Enum(['lot', 'csv', 'saisie'] as const, 'lot de données, fichier CSV d’un opérateur, ou saisi'),
  source: Nullable(Type.String()),
});
export type Point = Static<typeof PointSchema>;

export const PointInput = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  operator: Type.String({ minLength: 1, maxLength: 200, description: 'opérateur (ex. l’opérateur régional du CEP)' }),
  kind: Type.Optional(Enum(POINT_KINDS, 'cep par défaut')),
  commune: Type.String({ maxLength: 5, description: 'code INSEE de la commune' }),
  address: Type.Optional(Type.String({ maxLength: 300 })),
  lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90, description: 'avec lon ; sinon le centre de la commune' })),
  lon: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
  csrf: Type.Optional(Csrf),
});
export type PointInput = Static<typeof PointInput>;

export const CsvImportReport = Type.Object({
  read: Type.Integer(),
  inserted: Type.Integer(),
  updated: Type.Integer(),
  deleted: Type.Integer(),
  operators: Type.Array(Type.String()),
  message: Type.String(),
});
export type CsvImportReport = Static<typeof CsvImportReport>;

const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const STEERING = { roles: ['pilotage', 'admin'] } as const;

export const coverageRoutes = {
  coverage: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/coverage',
    schema: {
      summary: 'Couverture de la population par les points de conseil (à vol d’oiseau), zones blanches, implantations proposées',
      description: `${DISTANCE_METHOD}. Les points des régions voisines comptent pour les communes frontalières.`,
      tags: ['pilotage'],
      querystring: CoverageQuery,
      response: { 200: CoverageWithMap, 400: ErrorBody, 404: ErrorBody },
    },
  },
  coverageMap: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/coverage/map',
    schema: {
      summary: 'Une couche de la carte de couverture (GeoJSON seul) : zones blanches, ou points de conseil et implantations',
      description:
        'layer=zones : contours des communes en zone blanche (leur centre sans contour) ; layer=points : points de conseil utiles à la région ' +
        '(kind « point ») et implantations proposées (kind « cfa », couleur principale de la carte).',
      tags: ['pilotage'],
      querystring: Type.Object({ ...CoverageQuery.properties, layer: Enum(['zones', 'points'] as const) }),
      response: { 200: MapLayerSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
  points: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/points',
    schema: {
      summary: 'Points de conseil (France Travail, Missions locales, Cap emploi, opérateurs du CEP)',
      tags: ['pilotage'],
      querystring: Type.Object({
        region: Type.Optional(Type.String({ pattern: '^\\d{2}$' })),
        kind: Type.Optional(Enum(POINT_KINDS)),
      }),
      response: { 200: Type.Object({ total: Type.Integer(), points: Type.Array(PointSchema) }), 400: ErrorBody },
    },
  },
  addPoint: {
    method: 'POST',
    access: STEERING,
    url: '/api/v1/steering/points',
    schema: {
      summary: 'Ajouter un point de conseil (opérateur du CEP le plus souvent)',
      tags: ['pilotage'],
      body: PointInput,
      response: { 200: PointSchema, ...refusals },
    },
  },
  removePoint: {
    method: 'POST',
    access: STEERING,
    url: '/api/v1/steering/points/:id/remove',
    schema: {
      summary: 'Retirer un point de conseil (un point du lot de données reste retiré aux imports suivants)',
      tags: ['pilotage'],
      params: Type.Object({ id: Id }),
      body: Type.Object({ csrf: Type.Optional(Csrf) }),
      response: { 200: Type.Object({ message: Type.String() }), ...refusals },
    },
  },
  importPoints: {
    method: 'POST',
    access: STEERING,
    url: '/api/v1/steering/points/import',
    schema: {
      summary: 'Importer les points d’opérateurs du CEP depuis un fichier CSV (tout ou rien)',
      description:
        'Colonnes : nom;operateur;commune;adresse;latitude;longitude (séparateur « ; » ou « , », UTF-8). ' +
        'Le fichier est la liste complète des points des opérateurs qu’il nomme : leurs points absents du fichier sont retirés.',
      tags: ['pilotage'],
      body: Type.Object({ csv: Type.String({ maxLength: 1_000_000 }), csrf: Type.Optional(Csrf) }),
      response: { 200: CsvImportReport, ...refusals },
    },
  },
} as const satisfies RouteTable;
