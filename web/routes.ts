import { type RouteConfig, index, route } from '@react-router/dev/routes';
import type { platformRoutes } from '../src/platform/contract.ts';
import type { territoryRoutes } from '../src/territories/contract.ts';
import type { referentialRoutes } from '../src/referentials/contract.ts';
import type { trainingRoutes } from '../src/trainings/contract.ts';
import type { viewRoutes } from '../src/views/contract.ts';
import type { guidanceRoutes } from '../src/guidance/contract.ts';

/**
 * The API routes the pages read: the route tables of the capabilities' contracts (types only).
 * The portal's client (web/api.ts) takes its URLs, parameters and answers from them.
 */
export type PortalContracts =
  | typeof platformRoutes
  | typeof territoryRoutes
  | typeof referentialRoutes
  | typeof trainingRoutes
  | typeof viewRoutes
  | typeof guidanceRoutes;

/** The pages. */

export default [
  index('routes/home.tsx'),
  route('metiers/:code', 'routes/fiche.tsx'),
  route('recherche', 'routes/search.tsx'),
  route('mentions-legales', 'routes/legal.tsx'),
  route('accessibilite', 'routes/legal-accessibilite.tsx'),
  route('sources', 'routes/legal-sources.tsx'),
  route('formations', 'routes/formations.tsx'),
  route('formations/:source/:numero', 'routes/formation.tsx'),
  route('territoires', 'routes/territoires.tsx'),
  route('territoires/:level/:code', 'routes/territoire.tsx'),
  route('competences', 'routes/competences.tsx'),
  route('parcours', 'routes/parcours.tsx'),
  // Last: any other address is a French 404.
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
