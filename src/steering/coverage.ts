/**
 * The coverage of a région by its counselling points: for each commune of the région, the distance
 * as the crow flies (haversine) from its centre to the nearest active point, whatever the point's
 * région (a neighbouring région's agency covers the border communes); the share of the population
 * within the radius; the white-zone communes; and the greedy siting of N new points among the
 * région's communes, each chosen to cover the most people not yet covered (the classic greedy
 * answer to maximum coverage, within 1 − 1/e of the best).
 */
import { sql } from 'kysely';
import { NotFoundError } from '../platform/errors.ts';
import { haversineKm } from '../trainings/index.ts';
import type { CoverageDb } from './coverage-db.ts';
import {
  DEFAULT_RADIUS_KM,
  DEFAULT_REGION,
  DISTANCE_METHOD,
  POINT_KINDS,
  type Coverage,
  type CoverageWithMap,
  type MapLayer,
} from './coverage-contract.ts';
import type { PointKind } from './coverage-tables.ts';

export interface CoverageOptions {
  region?: string;
  radiusKm?: number;
  /** New points to site (0: none). */
  site?: number;
}

interface CommuneCentre {
  code: string;
  name: string;
  departement: string;
  population: number;
  lat: number;
  lon: number;
}

interface ActivePoint {
  id: number;
  name: string;
  kind: PointKind;
  region: string | null;
  lat: number;
  lon: number;
}

/** The figures and, for the map, what they are made of. */
export interface CoverageComputation {
  coverage: Coverage;
  communes: CommuneCentre[];
  /** Distance from each commune (same order) to its nearest point, km; null without any point. */
  nearestKm: (number | null)[];
  points: ActivePoint[];
}

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

export async function computeCoverage(db: CoverageDb, options: CoverageOptions = {}): Promise<CoverageComputation> {
  const regionCode = options.region ?? DEFAULT_REGION;
  const radiusKm = options.radiusKm ?? DEFAULT_RADIUS_KM;
  const site = options.site ?? 0;
  const region = await db.selectFrom('region').select(['code', 'name']).where('code', '=', regionCode).executeTakeFirst();
  if (!region) throw new NotFoundError(`région « ${regionCode} » inconnue`, 'region');

  const rows = await db
    .selectFrom('commune')
    .select(['code', 'name', 'departement', 'population', 'lat', 'lon'])
    .where('region', '=', regionCode)
    .orderBy('code')
    .execute();
  const communes: CommuneCentre[] = [];
  const unplaced: string[] = [];
  let withoutPopulation = 0;
  for (const r of rows) {
    if (r.lat == null || r.lon == null) {
      unplaced.push(`${r.name} (${r.code})`);
      continue;
    }
    if (r.population == null) withoutPopulation++;
    communes.push({ code: r.code, name: r.name, departement: r.departement, population: r.population ?? 0, lat: r.lat, lon: r.lon });
  }
  const points = (await db
    .selectFrom('steering_point')
    .select(['id', 'name', 'kind', 'region', 'lat', 'lon'])
    .where('removed_at', 'is', null)
    .orderBy('id')
    .execute()) as ActivePoint[];

  // Nearest point of each commune. A point farther than the radius in latitude alone cannot
  // cover: the exact distance is only computed for the others (and for white zones, the nearest).
  const nearest = communes.map((c) => nearestPoint(c, points));
  const covered = nearest.map((n) => n !== null && n.km <= radiusKm);
  const total = sum(communes.map((c) => c.population));
  const coveredPopulation = sum(communes.map((c, i) => (covered[i] ? c.population : 0)));

  // Points of other régions (or of an unknown one) that reach at least one commune of this one.
  const near = nearRegion(communes, radiusKm);
  const outsideCovering = points.filter((p) => p.region !== regionCode && near(p)).length;
  const byKind = Object.fromEntries(POINT_KINDS.map((k) => [k, 0])) as Record<PointKind, number>;
  for (const p of points) if (p.region === regionCode) byKind[p.kind]++;

  const whiteIdx = communes.map((_, i) => i).filter((i) => !covered[i]);
  whiteIdx.sort((a, b) => communes[b].population - communes[a].population || communes[a].code.localeCompare(communes[b].code));

  const departements = await db
    .selectFrom('departement')
    .select(['code', 'name'])
    .where('region', '=', regionCode)
    .orderBy('code')
    .execute();

  const siting = greedySiting(communes, covered, radiusKm, site, coveredPopulation, total);
  const notes = [
    `${DISTANCE_METHOD}.`,
    'Tous les points actifs comptent, y compris ceux des régions voisines : une agence à moins du rayon couvre les communes frontalières.',
  ];
  if (!points.length) notes.push('Aucun point de conseil n’est importé : toute la région est en zone blanche.');
  if (unplaced.length) notes.push(`${unplaced.length} communes sans position connue, hors du calcul : ${unplaced.slice(0, 10).join(', ')}`);
  if (withoutPopulation) notes.push(`${withoutPopulation} communes sans population connue, comptées pour 0 habitant`);
  if (site > 0 && siting.length < site) {
    notes.push(`${siting.length} implantation(s) seulement : au-delà, aucun nouveau point ne couvrirait d’habitant supplémentaire.`);
  }

  const coverage: Coverage = {
    region,
    radiusKm,
    method: DISTANCE_METHOD,
    population: total,
    coveredPopulation,
    share: total ? round(coveredPopulation / total, 4) : 0,
    communes: communes.length,
    coveredCommunes: covered.filter(Boolean).length,
    points: {
      total: points.length,
      inRegion: points.filter((p) => p.region === regionCode).length,
      outsideRegionCovering: outsideCovering,
      byKind,
    },
    departements: departements.map((d) => {
      const idx = communes.map((c, i) => (c.departement === d.code ? i : -1)).filter((i) => i >= 0);
      const population = sum(idx.map((i) => communes[i].population));
      const coveredHere = sum(idx.map((i) => (covered[i] ? communes[i].population : 0)));
      return {
        code: d.code,
        name: d.name,
        population,
        coveredPopulation: coveredHere,
        share: population ? round(coveredHere / population, 4) : 0,
        whiteZones: idx.filter((i) => !covered[i]).length,
      };
    }),
    whiteZones: whiteIdx.map((i) => {
      const c = communes[i];
      const n = nearest[i];
      return {
        code: c.code,
        name: c.name,
        departement: c.departement,
        population: c.population,
        nearestKm: n ? round(n.km, 1) : null,
        nearestPoint: n ? { id: n.point.id, name: n.point.name, kind: n.point.kind } : null,
      };
    }),
    siting,
    sources: await sourcesOf(db),
    notes,
  };
  return { coverage, communes, nearestKm: nearest.map((n) => (n ? n.km : null)), points };
}

