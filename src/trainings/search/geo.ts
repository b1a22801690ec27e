/** Distances for the radius search: a bounding box first (cheap comparisons), then exact haversine. */

/** Mean Earth radius (IUGG), km. */
export const EARTH_RADIUS_KM = 6371.0088;
const KM_PER_DEGREE = (Math.PI * EARTH_RADIUS_KM) / 180;

export function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** A box holding every point within `km` of (lat, lon); longitudes widen towards the poles. */
export function boundingBox(lat: number, lon: number, km: number): { latMin: number; latMax: number; lonMin: number; lonMax: number } {
  const dLat = km / KM_PER_DEGREE;
  const farthest = Math.min(89.9, Math.abs(lat) + dLat);
  const dLon = Math.min(180, km / (KM_PER_DEGREE * Math.cos((farthest * Math.PI) / 180)));
  return { latMin: lat - dLat, latMax: lat + dLat, lonMin: lon - dLon, lonMax: lon + dLon };
}
