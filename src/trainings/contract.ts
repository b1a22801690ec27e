/**
 * The training offer's HTTP contract (search, places for the maps, one offer, LHEO dictionaries and
 * export): the routes' TypeBox schemas and their static types. The routes (routes.ts,
 * search-routes.ts, map-routes.ts) are registered from `trainingRoutes`; the portal reads it as
 * types only.
 */
import { Type, type Static } from 'typebox';
import { Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import type { LheoOffer } from './lheo/model.ts';
import { TRAINING_SORTS, type TrainingSort } from './search.ts';

/** The LHEO model of an offer, as GET /api/v1/trainings/offers/{source}/{numero} returns it. */
export type { LheoOffer, Action, Adresse, Coordonnees, Contact, Session } from './lheo/model.ts';

/** At most this many offers on a search map (the first ones in the search order). */
export const MAP_LIMIT = 500;

const Name = Type.String({ minLength: 1, maxLength: 200 });
const Facet = Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }));

export const TrainingHit = Type.Object({
  source: Type.String({ description: 'source LHEO (fichier importé)' }),
  formation: Type.String({ description: 'identifiant LHEO de l’offre dans sa source' }),
  intitule: Type.String(),
  organisme: Type.Object({ siret: Type.String(), nom: Type.String() }),
  lieu: Type.Union([
    Type.Null(),
    Type.Object({
      ville: Nullable(Type.String()),
      codePostal: Nullable(Type.String()),
      commune: Nullable(Type.String()),
      departement: Nullable(Type.String()),
      lat: Type.Union([Type.Number(), Type.Null()]),
      lon: Type.Union([Type.Number(), Type.Null()]),
      distanceKm: Type.Union([Type.Number(), Type.Null()]),
    }),
  ]),
  sessions: Type.Array(
    Type.Object({
      action: Type.String(),
      session: Type.String(),
      debut: Nullable(Type.String()),
      fin: Nullable(Type.String()),
      ville: Nullable(Type.String()),
    }),
  ),
  certification: Type.Union([
    Type.Null(),
    Type.Object({
      rncp: Nullable(Type.String()),
      rs: Nullable(Type.String()),
      certifinfo: Nullable(Type.String()),
      label: Nullable(Type.String()),
    }),
  ]),
  niveau: Type.Union([Type.Null(), Type.Object({ value: Type.Integer(), label: Type.String() })]),
  modalites: Type.Array(Type.String()),
  eligibleCpf: Type.Boolean(),
  tauxEmploi: Type.Optional(
    Type.Union([
      Type.Null(),
      Type.Object({
        taux: Type.Number(),
        indicateur: Type.String(),
        millesime: Type.String(),
        voie: Type.String(),
        region: Type.String(),
        source: Type.String(),
      }),
    ]),
  ),
  why: Type.Array(Type.String(), { description: 'pourquoi l’offre répond, en français' }),
  demo: Type.Boolean({ description: 'données de démonstration, pas une offre réelle' }),
});
export type TrainingHit = Static<typeof TrainingHit>;

export const TrainingSearchResponse = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  sort: Type.String(),
  near: Type.Union([
    Type.Null(),
    Type.Object({
      label: Type.String(),
      commune: Nullable(Type.String()),
      lat: Type.Number(),
      lon: Type.Number(),
      radiusKm: Type.Number(),
    }),
  ]),
  results: Type.Array(TrainingHit),
  facets: Type.Object({ niveau: Facet, modalite: Facet, cpf: Facet, financeur: Facet, departement: Facet }),
  notes: Type.Array(Type.String()),
  nearest: Type.Optional(
    Type.Object(
      {
        radiusKm: Type.Integer({ description: 'rayon qui contient ces offres' }),
        results: Type.Array(TrainingHit),
      },
      { description: 'aucune offre dans le rayon : les plus proches au-delà (5 au plus, jusqu’à 200 km)' },
    ),
  ),
  seeAlso: Type.Optional(
    Type.Object(
      {
        total: Type.Integer({ description: 'nombre d’offres faiblement reliées au métier' }),
        results: Type.Array(TrainingHit, { description: 'les 10 premières, dans le même ordre' }),
      },
      {
        description:
          'demandé par seeAlso=true avec rome, sur la dernière page : les offres qui ne mènent au métier que de côté (certification large), « Voir aussi »',
      },
    ),
  ),
});
export type TrainingSearchResponse = Static<typeof TrainingSearchResponse>;

