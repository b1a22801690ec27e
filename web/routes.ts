import { type RouteConfig, index, route } from '@react-router/dev/routes';

export default [
  index('routes/home.tsx'),
  route('metiers/:code', 'routes/fiche.tsx'),
  route('competences', 'routes/competences.tsx'),
  route('parcours', 'routes/parcours.tsx'),
] satisfies RouteConfig;