/** Whether a point lies within `radiusKm` of a commune (a box around the région first: most points are far). */
function nearRegion(communes: readonly CommuneCentre[], radiusKm: number): (p: { lat: number; lon: number }) => boolean {
  if (!communes.length) return () => false;
  let [south, north, west, east] = [90, -90, 180, -180];
  for (const c of communes) {
    south = Math.min(south, c.lat);
    north = Math.max(north, c.lat);
    west = Math.min(west, c.lon);
    east = Math.max(east, c.lon);
  }
  // 111.19 km per degree of latitude; a degree of longitude shrinks with the cosine of the latitude.
  const dLat = radiusKm / 111.19 + 0.01;
  const widest = Math.min(89, Math.max(Math.abs(south), Math.abs(north)) + dLat);
  const dLon = radiusKm / (111.19 * Math.cos((widest * Math.PI) / 180)) + 0.01;
  return (p) =>
    p.lat >= south - dLat &&
    p.lat <= north + dLat &&
    p.lon >= west - dLon &&
    p.lon <= east + dLon &&
    communes.some((c) => haversineKm(c.lat, c.lon, p.lat, p.lon) <= radiusKm);
}

function sum(values: number[]): number {
  let s = 0;
  for (const v of values) s += v;
  return s;
}

function nearestPoint(c: { lat: number; lon: number }, points: readonly ActivePoint[]): { point: ActivePoint; km: number } | null {
  let best: { point: ActivePoint; km: number } | null = null;
  for (const p of points) {
    // One degree of latitude is ~111 km: a point farther in latitude than the best cannot be nearer.
    if (best && Math.abs(p.lat - c.lat) * 111.19 > best.km) continue;
    const km = haversineKm(c.lat, c.lon, p.lat, p.lon);
    if (!best || km < best.km || (km === best.km && p.id < best.point.id)) best = { point: p, km };
  }
  return best;
}

/**
 * Greedy maximum coverage: N times, the commune of the région whose centre, as a new point,
 * would cover the most people not yet covered (ties: more communes, then the smaller INSEE code).
 * Stops early when no commune adds anyone.
 */
export function greedySiting(
  communes: readonly CommuneCentre[],
  coveredAtStart: readonly boolean[],
  radiusKm: number,
  n: number,
  coveredPopulation: number,
  total: number,
): Coverage['siting'] {
  if (n <= 0) return [];
  const covered = [...coveredAtStart];
  const white = communes.map((_, i) => i).filter((i) => !covered[i]);
  // For each candidate, the white communes it would reach.
  const reach = communes.map((c) => white.filter((w) => haversineKm(c.lat, c.lon, communes[w].lat, communes[w].lon) <= radiusKm));
  const out: Coverage['siting'] = [];
  let coveredSoFar = coveredPopulation;
  for (let rank = 1; rank <= n; rank++) {
    let best = -1;
    let bestGain = 0;
    let bestCount = 0;
    communes.forEach((c, i) => {
      let gain = 0;
      let count = 0;
      for (const w of reach[i]) {
        if (covered[w]) continue;
        gain += communes[w].population;
        count++;
      }
      if (
        count > 0 &&
        (gain > bestGain ||
          (gain === bestGain && count > bestCount) ||
          (gain === bestGain && count === bestCount && best >= 0 && c.code < communes[best].code))
      ) {
        best = i;
        bestGain = gain;
        bestCount = count;
      }
    });
    if (best < 0 || bestGain === 0) break;
    for (const w of reach[best]) covered[w] = true;
    coveredSoFar += bestGain;
    const c = communes[best];
    out.push({
      rank,
      code: c.code,
      name: c.name,
      departement: c.departement,
      addedPopulation: bestGain,
      addedCommunes: bestCount,
      shareAfter: total ? round(coveredSoFar / total, 4) : 0,
    });
  }
  return out;
}

