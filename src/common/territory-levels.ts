/** The levels a territory is named at, in the API's paths and the portal's addresses. */

/** Levels of the occupation × territory view (labour-market figures exist for each). */
export const TERRITORY_LEVELS = ['commune', 'departement', 'region', 'bassin', 'zone-emploi'] as const;
export type TerritoryLevel = (typeof TERRITORY_LEVELS)[number];

/** Levels of the territory search and portrait: those, plus the intercommunality (EPCI). */
export const PORTRAIT_LEVELS = ['commune', 'epci', 'zone-emploi', 'bassin', 'departement', 'region'] as const;
export type PortraitLevel = (typeof PORTRAIT_LEVELS)[number];
