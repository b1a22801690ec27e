/**
 * The open-data exports of the steering indicators: one row per territory × indicator (CSV with a
 * BOM for spreadsheets, JSON), and one GeoJSON feature per territory with its values as
 * properties. The rows are the indicators service's answer, unchanged.
 */
import { sql } from 'kysely';
import type { Indicators } from './indicators-contract.ts';
import type { FiguresDb } from './figures-db.ts';
import { CSV_SEPARATOR, OPEN_DATA_LICENCE, type OpenDataJson, type OpenDataRow } from './report-contract.ts';

/** The source column: every file of the definition with its publisher. */
export function sourceText(sources: readonly { file: string; publisher: string }[]): string {
  return sources.map((s) => `${s.publisher} (${s.file})`).join(' ; ');
}

/** One row per territory × indicator, in the order of the territories then of the definitions. */
export function openDataRows(indicators: Indicators): OpenDataRow[] {
  const rows: OpenDataRow[] = [];
  for (const territory of indicators.territories) {
    indicators.definitions.forEach((definition, i) => {
      const value = territory.values.find((v) => v.id === definition.id) ?? territory.values[i];
      rows.push({
        code: territory.code,
        name: territory.name,
        level: territory.level,
        indicator: definition.id,
        label: definition.label,
        value: value?.value ?? null,
        unit: definition.unit,
        vintage: definition.vintage,
        previous: value?.previous ?? null,
        previousVintage: definition.previousVintage,
        source: sourceText(definition.sources),
        estimated: value?.estimated ?? false,
        note: value?.note ?? (definition.status === 'pas-encore' ? (definition.missing ?? 'pas encore de données') : null),
      });
    });
  }
  return rows;
}

export function openDataJson(indicators: Indicators): OpenDataJson {
  return {
    licence: OPEN_DATA_LICENCE.name,
    licenceUrl: OPEN_DATA_LICENCE.url,
    note: OPEN_DATA_LICENCE.note,
    region: indicators.region,
    level: indicators.level,
    rows: openDataRows(indicators),
  };
}

export const CSV_COLUMNS = [
  'code',
  'name',
  'level',
  'indicator',
  'label',
  'value',
  'unit',
  'vintage',
  'previous',
  'previousVintage',
  'source',
  'estimated',
  'note',
] as const satisfies readonly (keyof OpenDataRow)[];

const BOM = '\uFEFF';

