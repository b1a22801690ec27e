/**
 * Outlines of départements and communes for the portal's maps: read from the bundle's GeoJSON
 * files (`territoires/departements-*.geojson`, `territoires/communes-*.geojson`), coordinates
 * rounded to 4 decimals (≈ 10 m, a third of the size), stored as GeoJSON text and served as is
 * (GET /api/v1/territories/shapes). A bundle without these files leaves the table empty: maps then
 * draw the places on a plain background.
 */
import { sql, type Kysely } from 'kysely';
import type { TerritorySchema } from './db.ts';
import type { ImportContext } from '../platform/import/run.ts';
import { syncRows, type TableSpec } from '../platform/import/sync.ts';

type Db = Kysely<TerritorySchema>;

export const SHAPE_LEVELS = ['departement', 'commune'] as const;
export type ShapeLevel = (typeof SHAPE_LEVELS)[number];

export const SHAPE_FILES: Record<ShapeLevel, RegExp> = {
  departement: /^departements-.*\.geojson$/i,
  commune: /^communes-.*\.geojson$/i,
};

const spec: TableSpec = {
  table: 'territory_shape',
  key: ['level', 'code'],
  columns: { level: 'text', code: 'text', name: 'text', departement: 'text', commune: 'text', geometry: 'text' },
};

export type ShapeRow = {
  level: ShapeLevel;
  code: string;
  name: string;
  departement: string | null;
  commune: string | null;
  geometry: string;
};

/** Rounds every coordinate of a Polygon or MultiPolygon; drops rings left with fewer than 4 points. */
export function roundGeometry(geometry: unknown, decimals = 4): { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown } | string {
  const g = geometry as { type?: string; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon'))
    return `géométrie ${g?.type ?? 'absente'} (Polygon ou MultiPolygon attendu)`;
  const f = 10 ** decimals;
  const ring = (r: unknown): number[][] | null => {
    if (!Array.isArray(r)) return null;
    const out: number[][] = [];
    for (const p of r) {
      if (!Array.isArray(p) || typeof p[0] !== 'number' || typeof p[1] !== 'number') return null;
      const q = [Math.round(p[0] * f) / f, Math.round(p[1] * f) / f];
      const last = out[out.length - 1];
      if (!last || last[0] !== q[0] || last[1] !== q[1]) out.push(q);
    }
    return out.length >= 4 ? out : null;
  };
  const polygon = (rings: unknown): number[][][] | null => {
    if (!Array.isArray(rings)) return null;
    const out = rings.map(ring).filter((r): r is number[][] => r !== null);
    return out.length ? out : null;
  };
  if (g.type === 'Polygon') {
    const p = polygon(g.coordinates);
    return p ? { type: 'Polygon', coordinates: p } : 'polygone vide après arrondi';
  }
  if (!Array.isArray(g.coordinates)) return 'coordonnées absentes';
  const ps = g.coordinates.map(polygon).filter((p): p is number[][][] => p !== null);
  return ps.length ? { type: 'MultiPolygon', coordinates: ps } : 'multipolygone vide après arrondi';
}

type Features = (file: {
  abs: string;
  label: string;
}) => AsyncGenerator<{ line: number; feature: { properties?: Record<string, unknown> | null; geometry?: unknown } }>;

/**
 * Reads the outline file of each level (at most one per level) and syncs that level's shapes.
 * A level without a file keeps its shapes (a bundle may ship only some files).
 * `resolve` maps any COG code to the current commune (for former and delegated communes).
 */
export async function importShapes(
  ctx: ImportContext,
  files: { level: ShapeLevel; file: { abs: string; label: string }; version: string }[],
  readFeatures: Features,
  resolve: (code: string) => string | undefined,
): Promise<void> {
  for (const { level, file, version } of files) {
    const report = ctx.report(`${file.label} (tracés)`, version);
    const rows: ShapeRow[] = [];
    const seen = new Set<string>();
    for await (const { line, feature } of readFeatures(file)) {
      report.read++;
      const p = feature.properties ?? {};
      const code = String(p.code ?? p.INSEE_COM ?? p.INSEE_DEP ?? p.codgeo ?? '').trim();
      const name = String(p.nom ?? p.NOM ?? p.name ?? code).trim();
      if (!code || seen.has(code)) {
        report.reject(line, code ? `tracé ${code} déjà décrit` : 'tracé sans propriété code');
        continue;
      }
      const geometry = roundGeometry(feature.geometry);
      if (typeof geometry === 'string') {
        report.reject(line, `tracé ${code} : ${geometry}`);
        continue;
      }
      seen.add(code);
      const commune = level === 'commune' ? (resolve(code) ?? null) : null;
      const departement = level === 'departement' ? code : code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2);
      rows.push({ level, code, name, departement, commune, geometry: JSON.stringify(geometry) });
    }
    report.add(await syncRows(ctx.trx, { ...spec, scope: sql`level = ${level}` }, rows, ctx.runId));
    report.note(
      `${rows.length} tracés (${level === 'commune' ? 'communes' : 'départements'}) pour les cartes, coordonnées arrondies à 4 décimales`,
    );
  }
}

/**
 * The outlines of one level as a GeoJSON FeatureCollection (text), optionally within some
 * départements. Properties: code, nom (and commune for communes).
 */
export async function shapesGeoJson(db: Db, level: ShapeLevel, departements?: string[]): Promise<{ text: string; count: number }> {
  const { rows } = await sql<{ code: string; name: string; commune: string | null; geometry: string }>`
    SELECT code, name, commune, geometry FROM territory_shape
    WHERE level = ${level} ${departements?.length ? sql`AND departement = ANY(${departements}::text[])` : sql``}
    ORDER BY code`.execute(db);
  const features = rows.map(
    (r) =>
      `{"type":"Feature","properties":${JSON.stringify({ code: r.code, nom: r.name, ...(r.commune ? { commune: r.commune } : {}) })},"geometry":${r.geometry}}`,
  );
  return { text: `{"type":"FeatureCollection","features":[${features.join(',')}]}`, count: rows.length };
}
