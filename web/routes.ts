import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('metiers/:code', 'routes/fiche.tsx'),
  route('formations', 'routes/formations.tsx'),
  route('formations/:source/:numero', 'routes/formation.tsx'),
  route('territoires', 'routes/territoires.tsx'),
  route('territoires/:level/:code', 'routes/territoire.tsx'),
  route('competences', 'routes/competences.tsx'),
  route('parcours', 'routes/parcours.tsx'),
] satisfies RouteConfig;
