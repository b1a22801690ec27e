import { type RouteConfig, index, route } from '@react-router/dev/routes';

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