function csvCell(value: string | number | boolean | null): string {
  if (value === null) return '';
  if (typeof value === 'boolean') return value ? 'oui' : 'non';
  const text = typeof value === 'number' ? String(value) : value;
  return /[",\r\n;]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV: UTF-8 with a BOM, comma separator, point as decimal mark, CRLF line ends (RFC 4180). */
export function openDataCsv(indicators: Indicators): string {
  const lines = [CSV_COLUMNS.join(CSV_SEPARATOR)];
  for (const row of openDataRows(indicators)) lines.push(CSV_COLUMNS.map((c) => csvCell(row[c])).join(CSV_SEPARATOR));
  return `${BOM}${lines.join('\r\n')}\r\n`;
}

type Geometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'Polygon'; coordinates: unknown[] }
  | { type: 'MultiPolygon'; coordinates: unknown[] };

export interface OpenDataFeature {
  type: 'Feature';
  id: string;
  geometry: Geometry | null;
  properties: Record<string, string | number | boolean | null>;
}

export interface OpenDataFeatureCollection {
  type: 'FeatureCollection';
  licence: string;
  note: string;
  geometry: string;
  features: OpenDataFeature[];
}

/** The properties of a territory: its identity, then `<indicator>` and `<indicator>_precedent` for each one. */
export function featureProperties(indicators: Indicators, index: number): OpenDataFeature['properties'] {
  const t = indicators.territories[index];
  const properties: OpenDataFeature['properties'] = {
    code: t.code,
    nom: t.name,
    echelle: t.level,
    population: t.population,
    communes: t.communes,
  };
  indicators.definitions.forEach((definition, i) => {
    const value = t.values.find((v) => v.id === definition.id) ?? t.values[i];
    properties[definition.id] = value?.value ?? null;
    if (definition.previousVintage) properties[`${definition.id}_precedent`] = value?.previous ?? null;
    properties[`${definition.id}_estime`] = value?.estimated ?? false;
  });
  return properties;
}

/** Said in the GeoJSON and on the page: what the geometry of a feature is, by scale. */
export function geometryMethod(level: Indicators['level']): string {
  if (level === 'departement') return 'contour du département (IGN, territory_shape)';
  if (level === 'region') return 'contours des départements de la région réunis en MultiPolygon (non fusionnés)';
  return 'point : moyenne des centres des communes du territoire pondérée par leur population (la fusion des contours des communes coûterait trop cher)';
}

/** Polygons of a GeoJSON geometry, to gather them into a MultiPolygon. */
function polygonsOf(geometry: Geometry): unknown[] {
  if (geometry.type === 'Polygon') return [geometry.coordinates];
  if (geometry.type === 'MultiPolygon') return geometry.coordinates;
  return [];
}

/** Every territory of the scale as a feature with its values; geometry as said by geometryMethod. */
export async function openDataGeojson(db: FiguresDb, indicators: Indicators): Promise<OpenDataFeatureCollection> {
  const shapes = new Map<string, Geometry>();
  if (indicators.level === 'departement' || indicators.level === 'region') {
    const departements = [...new Set(indicators.territories.flatMap((t) => t.departements))];
    if (departements.length) {
      const rows = await db
        .selectFrom('territory_shape')
        .select(['code', 'geometry'])
        .where('level', '=', 'departement')
        .where('code', 'in', departements)
        .execute();
      for (const row of rows) shapes.set(row.code, JSON.parse(row.geometry) as Geometry);
    }
  }
  const features: OpenDataFeature[] = [];
  for (const [i, t] of indicators.territories.entries()) {
    let geometry: Geometry | null = null;
    if (indicators.level === 'departement') geometry = shapes.get(t.code) ?? null;
    else if (indicators.level === 'region') {
      const polygons = t.departements.flatMap((d) => {
        const shape = shapes.get(d);
        return shape ? polygonsOf(shape) : [];
      });
      geometry = polygons.length ? { type: 'MultiPolygon', coordinates: polygons } : null;
    }
    features.push({ type: 'Feature', id: t.code, geometry, properties: featureProperties(indicators, i) });
  }
  if (indicators.level !== 'departement' && indicators.level !== 'region') await placeCentroids(db, indicators, features);
  return {
    type: 'FeatureCollection',
    licence: OPEN_DATA_LICENCE.name,
    note: OPEN_DATA_LICENCE.note,
    geometry: geometryMethod(indicators.level),
    features,
  };
}

/** The column of `commune` naming a territory of the scale, for the scales read straight from the commune. */
const COMMUNE_COLUMN: Partial<Record<Indicators['level'], 'epci' | 'zone_emploi' | 'bassin_bmo'>> = {
  epci: 'epci',
  zone_emploi: 'zone_emploi',
  bassin: 'bassin_bmo',
};

/**
 * The population-weighted mean of the communes' centres of each territory (a point for the map).
 * EPCI, zones d'emploi and BMO basins are read from the commune, CLPE from their published
 * communes; a saved division's territories have no geometry here (null).
 */
async function placeCentroids(db: FiguresDb, indicators: Indicators, features: OpenDataFeature[]): Promise<void> {
  const codes = indicators.territories.map((t) => t.code);
  if (!codes.length) return;
  const column = COMMUNE_COLUMN[indicators.level];
  const weight = sql`greatest(coalesce(c.population, 0), 1)`;
  const centre = sql`sum(c.lon * ${weight}) / sum(${weight}) AS lon, sum(c.lat * ${weight}) / sum(${weight}) AS lat`;
  let query;
  if (column) {
    const ref = sql.ref(`c.${column}`);
    query = sql<Centre>`SELECT ${ref} AS code, ${centre} FROM commune c
      WHERE ${ref} IN (${sql.join(codes)}) AND c.lat IS NOT NULL AND c.lon IS NOT NULL GROUP BY ${ref}`;
  } else if (indicators.level === 'clpe') {
    query = sql<Centre>`SELECT k.clpe AS code, ${centre} FROM steering_clpe_commune k JOIN commune c ON c.code = k.commune
      WHERE k.clpe IN (${sql.join(codes)}) AND c.lat IS NOT NULL AND c.lon IS NOT NULL GROUP BY k.clpe`;
  } else return;
  const rows = await query.execute(db);
  const byCode = new Map(rows.rows.map((r) => [r.code, r]));
  for (const feature of features) {
    const c = byCode.get(feature.id);
    if (c?.lon != null && c.lat != null) feature.geometry = { type: 'Point', coordinates: [round6(Number(c.lon)), round6(Number(c.lat))] };
  }
}

interface Centre {
  code: string;
  lon: number | null;
  lat: number | null;
}

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;
