/** Distances for the radius search: bounding box first (btree on lat, lon), then exact haversine. */
import { sql, type RawBuilder } from 'kysely';

/** Mean Earth radius (IUGG), km. Tests and SQL use the same value. */
export const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 +
    Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** SQL haversine distance (km) from a fixed point to lat/lon columns. */
export function haversineSql(lat: number, lon: number, latCol: RawBuilder<unknown>, lonCol: RawBuilder<unknown>): RawBuilder<number> {
  return sql<number>`(2 * ${EARTH_RADIUS_KM}::float8 * asin(least(1::float8, sqrt(
    power(sin(radians(${latCol} - ${lat}::float8) / 2), 2) +
    cos(radians(${lat}::float8)) * cos(radians(${latCol})) * power(sin(radians(${lonCol} - ${lon}::float8) / 2), 2)))))`;
}

/** A box holding every point within `km` of (lat, lon); longitudes widen towards the poles. */
export function boundingBox(lat: number, lon: number, km: number): { latMin: number; latMax: number; lonMin: number; lonMax: number } {
  const dLat = km / KM_PER_DEGREE;
  const farthest = Math.min(89.9, Math.abs(lat) + dLat);
  const dLon = Math.min(180, km / (KM_PER_DEGREE * Math.cos((farthest * Math.PI) / 180)));
  return { latMin: lat - dLat, latMax: lat + dLat, lonMin: lon - dLon, lonMax: lon + dLon };
}
