/**
 * The HTTP contract of the annual evaluation report and of the open-data exports of the steering
 * indicators: the report of one territory printed to a tagged PDF by Chromium (from the portal's
 * report page /pilotage/rapport/:level/:code), and every indicator of every territory of a scale
 * as CSV, JSON and GeoJSON. Public figures, under the Licence Ouverte for the derived figures (the
 * sources keep theirs).
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));

/** Same list as INDICATOR_LEVELS (indicators-contract.ts), written again: a contract stands alone for the portal. */
const LEVELS = ['region', 'departement', 'zone_emploi', 'bassin', 'epci', 'clpe', 'division'] as const;

export const OPEN_DATA_LICENCE = {
  name: 'Licence Ouverte / Open Licence version 2.0',
  url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
  note: 'Les indicateurs calculés par Passerelles sont publiés sous Licence Ouverte 2.0 ; chaque source garde sa propre licence (voir la colonne « source »).',
} as const;

/** The CSV's separator (comma) and decimal mark (point): the Etalab recommendations for open data. */
export const CSV_SEPARATOR = ',';

const ReportParams = Type.Object({
  level: Enum(LEVELS),
  code: Type.String({ minLength: 1, maxLength: 40, pattern: '^[0-9A-Za-z_-]+$', description: 'code du territoire dans son échelle' }),
});
const ReportQuery = Type.Object({
  division: Type.Optional(Type.Integer({ minimum: 1, description: 'pour l’échelle « division » : le découpage enregistré' })),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'code de la région (52 par défaut)' })),
});
export const OpenDataQuery = Type.Object({
  level: Enum(LEVELS, 'échelle des territoires'),
  division: Type.Optional(Type.Integer({ minimum: 1, description: 'pour l’échelle « division » : le découpage enregistré' })),
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'code de la région (52 par défaut)' })),
});
export type OpenDataQuery = Static<typeof OpenDataQuery>;

/** One row of the exports: one territory × one indicator. */
export const OpenDataRowSchema = Type.Object({
  code: Type.String({ description: 'code du territoire' }),
  name: Type.String({ description: 'nom du territoire' }),
  level: Enum(LEVELS),
  indicator: Type.String({ description: 'identifiant de l’indicateur' }),
  label: Type.String(),
  value: Nullable(Type.Number()),
  unit: Type.String(),
  vintage: Nullable(Type.String({ description: 'millésime de la valeur' })),
  previous: Nullable(Type.Number({ description: 'valeur au millésime de comparaison' })),
  previousVintage: Nullable(Type.String()),
  source: Type.String({ description: 'fichiers sources et qui les publie' }),
  estimated: Type.Boolean({ description: 'valeur estimée à une échelle plus fine que la publication' }),
  note: Nullable(Type.String()),
});
export type OpenDataRow = Static<typeof OpenDataRowSchema>;

export const OpenDataJsonSchema = Type.Object({
  licence: Type.String(),
  licenceUrl: Type.String(),
  note: Type.String(),
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  level: Enum(LEVELS),
  rows: Type.Array(OpenDataRowSchema),
});
export type OpenDataJson = Static<typeof OpenDataJsonSchema>;

const PdfFile = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'le PDF balisé' });

/** The GeoJSON of the indicators (open-data.ts): a feature per territory, its values as properties. */
const IndicatorsGeojson = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    licence: Type.String(),
    note: Type.String(),
    geometry: Type.String({ description: 'ce que sont les géométries (contours ou points pondérés)' }),
    features: Type.Array(
      Type.Object({
        type: Type.Literal('Feature'),
        id: Type.String(),
        geometry: Nullable(Type.Object({ type: Type.String(), coordinates: Type.Array(Type.Unknown()) })),
        properties: Type.Object({ code: Type.String(), nom: Type.String() }, { additionalProperties: true }),
      }),
    ),
  },
  { description: 'GeoJSON (application/geo+json, RFC 7946, WGS84)' },
);

export const reportRoutes = {
  pdf: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/report/:level/:code.pdf',
    schema: {
      summary: 'Rapport d’évaluation annuelle d’un territoire, en PDF balisé (accessible)',
      description:
        'La page /pilotage/rapport/:level/:code imprimée par Chromium (A4, PDF balisé, signets). 503 quand Chromium manque sur le serveur.',
      params: ReportParams,
      querystring: ReportQuery,
      response: { 200: PdfFile, 400: ErrorBody, 404: ErrorBody, 503: ErrorBody },
    },
  },
  openDataCsv: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/open-data/indicators.csv',
    schema: {
      summary: 'Tous les indicateurs de chaque territoire d’une échelle, en CSV',
      description:
        'Une ligne par territoire × indicateur ; UTF-8 avec BOM, séparateur virgule, point décimal ; Licence Ouverte 2.0 pour les valeurs calculées.',
      querystring: OpenDataQuery,
      response: { 200: Type.String({ description: 'le fichier CSV (text/csv)' }), 400: ErrorBody, 404: ErrorBody },
    },
  },
  openDataJson: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/open-data/indicators.json',
    schema: {
      summary: 'Tous les indicateurs de chaque territoire d’une échelle, en JSON (les mêmes lignes que le CSV)',
      querystring: OpenDataQuery,
      response: { 200: OpenDataJsonSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
  openDataGeojson: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/open-data/indicators.geojson',
    schema: {
      summary: 'Tous les indicateurs d’une échelle en GeoJSON : un objet par territoire, ses valeurs en propriétés',
      description:
        'Géométrie : le contour du département (échelle département), les contours des départements réunis en MultiPolygon (région), ' +
        'sinon le point moyen des centres des communes pondéré par leur population (les contours des communes réunis coûteraient trop cher).',
      querystring: OpenDataQuery,
      // Sent as text already written (download); its shape is the document's.
      response: { 200: Type.Unsafe<string>(IndicatorsGeojson), 400: ErrorBody, 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;
