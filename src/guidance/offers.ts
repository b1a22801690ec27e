/**
 * Training offers near a person that lead to an occupation: the training search of the trainings
 * capability (by ROME, through the offers' domains and certifications, within a radius), then the
 * details a pathway needs and the search does not return (hours, alternance, financeurs, blocs de
 * compétences, contents, every session still to come).
 */
import type { Kysely } from 'kysely';
import type { GuidanceSchema } from './db.ts';
import { offerDetails, searchTrainings, type OfferDetails, type OfferSession } from '../trainings/index.ts';

type Db = Kysely<GuidanceSchema>;
export type NearbyOffer = OfferDetails;
export type { OfferSession };

/**
 * Offers leading to `rome` within `radiusKm` of a commune, nearest first (at most 100).
 * `radiusKm` may be below 1 km: the search runs with 1 km and the farther offers are dropped.
 */
export async function nearbyOffers(db: Db, q: { rome: string; commune: string; radiusKm: number; today: string }): Promise<NearbyOffer[]> {
  const found = await searchTrainings(
    db,
    {
      rome: q.rome,
      near: { commune: q.commune },
      radiusKm: Math.max(1, q.radiusKm),
      sort: 'distance',
      pageSize: 100,
    },
    { today: q.today, noNearest: true },
  );
  const hits = found.results.filter((h) => (h.lieu?.distanceKm ?? Infinity) <= q.radiusKm);
  return offerDetails(db, hits, q.today);
}