export const TrainingSearchQuery = Type.Object({
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'texte libre (accents, pluriels, mots de la même famille et fautes de frappe tolérés)' }),
  ),
  near: Type.Optional(Type.String({ maxLength: 40, description: 'code INSEE ou code postal d’une commune, ou position « lat,lon »' })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200, description: 'rayon autour de near, en km (30 par défaut)' })),
  rome: Type.Optional(Type.String({ maxLength: 10, description: 'code ROME (domaines de l’offre et certifications reliées)' })),
  certification: Type.Optional(Type.String({ maxLength: 20, description: 'code RNCP (RNCP34502), RS (RS5668) ou Certif Info' })),
  niveau: Type.Optional(Type.String({ maxLength: 20, description: 'niveaux de sortie 1 à 8, séparés par des virgules' })),
  modalites: Type.Optional(Type.String({ maxLength: 40, description: 'presentiel, mixte, distance (séparés par des virgules)' })),
  cpf: Type.Optional(Type.Boolean({ description: 'éligibilité au CPF' })),
  alternance: Type.Optional(Type.Boolean({ description: 'offres en alternance (contrat d’apprentissage ou de professionnalisation)' })),
  financeurs: Type.Optional(Type.String({ maxLength: 60, description: 'codes de la table LHEO dict-financeurs' })),
  departements: Type.Optional(Type.String({ maxLength: 60, description: 'codes de département des lieux de formation' })),
  startFrom: Type.Optional(Type.String({ maxLength: 10, description: 'sessions commençant à partir du (AAAA-MM-JJ)' })),
  startTo: Type.Optional(Type.String({ maxLength: 10, description: 'sessions commençant au plus tard le (AAAA-MM-JJ)' })),
  sort: Type.Optional(
    Type.Unsafe<TrainingSort>(
      Type.Union(
        TRAINING_SORTS.map((s) => Type.Literal(s)),
        {
          description: 'relevance (texte), distance (near), start, employment (taux d’emploi InserJeunes)',
        },
      ),
    ),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })),
  pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  seeAlso: Type.Optional(
    Type.Boolean({ description: 'avec rome : aussi les offres qui ne mènent au métier que de côté, dans seeAlso (dernière page)' }),
  ),
});
export type TrainingSearchQuery = Static<typeof TrainingSearchQuery>;

/** The search parameters of GET /api/v1/trainings without pagination (the map of a search). */
const PlacesQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200 })),
  near: Type.Optional(Type.String({ maxLength: 40 })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200 })),
  rome: Type.Optional(Type.String({ maxLength: 10 })),
  certification: Type.Optional(Type.String({ maxLength: 20 })),
  niveau: Type.Optional(Type.String({ maxLength: 20 })),
  modalites: Type.Optional(Type.String({ maxLength: 40 })),
  cpf: Type.Optional(Type.Boolean()),
  alternance: Type.Optional(Type.Boolean()),
  financeurs: Type.Optional(Type.String({ maxLength: 60 })),
  departements: Type.Optional(Type.String({ maxLength: 60 })),
  startFrom: Type.Optional(Type.String({ maxLength: 10 })),
  startTo: Type.Optional(Type.String({ maxLength: 10 })),
  sort: Type.Optional(Type.String({ maxLength: 20 })),
});

const Point = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' }),
});

export const SearchPlaces = Type.Object({
  type: Type.Literal('FeatureCollection'),
  total: Type.Integer({ description: 'offres trouvées' }),
  shown: Type.Integer({ description: `offres placées sur la carte (au plus ${MAP_LIMIT})` }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Point,
      properties: Type.Object({
        title: Type.String(),
        organisme: Type.String(),
        ville: Nullable(Type.String()),
        distanceKm: Nullable(Type.Number()),
        demo: Type.Boolean(),
        href: Type.String({ description: 'page de l’offre' }),
      }),
    }),
  ),
});
export type SearchPlaces = Static<typeof SearchPlaces>;

