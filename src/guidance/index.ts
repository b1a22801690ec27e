/** Guidance (skills profiles, transitions between occupations, pathways): what the rest of the platform may use. */
export { SkillsCatalog } from './skills-model.ts';
export { registerTransitionRoutes } from './transitions-routes.ts';
export { registerTransitionCommands } from './transitions-cli.ts';
export { registerPathwayRoutes } from './pathway-routes.ts';
export { registerPathwayCommands } from './pathway-cli.ts';
