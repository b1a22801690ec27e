/** Guidance (skills profiles, transitions between occupations, pathways): the module and what the rest of the platform may use. */
import type { Module } from '../platform/module.ts';
import type { DbHandle } from '../platform/db/connection.ts';
import { subcommand } from '../platform/cli.ts';
import { registerPathwayCommands } from './pathway-cli.ts';
import { registerTransitionCommands } from './transitions-cli.ts';
import { registerPathwayRoutes } from './pathway-routes.ts';
import { registerTransitionRoutes } from './transitions-routes.ts';
import { SkillsCatalog } from './skills-model.ts';

export const guidanceModule: Module = {
  name: 'guidance',
  commands(program, withDb) {
    registerTransitionCommands(subcommand(program, 'occupations', 'métiers (fiches ROME 4.0)'), withDb);
    registerPathwayCommands(program, withDb);
  },
  async serve(app, ctx) {
    const skills = await skillsCatalogFor(ctx.handle);
    registerTransitionRoutes(app, { ...ctx, skills });
    registerPathwayRoutes(app, { ...ctx, skills });
    return [skills];
  },
};

/**
 * Skills model (transitions helper). `ctx.skills` is a SkillsCatalog kept in step with the imports.
 * - `skills.profile({ occupations?, exclude?, skills?, esco? })` → Profile: ROME codes held, item codes
 *   (code OGR) unticked / picked, ESCO skill or occupation URIs. Throws SkillsProfileError
 *   (`field` such as "occupations/0", `code`) on an unknown value. Read `profile.occupations`,
 *   `profile.items` (ROME item codes), `profile.unmappedEsco`; the rest is internal.
 * - `skills.compare(profile, code)` → Transition | null: `score` in [0, 1] (coverage of the target's
 *   weighted skills, partial credit for practised macro-compétences, share for same domaine),
 *   `coverage` (sum of `shared` weights: exact share of the target held), `shared`, `missing` by
 *   macro-compétence. Use it for "how much of a certification's target occupation this person
 *   covers" (VAE): `coverage` or `score` of the certification's ROME code.
 * - `skills.transitions(profile, { limit, exclude? })` → Transition[] best first, without the
 *   occupations held. Never reads the official mobilités.
 * - `skills.hasFiche(code)`, `skills.ficheLabel(code)`, `skills.ficheSkills(code)`, `skills.searchSkills(q, limit)`.
 */
export { SkillsCatalog };

const catalogs = new WeakMap<DbHandle, Promise<SkillsCatalog>>();

/**
 * The one skills catalog of a database (loaded once): the guidance routes and the capabilities
 * above that run the same simulations share it, and the app refreshes it after each import.
 */
export function skillsCatalogFor(handle: DbHandle): Promise<SkillsCatalog> {
  let catalog = catalogs.get(handle);
  if (!catalog) {
    const fresh = new SkillsCatalog(handle.db);
    catalog = fresh.refresh().then(() => fresh);
    catalogs.set(handle, catalog);
  }
  return catalog;
}
export {
  SkillsModel,
  SkillsProfileError,
  loadSkillsData,
  DEFAULT_PARAMS,
  type SkillRef,
  type MissingGroup,
  type Transition,
  type SkillsProfileInput,
  type Profile,
  type SkillKind,
  type SkillHit,
  type FicheSkill,
  type ScoringParams,
  type RawSkillsData,
} from './skills-model.ts';
export {
  simulatePathways,
  checkInput as checkPathwayInput,
  type PathwayInput,
  type PathwayResponse,
  type Pathway,
  type Step as PathwayStep,
  type TargetResult,
  type TensionInfo,
} from './pathways.ts';
export {
  closeGap,
  VAE_THRESHOLD,
  type Gap,
  type TrainingOption,
  type CertificationOption,
  type CertificationRef,
  type VaeOption,
} from './gap.ts';
export { fundingFor, rulesFor, type FundingRoute, type FundingPerson } from './funding.ts';
export {
  NATIONAL_RULES,
  REGIONAL_RULES,
  regionalRules,
  STATUSES,
  type FundingRule,
  type Status,
  type StepKind,
  type LegalSource,
} from './funding-rules.ts';
export type { Figure } from './figures.ts';
export type { GuidanceSchema, GuidanceDb } from './db.ts';
export { transitionsFromProfile } from './transitions.ts';