export const OfferPlaces = Type.Object({
  type: Type.Literal('FeatureCollection'),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Point,
      properties: Type.Object({
        action: Type.String(),
        ville: Nullable(Type.String()),
        codePostal: Nullable(Type.String()),
        commune: Nullable(Type.String()),
        adresse: Nullable(Type.String()),
        position: Type.Union([Type.Literal('lheo'), Type.Literal('commune')], {
          description: 'géolocalisation LHEO, ou position de la commune',
        }),
        title: Type.String(),
      }),
    }),
  ),
});
export type OfferPlaces = Static<typeof OfferPlaces>;

export const Dictionaries = Type.Record(
  Type.String(),
  Type.Object(
    {
      name: Type.String(),
      label: Type.String(),
      entries: Type.Record(Type.String(), Type.String(), { description: 'code → libellé français' }),
    },
    { additionalProperties: true },
  ),
);
export type Dictionaries = Static<typeof Dictionaries>;

/** One stored offer: its source and its LHEO model (typed from the model, serialised as it is). */
export const StoredOffer = Type.Unsafe<{ source: string; offer: LheoOffer }>(Type.Unknown());

export const trainingRoutes = {
  search: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings',
    schema: {
      summary: 'Recherche dans l’offre de formation',
      description:
        'Texte libre, rayon autour d’une commune ou d’une position, code ROME, certification, niveau, ' +
        'modalités, éligibilité CPF, financeurs, départements, fenêtre de début ; facettes avec effectifs ; ' +
        'chaque résultat dit pourquoi il répond et à quelle distance il se trouve.',
      tags: ['formations'],
      querystring: TrainingSearchQuery,
      response: { 200: TrainingSearchResponse },
    },
  },
  places: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/places',
    schema: {
      summary: 'Lieux des offres trouvées par une recherche (GeoJSON), pour une carte',
      description:
        `Mêmes paramètres que GET /api/v1/trainings (sans pagination) ; un point par offre (son lieu le plus proche avec near), ` +
        `au plus ${MAP_LIMIT} offres dans l’ordre de la recherche. Propriétés : title, organisme, ville, distanceKm, demo, href (page de l’offre).`,
      tags: ['formations'],
      querystring: PlacesQuery,
      response: { 200: SearchPlaces },
    },
  },
  offerPlaces: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/offers/:source/:numero/places',
    schema: {
      summary: 'Lieux de formation d’une offre (GeoJSON)',
      description:
        'Un point par lieu de formation des actions de l’offre ; sans géolocalisation LHEO, la position de la commune. ' +
        'Propriétés : action, ville, codePostal, commune, adresse, position (lheo ou commune).',
      tags: ['formations'],
      params: Type.Object({ source: Name, numero: Name }),
      response: { 200: OfferPlaces },
    },
  },
  dictionaries: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/dictionaries',
    schema: {
      summary: 'Tables de codes LHEO 2.3 et leurs libellés français',
      tags: ['formations'],
      response: { 200: Dictionaries },
    },
  },
  exportLheo: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/export.lheo',
    schema: {
      summary: 'Offre de formation au format LHEO 2.3 (XML)',
      description:
        'Document LHEO 2.3 valide (http://lheo.gouv.fr/2.3), produit au fil de l’eau. ' +
        'Les offres de démonstration portent <extras info="passerelles"><extra info="demonstration">1</extra></extras>.',
      tags: ['formations'],
      querystring: Type.Object({
        source: Type.Optional(Type.Array(Name, { maxItems: 50, description: 'seulement ces sources' })),
        demo: Type.Boolean({ default: true, description: 'inclure les offres de démonstration' }),
      }),
    },
  },
  offer: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/offers/:source/:numero',
    schema: {
      summary: 'Une offre de formation (modèle LHEO) par sa source et son identifiant',
      tags: ['formations'],
      params: Type.Object({ source: Name, numero: Name }),
      response: { 200: StoredOffer },
    },
  },
} as const satisfies RouteTable;
