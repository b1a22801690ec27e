/**
 * The territory builder's HTTP contract. Checking a division and the CLPE comparison are public
 * (the figures are); saved divisions belong to the steering space (role `pilotage`), and saving
 * takes the form's one-time token (`csrf`, from POST /api/v1/auth/form-token).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, type RouteTable } from '../platform/http/route-contract.ts';
import { LIMITS } from './builder-check.ts';

const STEERING = { roles: ['pilotage'] } as const;
const Csrf = Type.String({ maxLength: 100, description: 'jeton du formulaire (POST /api/v1/auth/form-token), à usage unique' });
const refusals = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };

export const TerritoryInputSchema = Type.Object({
  name: Type.String({ maxLength: LIMITS.name, description: 'nom du territoire' }),
  epci: Type.Optional(Type.Array(Type.String({ maxLength: 20 }), { maxItems: LIMITS.codes, description: 'SIREN des EPCI entiers' })),
  communes: Type.Optional(
    Type.Array(Type.String({ maxLength: 20 }), {
      maxItems: LIMITS.codes,
      description: 'codes INSEE de communes (commune sans EPCI, ou découpage à vérifier commune par commune)',
    }),
  ),
});
const DivisionFields = {
  name: Type.String({ minLength: 1, maxLength: LIMITS.name, description: 'nom du découpage' }),
  territories: Type.Array(TerritoryInputSchema, { minItems: 1, maxItems: LIMITS.territories }),
};
export const DivisionInputSchema = Type.Object(DivisionFields);

const Named = Type.Object({ code: Type.String(), name: Type.String() });
const FaultSchema = Type.Object({
  kind: Type.String({
    description: 'epci-coupe, commune-oubliee, commune-en-double, non-contigu, territoire-vide, code-inconnu, hors-region, nom',
  }),
  message: Type.String({ description: 'le problème en une phrase, nommant les EPCI ou les communes' }),
  territories: Type.Array(Type.String()),
  epci: Type.Array(Named),
  communes: Type.Array(Named),
});
const TerritoryReportSchema = Type.Object({
  name: Type.String(),
  population: Type.Integer({ description: 'population municipale (INSEE) des communes de la région' }),
  communes: Type.Integer(),
  departements: Type.Array(Type.String()),
  epci: Type.Array(Named, { description: 'EPCI entiers du territoire' }),
  looseCommunes: Type.Array(Named, { description: 'communes données une à une (sans EPCI, ou d’un EPCI coupé)' }),
  parts: Type.Integer({ description: 'parties séparées sur le continent (1 : d’un seul tenant)' }),
  islands: Type.Array(Named, { description: 'îles rattachées sans contrôle de contiguïté' }),
});
export const CheckResultSchema = Type.Object({
  division: Type.String(),
  region: Named,
  valid: Type.Boolean(),
  faults: Type.Array(FaultSchema),
  notes: Type.Array(Type.String()),
  territories: Type.Array(TerritoryReportSchema),
  totals: Type.Object({
    communes: Type.Integer(),
    population: Type.Integer(),
    coveredCommunes: Type.Integer(),
    coveredPopulation: Type.Integer(),
    epci: Type.Integer(),
  }),
  contiguityChecked: Type.Boolean(),
  indicators: Type.Object(
    {
      status: Type.String({ description: 'calcules' }),
      message: Type.String(),
      values: Type.Record(Type.String(), Type.Record(Type.String(), Type.Union([Type.Number(), Type.Null()])), {
        description: 'par nom de territoire, puis par identifiant d’indicateur (GET /api/v1/steering/indicators)',
      }),
    },
    { description: 'indicateurs recalculés pour le brouillon' },
  ),
});
export type CheckResultBody = Static<typeof CheckResultSchema>;

const SavedSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  region: Type.String(),
  territories: Type.Array(TerritoryInputSchema),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});
const Id = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2147483647 }) });

export const builderRoutes = {
  check: {
    method: 'POST',
    access: 'public',
    url: '/api/v1/steering/territories/check',
    schema: {
      summary: 'Vérifie un découpage de la région en territoires d’EPCI entiers',
      description:
        'Chaque problème est une phrase nommant les EPCI ou les communes : EPCI coupé, commune oubliée ou dans deux territoires, ' +
        'territoire qui n’est pas d’un seul tenant (frontières communes calculées des tracés des communes) ; population et nombre ' +
        'de communes de chaque territoire.',
      tags: ['pilotage'],
      body: DivisionInputSchema,
      response: { 200: CheckResultSchema, 400: ErrorBody },
    },
  },
  clpe: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/territories/clpe',
    schema: {
      summary: 'Les territoires CLPE de France Travail comme découpage de comparaison, vérifiés comme un découpage',
      tags: ['pilotage'],
      response: {
        200: Type.Object({
          summary: Type.String({ description: 'combien de CLPE coupent un EPCI, dit en une phrase' }),
          clpeCuttingEpci: Type.Integer(),
          epciCut: Type.Array(Named),
          codes: Type.Record(Type.String(), Type.String(), { description: 'code CLPE de chaque territoire, par nom' }),
          check: CheckResultSchema,
        }),
        404: ErrorBody,
      },
    },
  },
  epci: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/territories/epci',
    schema: {
      summary: 'Les EPCI de la région pour composer des territoires : communes, population, départements, CLPE',
      tags: ['pilotage'],
      response: {
        200: Type.Object({
          region: Named,
          epci: Type.Array(
            Type.Object({
              siren: Type.String(),
              name: Type.String(),
              communes: Type.Integer({ description: 'communes dans la région' }),
              population: Type.Integer({ description: 'population municipale dans la région' }),
              departement: Type.String({ description: 'le département qui en compte le plus d’habitants' }),
              departements: Type.Array(Type.String()),
              clpe: Type.Array(Type.String(), { description: 'territoires CLPE de ses communes' }),
              outside: Type.Integer({ description: 'communes hors de la région' }),
            }),
          ),
          loose: Type.Array(
            Type.Object({
              code: Type.String(),
              name: Type.String(),
              population: Type.Integer(),
              departement: Type.String(),
              clpe: Type.Union([Type.String(), Type.Null()]),
            }),
            { description: 'communes sans EPCI' },
          ),
        }),
        404: ErrorBody,
      },
    },
  },
  divisions: {
    method: 'GET',
    access: STEERING,
    url: '/api/v1/steering/divisions',
    schema: {
      summary: 'Découpages enregistrés',
      tags: ['pilotage'],
      response: {
        200: Type.Array(
          Type.Object({
            id: Type.Integer(),
            name: Type.String(),
            region: Type.String(),
            territories: Type.Integer(),
            updatedAt: Type.String(),
          }),
        ),
        ...refusals,
      },
    },
  },
  save: {
    method: 'POST',
    access: STEERING,
    url: '/api/v1/steering/divisions',
    schema: {
      summary: 'Enregistre un découpage (refusé s’il ne passe pas les vérifications ; même nom : remplacé)',
      tags: ['pilotage'],
      body: Type.Object({ ...DivisionFields, csrf: Csrf }),
      response: { 200: Type.Object({ division: SavedSchema, check: CheckResultSchema }), ...refusals },
    },
  },
  division: {
    method: 'GET',
    access: STEERING,
    url: '/api/v1/steering/divisions/:id',
    schema: {
      summary: 'Un découpage enregistré, vérifié à nouveau sur les données du jour',
      tags: ['pilotage'],
      params: Id,
      response: { 200: Type.Object({ division: SavedSchema, check: CheckResultSchema }), ...refusals },
    },
  },
  geojson: {
    method: 'GET',
    access: STEERING,
    url: '/api/v1/steering/divisions/:id/geojson',
    schema: {
      summary: 'Un découpage enregistré en GeoJSON : les communes de la région, chacune avec son territoire',
      description:
        'FeatureCollection (RFC 7946, WGS84) des tracés des communes, propriétés territoire, commune, nom, epci, epci_nom, ' +
        'departement, population ; pas de contour fusionné par territoire (à faire dans le SIG).',
      tags: ['pilotage'],
      params: Id,
    },
  },
} as const satisfies RouteTable;
