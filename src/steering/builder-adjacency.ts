/**
 * Which communes share a border, from the outlines of territory_shape (level 'commune').
 *
 * The bundle's outlines come from one topology and the territories import rounds every
 * coordinate to 4 decimals (about 10 m) the same way: two neighbouring communes therefore hold
 * the very same vertices along their common border. Two communes touch when a segment of one's
 * outline (two consecutive vertices, either direction) is also a segment of the other's; a single
 * shared point (four communes meeting at a corner) is not a border. The outlines may predate a
 * commune nouvelle: each one is read as the current commune it belongs to (`commune` column),
 * and the former communes of a commune nouvelle are not neighbours of themselves.
 *
 * A current commune without an outline (split from a commune nouvelle after the outlines were
 * drawn) is given as neighbour the commune whose outline holds its position, and said so.
 */

/** An outline: the current commune it belongs to and its GeoJSON geometry (text). */
export interface Outline {
  commune: string;
  geometry: string;
}

export interface Adjacency {
  /** Each pair once, a < b. */
  pairs: [string, string][];
  /** Communes without an outline placed inside another commune's outline. */
  placed: { commune: string; inside: string }[];
  /** Communes without an outline and without a position inside any outline. */
  unknown: string[];
}

type Ring = number[][];

function polygonsOf(geometry: string): Ring[][] {
  const g = JSON.parse(geometry) as { type: string; coordinates: unknown };
  if (g.type === 'Polygon') return [g.coordinates as Ring[]];
  if (g.type === 'MultiPolygon') return g.coordinates as Ring[][];
  return [];
}

/** Integer grid of the 4-decimal rounding: exact keys, no float equality. */
const SCALE = 1e4;
const OFFSET = 2_000_000;
const vertexKey = (p: number[]) => (Math.round(p[0] * SCALE) + OFFSET) * 4_000_000 + (Math.round(p[1] * SCALE) + OFFSET);

/**
 * Computes the pairs of neighbouring communes. `unplaced` are the communes of interest that have
 * no outline, with their position (when known).
 */
export function communeAdjacency(
  outlines: readonly Outline[],
  unplaced: readonly { code: string; lat: number | null; lon: number | null }[] = [],
): Adjacency {
  const vertexIds = new Map<number, number>();
  const idOf = (p: number[]) => {
    const k = vertexKey(p);
    let id = vertexIds.get(k);
    if (id === undefined) {
      id = vertexIds.size;
      vertexIds.set(k, id);
    }
    return id;
  };
  const edgeOwner = new Map<number, string>();
  const pairs = new Set<string>();
  const parsed: { commune: string; polygons: Ring[][] }[] = [];
  for (const o of outlines) {
    const polygons = polygonsOf(o.geometry);
    parsed.push({ commune: o.commune, polygons });
    for (const polygon of polygons) {
      for (const ring of polygon) {
        for (let i = 0; i + 1 < ring.length; i++) {
          const a = idOf(ring[i]);
          const b = idOf(ring[i + 1]);
          if (a === b) continue;
          // 2^26 vertices is far beyond a country's communes; the key stays below 2^53.
          const edge = a < b ? a * 67_108_864 + b : b * 67_108_864 + a;
          const owner = edgeOwner.get(edge);
          if (owner === undefined) edgeOwner.set(edge, o.commune);
          else if (owner !== o.commune) pairs.add(owner < o.commune ? `${owner}|${o.commune}` : `${o.commune}|${owner}`);
        }
      }
    }
  }
  const placed: Adjacency['placed'] = [];
  const unknown: string[] = [];
  for (const u of unplaced) {
    const inside =
      u.lat === null || u.lon === null
        ? undefined
        : parsed.find((p) => p.commune !== u.code && p.polygons.some((poly) => contains(poly, u.lon!, u.lat!)));
    if (!inside) {
      unknown.push(u.code);
      continue;
    }
    placed.push({ commune: u.code, inside: inside.commune });
    pairs.add(u.code < inside.commune ? `${u.code}|${inside.commune}` : `${inside.commune}|${u.code}`);
  }
  return {
    pairs: [...pairs].sort().map((p) => p.split('|') as [string, string]),
    placed,
    unknown,
  };
}

/** Whether a polygon (outer ring and holes, even-odd rule) holds the point. */
export function contains(polygon: Ring[], x: number, y: number): boolean {
  let inside = false;
  for (const ring of polygon) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      const [xi, yi] = ring[i];
      const [xj, yj] = ring[j];
      if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
    }
  }
  return inside;
}
