/**
 * The HTTP contract of the steering indicators: their definitions (data, not code: id, label,
 * formula, source files, vintage, levels, direction of good, unit) and their values for every
 * territory of a scale (région, départements, zones d'emploi, bassins BMO, EPCI, CLPE, a saved
 * division). Public figures.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));

/** The scales the indicators are computed for; every one is a grouping of whole communes. */
export const INDICATOR_LEVELS = ['region', 'departement', 'zone_emploi', 'bassin', 'epci', 'clpe', 'division'] as const;
export type IndicatorLevel = (typeof INDICATOR_LEVELS)[number];
export const LEVEL_LABELS: Record<IndicatorLevel, string> = {
  region: 'région',
  departement: 'département',
  zone_emploi: 'zone d’emploi',
  bassin: 'bassin d’emploi (BMO)',
  epci: 'EPCI',
  clpe: 'territoire CLPE',
  division: 'territoire d’un découpage',
};
/** The levels a source can be published at (finer ones are estimated, see `method`). */
export const PUBLISHED_LEVELS = ['commune', 'etablissement', 'bassin', 'departement', 'region'] as const;
export type PublishedLevel = (typeof PUBLISHED_LEVELS)[number];

export const UNITS = ['nombre', 'pourcentage', 'ratio', 'pour-1000-habitants', 'indice'] as const;
export type IndicatorUnit = (typeof UNITS)[number];
export const DIRECTIONS = ['hausse', 'baisse', 'neutre'] as const;
export type Direction = (typeof DIRECTIONS)[number];

const SourceRef = Type.Object({
  file: Type.String({ description: 'fichier du lot de données (chemin relatif)' }),
  publisher: Type.String({ description: 'qui le publie' }),
});

export const IndicatorDefinitionSchema = Type.Object({
  id: Type.String(),
  label: Type.String(),
  theme: Type.String({ description: 'marché du travail, formation, insertion, accompagnement…' }),
  formula: Type.String({ description: 'la formule, en français' }),
  unit: Enum(UNITS),
  direction: Enum(DIRECTIONS, 'sens du progrès : hausse, baisse, ou neutre (indicateur de contexte)'),
  additive: Type.Boolean({ description: 'la valeur d’un territoire est la somme de celles de ses parties' }),
  status: Enum(['calcule', 'pas-encore'] as const),
  sources: Type.Array(SourceRef),
  vintage: Nullable(Type.String({ description: 'millésime de la valeur' })),
  previousVintage: Nullable(Type.String({ description: 'millésime de comparaison (évolution), s’il existe' })),
  publishedAt: Nullable(Enum(PUBLISHED_LEVELS, 'échelle à laquelle la source publie')),
  levels: Type.Array(Enum(INDICATOR_LEVELS)),
  method: Type.String({ description: 'comment la valeur est obtenue aux échelles plus fines que la publication' }),
  missing: Nullable(Type.String({ description: 'pour un indicateur « pas encore de données » : la source qui l’alimenterait' })),
});
export type IndicatorDefinition = Static<typeof IndicatorDefinitionSchema>;

export const IndicatorValueSchema = Type.Object({
  id: Type.String(),
  value: Nullable(Type.Number()),
  previous: Nullable(Type.Number({ description: 'valeur au millésime de comparaison' })),
  estimated: Type.Boolean({ description: 'vrai si la valeur est estimée (échelle plus fine que la publication)' }),
  note: Nullable(Type.String({ description: 'pourquoi la valeur manque, ou comment elle est estimée' })),
});
export type IndicatorValue = Static<typeof IndicatorValueSchema>;

export const TerritoryIndicatorsSchema = Type.Object({
  level: Enum(INDICATOR_LEVELS),
  code: Type.String(),
  name: Type.String(),
  departements: Type.Array(Type.String(), { description: 'départements où se trouvent ses communes' }),
  communes: Type.Integer(),
  population: Type.Integer(),
  values: Type.Array(IndicatorValueSchema, { description: 'dans l’ordre des définitions' }),
});
export type TerritoryIndicators = Static<typeof TerritoryIndicatorsSchema>;

export const IndicatorsSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  level: Enum(INDICATOR_LEVELS),
  definitions: Type.Array(IndicatorDefinitionSchema),
  territories: Type.Array(TerritoryIndicatorsSchema),
  notes: Type.Array(Type.String()),
});
export type Indicators = Static<typeof IndicatorsSchema>;

export const IndicatorsQuery = Type.Object({
  code: Type.Optional(Type.String({ maxLength: 40, description: 'un seul territoire de l’échelle (code INSEE, SIREN, CLPE…)' })),
  division: Type.Optional(Type.Integer({ minimum: 1, description: 'pour l’échelle « division » : le découpage enregistré' })),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'code de la région (52 par défaut)' })),
});
export type IndicatorsQuery = Static<typeof IndicatorsQuery>;

export const indicatorRoutes = {
  definitions: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/indicators',
    schema: {
      summary: 'Définitions des indicateurs de pilotage (formule, sources, millésime, échelles, sens du progrès)',
      response: { 200: Type.Array(IndicatorDefinitionSchema) },
    },
  },
  values: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/indicators/:level',
    schema: {
      summary: 'Valeurs de chaque indicateur pour chaque territoire d’une échelle',
      params: Type.Object({ level: Enum(INDICATOR_LEVELS) }),
      querystring: IndicatorsQuery,
      response: { 200: IndicatorsSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;
