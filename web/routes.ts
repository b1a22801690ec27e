import { type RouteConfig, index, route } from '@react-router/dev/routes';
import type { platformRoutes } from '../src/platform/contract.ts';
import type { territoryRoutes } from '../src/territories/contract.ts';
import type { referentialRoutes } from '../src/referentials/contract.ts';
import type { trainingRoutes } from '../src/trainings/contract.ts';
import type { viewRoutes } from '../src/views/contract.ts';
import type { guidanceRoutes } from '../src/guidance/contract.ts';
import type { identityRoutes } from '../src/identity/contract.ts';
import type { apiKeyRoutes } from '../src/identity/keys-contract.ts';
import type { pushRoutes } from '../src/exchange/push-contract.ts';
import type { apprenticeshipRoutes } from '../src/apprenticeship/contract.ts';
import type { recruitmentRoutes } from '../src/recruitment/contract.ts';
import type { agendaRoutes } from '../src/agenda/contract.ts';
import type { counsellingRoutes } from '../src/counselling/contract.ts';
import type { builderRoutes } from '../src/steering/builder-contract.ts';
import type { coverageRoutes } from '../src/steering/coverage-contract.ts';
import type { reviewRoutes } from '../src/steering/review-contract.ts';
import type { needsRoutes } from '../src/steering/needs-contract.ts';
import type { indicatorRoutes } from '../src/steering/indicators-contract.ts';
import type { reportRoutes } from '../src/steering/report-contract.ts';

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
  | typeof guidanceRoutes
  | typeof identityRoutes
  | typeof apiKeyRoutes
  | typeof pushRoutes
  | typeof apprenticeshipRoutes
  | typeof recruitmentRoutes
  | typeof agendaRoutes
  | typeof counsellingRoutes
  | typeof builderRoutes
  | typeof coverageRoutes
  | typeof reviewRoutes
  | typeof needsRoutes
  | typeof indicatorRoutes
  | typeof reportRoutes;

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
  route('inscription', 'routes/compte/inscription.tsx'),
  route('verification', 'routes/compte/verification.tsx'),
  route('connexion', 'routes/compte/connexion.tsx'),
  route('deconnexion', 'routes/compte/deconnexion.tsx'),
  route('mot-de-passe-oublie', 'routes/compte/mot-de-passe-oublie.tsx'),
  route('reinitialisation', 'routes/compte/reinitialisation.tsx'),
  route('invitation', 'routes/compte/invitation.tsx'),
  route('mon-compte', 'routes/compte/mon-compte.tsx'),
  route('mon-compte/donnees.json', 'routes/compte/donnees.ts'),
  route('structure', 'routes/compte/structure.tsx'),
  route('structure/cles', 'routes/compte/cles.tsx'),
  route('structure/flux', 'routes/exchange/flux.tsx'),
  route('partenaires/widget', 'routes/exchange/widget.tsx'),
  route('dev/courriels', 'routes/compte/courriels.tsx'),
  route('apprentissage/remuneration', 'routes/apprentissage/remuneration.tsx'),
  route('apprentissage/employeur', 'routes/apprentissage/employeur.tsx'),
  route('apprentissage/carte', 'routes/apprentissage/carte.tsx'),
  route('apprentissage/cfa', 'routes/apprentissage/cfa.tsx'),
  route('apprentissage/cfa/:uai', 'routes/apprentissage/cfa-fiche.tsx'),
  route('apprentissage/agenda', 'routes/apprentissage/agenda.tsx'),
  route('apprentissage/agenda/proposer', 'routes/apprentissage/agenda-formulaire.tsx', { id: 'agenda-proposer' }),
  route('apprentissage/agenda/:id', 'routes/apprentissage/agenda-evenement.tsx'),
  route('apprentissage/agenda/:id/modifier', 'routes/apprentissage/agenda-formulaire.tsx', { id: 'agenda-modifier' }),
  route('apprentissage', 'routes/apprentissage/accueil.tsx'),
  route('apprentissage/offres', 'routes/recrutement/offres.tsx'),
  route('apprentissage/offres/deposer', 'routes/recrutement/deposer.tsx'),
  route('apprentissage/offres/:id', 'routes/recrutement/offre.tsx'),
  route('apprentissage/mes-offres', 'routes/recrutement/mes-offres.tsx'),
  route('apprentissage/mes-offres/:id', 'routes/recrutement/mon-offre.tsx'),
  route('apprentissage/candidatures/:id', 'routes/recrutement/candidature.tsx'),
  route('apprentissage/candidatures/:id/cv', 'routes/recrutement/candidature-cv.ts'),
  route('apprentissage/mes-candidatures', 'routes/recrutement/mes-candidatures.tsx'),
  route('apprentissage/profil', 'routes/recrutement/profil.tsx'),
  route('apprentissage/profil/cv', 'routes/recrutement/profil-cv.ts'),
  route('apprentissage/candidats', 'routes/recrutement/candidats.tsx'),
  route('apprentissage/moderation', 'routes/recrutement/moderation.tsx'),
  route('conseil', 'routes/conseil/beneficiaires.tsx'),
  route('conseil/nouveau', 'routes/conseil/nouveau.tsx'),
  route('conseil/orientations', 'routes/conseil/orientations.tsx'),
  route('conseil/structure', 'routes/conseil/structure.tsx'),
  route('conseil/simulations/:id', 'routes/conseil/simulation.tsx'),
  route('conseil/:id', 'routes/conseil/fiche.tsx'),
  route('conseil/:id/modifier', 'routes/conseil/nouveau.tsx', { id: 'conseil-modifier' }),
  route('conseil/:id/comparer', 'routes/conseil/comparer.tsx'),
  route('conseil/:id/synthese', 'routes/conseil/synthese.tsx'),
  route('conseil/:id/donnees.json', 'routes/conseil/donnees.ts'),
  route('mon-plan/:token', 'routes/conseil/mon-plan.tsx'),
  route('pilotage/territoires', 'routes/pilotage/territoires.tsx'),
  route('pilotage/couverture', 'routes/pilotage/couverture.tsx'),
  route('pilotage/indicateurs', 'routes/pilotage/indicateurs.tsx'),
  route('pilotage/formations', 'routes/pilotage/formations.tsx'),
  route('pilotage/besoins', 'routes/pilotage/besoins.tsx'),
  route('pilotage/rapport', 'routes/pilotage/rapport.tsx'),
  route('pilotage/rapport/:level/:code', 'routes/pilotage/rapport-territoire.tsx'),
  // Last: any other address is a French 404.
  route('*', 'routes/not-found.tsx'),
] satisfies RouteConfig;