/** The files behind the figures: the points' sources and the communes' populations, with their edition. */
async function sourcesOf(db: CoverageDb): Promise<Coverage['sources']> {
  const { rows } = await sql<{ file: string; version: string; imported_at: Date }>`
    SELECT DISTINCT ON (f.file) f.file, f.version, r.finished_at AS imported_at
    FROM import_file f JOIN import_run r ON r.id = f.run_id
    WHERE f.source IN ('points-conseil', 'territoires') AND (f.source = 'points-conseil' OR f.file LIKE '%communes%')
    ORDER BY f.file, f.run_id DESC`.execute(db);
  const csv = await db
    .selectFrom('steering_point')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max('updated_at').as('at')])
    .where('origin', 'in', ['csv', 'saisie'])
    .where('removed_at', 'is', null)
    .executeTakeFirstOrThrow();
  const out = rows
    .filter((r) => !r.file.includes('(tracés)'))
    .map((r) => ({ file: r.file, version: r.version, importedAt: new Date(r.imported_at).toISOString() }));
  if (Number(csv.n) > 0 && csv.at) {
    out.push({
      file: 'points saisis ou importés par CSV',
      version: `${csv.n} point(s) d’opérateurs`,
      importedAt: new Date(csv.at as Date).toISOString(),
    });
  }
  return out;
}

/** The coverage with its GeoJSON: white-zone outlines (or centres), the points serving the région, the sites. */
export async function coverageWithMap(db: CoverageDb, options: CoverageOptions = {}): Promise<CoverageWithMap> {
  const { coverage, communes, points } = await computeCoverage(db, options);
  const white = coverage.whiteZones.map((w) => w.code);
  const shapes = new Map(
    white.length
      ? (
          await db
            .selectFrom('territory_shape')
            .select(['code', 'geometry'])
            .where('level', '=', 'commune')
            .where('code', 'in', white)
            .execute()
        ).map((s) => [s.code, s.geometry])
      : [],
  );
  const byCode = new Map(communes.map((c) => [c.code, c]));
  const features: CoverageWithMap['map']['features'] = [];
  for (const w of coverage.whiteZones) {
    const shape = shapes.get(w.code);
    const c = byCode.get(w.code)!;
    features.push({
      type: 'Feature',
      geometry: shape ? JSON.parse(shape) : { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { layer: 'zone-blanche', name: w.name, code: w.code, population: w.population, kind: null },
    });
  }
  // The points that serve the région: its own and those of other régions within the radius of one of its communes.
  const near = nearRegion(communes, coverage.radiusKm);
  for (const p of points) {
    const serves = p.region === coverage.region.code || near(p);
    if (!serves) continue;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [p.lon, p.lat] },
      properties: { layer: 'point', name: p.name, code: null, population: null, kind: p.kind },
    });
  }
  for (const s of coverage.siting) {
    const c = byCode.get(s.code)!;
    features.push({
      type: 'Feature',
      geometry: { type: 'Point', coordinates: [c.lon, c.lat] },
      properties: { layer: 'implantation', name: `${s.rank}. ${s.name}`, code: s.code, population: s.addedPopulation, kind: null },
    });
  }
  return { ...coverage, map: { type: 'FeatureCollection', features } };
}

/**
 * One layer of the map for the portal's map component: the white zones (outlines), or the points
 * serving the région with the proposed sites (kind « cfa » draws them in the map's primary colour).
 */
export async function coverageLayer(db: CoverageDb, layer: 'zones' | 'points', options: CoverageOptions = {}): Promise<MapLayer> {
  const { map } = await coverageWithMap(db, options);
  const features: MapLayer['features'] = [];
  for (const f of map.features) {
    const p = f.properties;
    if (layer === 'zones' && p.layer === 'zone-blanche') {
      features.push({
        ...f,
        properties: {
          title: `${p.name} : ${(p.population ?? 0).toLocaleString('fr-FR')} habitants, zone blanche`,
          href: '#zones-blanches',
          kind: 'zone',
        },
      });
    } else if (layer === 'points' && p.layer === 'point') {
      features.push({ ...f, properties: { title: p.name, href: '#zones-blanches', kind: 'point' } });
    } else if (layer === 'points' && p.layer === 'implantation') {
      features.push({ ...f, properties: { title: `Implantation proposée ${p.name}`, href: '#implantations', kind: 'cfa' } });
    }
  }
  return { type: 'FeatureCollection', features };
}
