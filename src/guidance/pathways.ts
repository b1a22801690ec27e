/**
 * The pathway simulator (`POST /api/v1/pathways`, `passerelles pathways simulate`): for a person's
 * skills (an occupation held or ROME items), a commune, a radius, a status and an optional age,
 * up to 5 pathways towards a target occupation — or, with `explore`, towards occupations in
 * tension near the person that the skills already largely cover. Each pathway is a list of steps
 * (immersion, direct application, short adaptation course, certifying training, apprenticeship or
 * professionalisation contract, VAE plus a complementary bloc) with its total duration, the
 * farthest distance, the start dates available, the expected employment rate, the local tension
 * of the target and the funding routes that fit the status and age. Every figure is a Figure
 * (value, source, vintage).
 *
 * Nothing personal is stored: the input is validated, the answer computed and returned; no table,
 * no log line holds the profile.
 */
import type { Kysely } from 'kysely';
import type { GuidanceSchema } from './db.ts';
import { InputError } from '../platform/errors.ts';
import { TENSION_SCALES } from '../labour-market/index.ts';
import { SkillsProfileError, type MissingGroup, type Profile, type SkillsCatalog } from './skills-model.ts';
import { STATUSES, type Status, type StepKind } from './funding-rules.ts';
import { fundingFor, rulesFor, statusWord, type FundingAnswer, type FundingPerson, type FundingRoute } from './funding.ts';
import { closeGap, VAE_THRESHOLD, type CertificationRef, type Gap, type TrainingOption, type VaeOption } from './gap.ts';
import { figure, PASSERELLES_COMPUTATION, type Figure } from './figures.ts';
import { pathwayLookups, type PathwayLookups } from './pathways-index.ts';
import { COMMUNE_CODE_ANY_CASE, ROME_CODE } from '../common/codes.ts';
import { frenchNumber, frenchPercent } from '../common/format.ts';

type Db = Kysely<GuidanceSchema>;

/** Score from which a direct application is proposed (the skills already cover most of the target). */
export const DIRECT_THRESHOLD = 0.6;
/**
 * Explore: least score of a proposed target (among the 25 best transitions), and least tension class
 * (1–5) at the finest level. 0.2 keeps about the 20 nearest fiches of a vendeur en épicerie
 * (skills model of November 2026, where the best transitions score 0.3 to 0.55).
 */
export const EXPLORE_MIN_SCORE = 0.2;
export const EXPLORE_MIN_TENSION = 4;
/** A course of at most this many hours in centre counts as a short adaptation course. */
export const SHORT_COURSE_HOURS = 280;
export const MAX_PATHWAYS = 5;
/** PMSMP: one month at most (Code du travail, art. L5135-1 et suivants). */
const IMMERSION_WEEKS = 4;

export interface PathwayInput {
  /** ROME code of an occupation held. */
  from?: string;
  /** ROME item codes (code OGR) of skills held. */
  skills?: string[];
  /** ROME item codes (code OGR) of the occupation held that the person does not practise. */
  exclude?: string[];
  /** Target ROME code. */
  to?: string;
  explore?: boolean;
  /** INSEE code of the commune. */
  commune: string;
  /** Radius in km: 0 < radius ≤ 200. */
  radius: number;
  status: string;
  age?: number | null;
  /** Day of the simulation (YYYY-MM-DD), default today. */
  today?: string;
}

export interface PathwayDeps {
  db: Db;
  skills: SkillsCatalog;
}

export interface TensionInfo {
  /** The figure at the finest level published: the bassin BMO, else the département, région or France. */
  finest: Figure | null;
  bassin: Figure | null;
  dares: Figure | null;
  scale: string;
}

export interface Step {
  kind: StepKind;
  title: string;
  description: string;
  duration: Figure | null;
  distance: Figure | null;
  training: TrainingOption | null;
  certification: CertificationRef | null;
  /** What the step brings: the missing skills it covers (VAE: what the complementary bloc must bring). */
  covers: MissingGroup[];
  funding: FundingRoute[];
}

export interface Pathway {
  id: string;
  title: string;
  steps: Step[];
  /** Sum of the step durations, in weeks. */
  duration: Figure | null;
  farthestDistance: Figure | null;
  /** Start dates of the first step with sessions. */
  startDates: { dates: string[]; source: string; vintage: string } | null;
  employment: Figure | null;
  tension: TensionInfo;
  /** Routes fitting the status and age, over all steps. */
  funding: FundingRoute[];
  /** Routes left out for the age or status, in French. */
  fundingExcluded: string[];
  demo: boolean;
  notes: string[];
}

/** The pathways the simulator may build, in its order, with the name the portal gives them. */
export const PATHWAY_ROUTES = {
  candidature: 'candidature directe',
  vae: 'VAE (validation des acquis de l’expérience)',
  'formation-certifiante': 'formation certifiante',
  apprentissage: 'contrat d’apprentissage',
  adaptation: 'formation courte d’adaptation',
  professionnalisation: 'contrat de professionnalisation',
} as const;
export type PathwayRoute = keyof typeof PATHWAY_ROUTES;

/** One kind of pathway for a target: proposed, or not and why (a French sentence from the simulator's own decision). */
export interface RouteChoice {
  kind: PathwayRoute;
  name: string;
  proposed: boolean;
  /** Null when proposed; else « Pas de VAE : … ». */
  reason: string | null;
}

export interface TargetResult {
  target: { code: string; label: string };
  match: Figure;
  tension: TensionInfo;
  shared: { code: string; label: string; kind: string }[];
  missing: MissingGroup[];
  certifications: Gap['certifications'];
  trainings: TrainingOption[];
  vae: VaeOption[];
  pathways: Pathway[];
  /** Every kind of pathway, proposed or not: the page names only the proposed ones and says why the others are absent. */
  routes: RouteChoice[];
  notes: string[];
}

export interface PathwayResponse {
  request: {
    from: { code: string; label: string } | null;
    skills: string[];
    /** Skills of the occupation held left out of the profile (unticked on « Mes compétences ailleurs »). */
    exclude: string[];
    to: { code: string; label: string } | null;
    explore: boolean;
    commune: { code: string; name: string; departement: string | null; region: string | null; bassinBmo: string | null };
    radiusKm: number;
    status: Status;
    age: number | null;
    today: string;
  };
  targets: TargetResult[];
  /** Some trainings are demonstration data. */
  demo: boolean;
  notes: string[];
  privacy: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function bad(field: string, message: string): never {
  throw new InputError(field, message);
}

interface Checked {
  from: string | null;
  skills: string[];
  exclude: string[];
  to: string | null;
  explore: boolean;
  commune: string;
  radius: number;
  status: Status;
  age: number | null;
  today: string;
}

/** Validates the input; InputError(field, French message) on a fault. */
export function checkInput(skills: SkillsCatalog, input: PathwayInput): Checked {
  const from = input.from === undefined || input.from === null || input.from === '' ? null : String(input.from).trim().toUpperCase();
  if (input.skills !== undefined && !Array.isArray(input.skills))
    bad('skills', 'liste de compétences attendue (codes ROME des compétences)');
  if (Array.isArray(input.skills) && input.skills.length === 0)
    bad('skills', 'liste de compétences vide : indiquez au moins une compétence');
  const items = (input.skills ?? []).map((s) => String(s).trim());
  if (input.exclude !== undefined && !Array.isArray(input.exclude))
    bad('exclude', 'liste de compétences attendue (codes OGR des compétences non pratiquées)');
  const exclude = [...new Set((input.exclude ?? []).map((s) => String(s).trim()))];
  if (from === null && !items.length) bad('from', 'indiquez un métier exercé (from) ou des compétences (skills)');
  const to = input.to === undefined || input.to === null || input.to === '' ? null : String(input.to).trim().toUpperCase();
  const explore = input.explore === true;
  if (to !== null && explore) bad('explore', 'choisissez entre un métier visé (to) et l’exploration (explore)');
  if (to === null && !explore) bad('to', 'indiquez un métier visé (to) ou demandez l’exploration (explore)');
  const commune = String(input.commune ?? '').trim();
  if (!COMMUNE_CODE_ANY_CASE.test(commune))
    bad('commune', `commune inconnue : « ${commune.slice(0, 20)} » (code INSEE à 5 caractères attendu, ex. 44184)`);
  const radius = Number(input.radius);
  if (input.radius === undefined || input.radius === null || !Number.isFinite(radius) || radius <= 0 || radius > 200) {
    bad('radius', 'rayon invalide : un nombre de kilomètres supérieur à 0 et au plus 200 est attendu');
  }
  if (!STATUSES.includes(input.status as Status))
    bad('status', `statut invalide : « ${String(input.status ?? '').slice(0, 20)} » (jeune, demandeur ou salarie)`);
  let age: number | null = null;
  if (input.age !== undefined && input.age !== null) {
    age = Number(input.age);
    if (!Number.isInteger(age) || age < 14 || age > 99) bad('age', 'âge invalide : un nombre entier d’années entre 14 et 99 est attendu');
  }
  const today = input.today ?? new Date().toISOString().slice(0, 10);
  if (!DAY.test(today) || Number.isNaN(Date.parse(`${today}T00:00:00Z`))) bad('today', 'date invalide (AAAA-MM-JJ attendu)');
  // Checks against the referential last, after those of the form.
  if (from !== null && (!ROME_CODE.test(from) || !skills.hasFiche(from)))
    bad('from', `code ROME inconnu : « ${String(input.from).slice(0, 20)} »`);
  if (to !== null && (!ROME_CODE.test(to) || !skills.hasFiche(to))) bad('to', `code ROME inconnu : « ${String(input.to).slice(0, 20)} »`);
  return { from, skills: items, exclude, to, explore, commune: commune.toUpperCase(), radius, status: input.status as Status, age, today };
}

function profileOf(skills: SkillsCatalog, c: Checked): Profile {
  let profile: Profile;
  try {
    profile = skills.profile({ occupations: c.from ? [c.from] : [], exclude: c.exclude, skills: c.skills });
  } catch (e) {
    if (e instanceof SkillsProfileError)
      bad(e.field.startsWith('occupations') ? 'from' : e.field, `${e.message.replace(/^./, (x) => x.toLowerCase())}`);
    throw e;
  }
  if (profile.items.size === 0) bad('exclude', 'aucune compétence ne reste dans le profil : gardez-en au moins une');
  return profile;
}

async function tensionInfo(
  lookups: PathwayLookups,
  rome: string,
  where: { region?: string; departement?: string; bassin?: string },
): Promise<TensionInfo> {
  const t = await lookups.tension(rome, where);
  const b =
    t.bassin && t.bassin.tension !== null
      ? figure(
          t.bassin.tension,
          'classe 1-5',
          `Tension du métier dans le bassin d’emploi (${t.bassin.rome})`,
          t.bassin.source,
          t.bassin.vintage,
          { geoLevel: t.bassin.geoLevel, geoCode: t.bassin.geoCode },
        )
      : null;
  const d = t.dares.find((x) => x.categorie !== null);
  const dares = d
    ? figure(
        d.categorie!,
        'classe 1-5',
        `Tension DARES de la famille de métiers qui comprend celui-ci (indicateur principal ${d.tension === null ? 'non publié' : frenchNumber(d.tension, 2)})`,
        d.source,
        d.vintage,
        { geoLevel: d.geoLevel, geoCode: d.geoCode },
      )
    : null;
  return { finest: b ?? dares, bassin: b, dares, scale: `${TENSION_SCALES.categorie} ${TENSION_SCALES.bassin}` };
}

function weeks(total: number, parts: Figure[]): Figure | null {
  if (!parts.length) return null;
  const sources = [...new Set(parts.map((p) => p.source))];
  const vintages = [...new Set(parts.map((p) => p.vintage))];
  return figure(
    total,
    'semaines',
    'Durée totale estimée du parcours (somme des étapes)',
    `${PASSERELLES_COMPUTATION} à partir de : ${sources.join(' ; ')}`,
    vintages.join(' ; '),
  );
}

/** Runs the simulation. */
export async function simulatePathways(deps: PathwayDeps, input: PathwayInput): Promise<PathwayResponse> {
  const { db, skills } = deps;
  const c = checkInput(skills, input);
  const lookups = pathwayLookups(db, skills.model);
  const territory = await lookups.commune(c.commune);
  if (!territory) bad('commune', `commune inconnue : « ${c.commune} » (code INSEE attendu, ex. 44184)`);
  const profile = profileOf(skills, c);
  const vintage = await lookups.romeVintage();
  const where = { region: territory.region?.code, departement: territory.departement?.code, bassin: territory.bassinBmo?.code };
  const person: FundingPerson = { status: c.status, age: c.age, region: territory.region?.code ?? null, day: c.today };
  const notes: string[] = [];

  let targets: { code: string; tension: TensionInfo }[] = [];
  if (c.to) {
    targets = [{ code: c.to, tension: await tensionInfo(lookups, c.to, where) }];
  } else {
    // Explore: the best transitions whose occupation is in tension where the person lives.
    const candidates = skills.transitions(profile, { limit: 25 }).filter((t) => t.score >= EXPLORE_MIN_SCORE);
    for (const t of candidates) {
      const tension = await tensionInfo(lookups, t.code, where);
      if ((tension.finest?.value ?? 0) >= EXPLORE_MIN_TENSION) targets.push({ code: t.code, tension });
      if (targets.length === MAX_PATHWAYS) break;
    }
    notes.push(
      `Exploration : parmi les 25 métiers les plus proches de vos compétences (score d’au moins ${EXPLORE_MIN_SCORE * 100} sur 100, modèle de compétences ROME 4.0), ` +
        `en tension (classe ${EXPLORE_MIN_TENSION} ou plus) au niveau le plus fin publié pour votre commune ; le meilleur parcours de chacun.`,
    );
    if (!targets.length) notes.push('Aucun métier proche de vos compétences n’est en forte tension près de chez vous.');
  }

  const results: TargetResult[] = [];
  for (const t of targets) {
    const gap = await closeGap(
      { db, skills, romeVintage: vintage, lookups },
      {
        profile,
        target: t.code,
        commune: territory.code,
        radiusKm: c.radius,
        region: person.region,
        today: c.today,
      },
    );
    const built = buildPathways(gap, t.tension, person, c.status, c.radius);
    const pathways = built.pathways.slice(0, c.explore ? 1 : MAX_PATHWAYS);
    results.push({
      target: gap.target,
      match: gap.match,
      tension: t.tension,
      shared: gap.transition.shared.map((s) => ({ code: s.code, label: s.label, kind: s.kind })),
      missing: gap.transition.missing,
      certifications: gap.certifications,
      trainings: gap.trainings.slice(0, 10),
      vae: gap.vae,
      pathways,
      routes: routeChoices(built, pathways, c.explore),
      notes: gap.notes,
    });
  }
  const demo = results.some((r) => r.trainings.some((x) => x.demo));
  if (demo)
    notes.push('Les formations montrées sont des données de démonstration (catalogue fictif) : ni les organismes ni les dates n’existent.');
  return {
    request: {
      from: c.from ? { code: c.from, label: skills.ficheLabel(c.from) ?? c.from } : null,
      skills: c.skills,
      exclude: c.exclude,
      to: c.to ? { code: c.to, label: skills.ficheLabel(c.to) ?? c.to } : null,
      explore: c.explore,
      commune: {
        code: territory.code,
        name: territory.name,
        departement: territory.departement?.code ?? null,
        region: territory.region?.code ?? null,
        bassinBmo: territory.bassinBmo?.code ?? null,
      },
      radiusKm: c.radius,
      status: c.status,
      age: c.age,
      today: c.today,
    },
    targets: results,
    demo,
    notes,
    privacy: 'Simulation calculée à la demande puis oubliée : rien de ce que vous avez saisi n’est enregistré.',
  };
}

// ---- pathways ------------------------------------------------------------------------------------

function trainingStep(
  kind: StepKind,
  title: string,
  description: string,
  t: TrainingOption,
  gap: Gap,
  person: FundingPerson,
): { step: Step; excluded: string[] } {
  const f = fundingFor(person, kind, { eligibleCpf: t.eligibleCpf, financeurs: t.financeurs });
  const covered = new Set(t.covers.map((s) => s.code));
  const covers = t.certification?.linkedToTarget
    ? gap.transition.missing
    : gap.transition.missing
        .map((g) => ({ macro: g.macro, skills: g.skills.filter((s) => covered.has(s.code)) }))
        .filter((g) => g.skills.length);
  return {
    step: {
      kind,
      title,
      description,
      duration: t.duration,
      distance: t.distance,
      training: t,
      certification: t.certification
        ? {
            code: t.certification.code,
            label: t.certification.label,
            type: t.certification.type,
            niveau: t.certification.niveau,
            rncp: t.certification.rncp,
          }
        : null,
      covers,
      funding: f.routes,
    },
    excluded: f.excluded,
  };
}

function plainStep(
  kind: StepKind,
  title: string,
  description: string,
  person: FundingPerson,
  duration: Figure | null,
): { step: Step; excluded: string[] } {
  const f = fundingFor(person, kind);
  return {
    step: { kind, title, description, duration, distance: null, training: null, certification: null, covers: [], funding: f.routes },
    excluded: f.excluded,
  };
}

function immersion(person: FundingPerson, label: string): { step: Step; excluded: string[] } {
  return plainStep(
    'immersion',
    `Immersion en entreprise (PMSMP) : ${label}`,
    'Quelques jours à un mois dans une entreprise du métier pour le découvrir et le confirmer, sur prescription de France Travail, d’une Mission locale ou de Cap emploi.',
    person,
    figure(
      IMMERSION_WEEKS,
      'semaines',
      'Durée maximale d’une PMSMP (un mois)',
      'Code du travail, art. L5135-1 et suivants ; service-public.fr F14102',
      'vérifié le 2023-07-27',
    ),
  );
}

function application(person: FundingPerson, label: string): { step: Step; excluded: string[] } {
  return plainStep(
    'candidature',
    `Candidature : ${label}`,
    'Postuler directement aux offres du métier, en mettant en avant les compétences déjà acquises.',
    person,
    null,
  );
}

function assemble(
  id: string,
  title: string,
  parts: { step: Step; excluded: string[] }[],
  person: FundingPerson,
  tension: TensionInfo,
  employment: Figure | null,
): Pathway {
  const steps = parts.map((p) => p.step);
  const durations = steps.map((s) => s.duration).filter((d): d is Figure => d !== null);
  const distances = steps.map((s) => s.distance).filter((d): d is Figure => d !== null);
  const farthest = distances.sort((a, b) => b.value - a.value)[0] ?? null;
  const upcoming = (s: Step) => (s.training?.sessions ?? []).map((x) => x.debut).filter((d): d is string => !!d && d >= person.day);
  const withSessions = steps.find((s) => upcoming(s).length);
  const funding = new Map<string, FundingRoute>();
  for (const s of steps) for (const r of s.funding) if (!funding.has(r.id)) funding.set(r.id, r);
  return {
    id,
    title,
    steps,
    duration: weeks(
      durations.reduce((s, d) => s + d.value, 0),
      durations,
    ),
    farthestDistance: farthest,
    startDates: withSessions
      ? {
          dates: [...new Set(upcoming(withSessions))].slice(0, 5),
          source: withSessions.training!.provenance.source,
          vintage: withSessions.training!.provenance.vintage,
        }
      : null,
    employment,
    tension,
    funding: [...funding.values()],
    fundingExcluded: [...new Set(parts.flatMap((p) => p.excluded))],
    demo: steps.some((s) => s.training?.demo),
    notes: [
      ...(employment === null && steps.some((s) => s.certification)
        ? [
            'Pas de taux d’emploi publié (InserJeunes) pour cette certification dans la région : titre, CQP ou effectif sous le seuil de publication.',
          ]
        : []),
      ...(steps.some((s) => s.training?.demo) ? ['Formation issue du catalogue de démonstration : offre fictive.'] : []),
    ],
  };
}

/** What buildPathways gives: the pathways, best first, and why each kind it did not build is absent. */
export interface BuiltPathways {
  pathways: Pathway[];
  absent: Partial<Record<PathwayRoute, string>>;
}

/**
 * Why a contract's funding route is closed to the person, briefly: the age limit of its rule when the
 * age is outside it (the full note stays under « Non proposé dans votre situation »), else the
 * exclusion's own words, else the status.
 */
function fundingWhy(answer: FundingAnswer, step: StepKind, person: FundingPerson): string {
  const rule = rulesFor(person.region, person.day).find(
    (r) => r.steps.includes(step) && answer.excluded.some((x) => x.startsWith(`${r.name} : `)),
  );
  const age = rule?.age;
  if (age && person.age !== null && ((age.min !== undefined && person.age < age.min) || (age.max !== undefined && person.age > age.max))) {
    const span = age.max === undefined ? `à partir de ${age.min} ans` : `de ${age.min ?? 0} à ${age.max} ans révolus`;
    return `vous avez indiqué ${person.age} ans, il est ouvert ${span} au début du contrat, sauf exceptions`;
  }
  const first = answer.excluded[0];
  return first ? first.replace(/^[^:]+ : /, '') : `non ouvert au statut « ${statusWord(person.status)} »`;
}

/**
 * Candidate pathways, best first: direct, VAE, certifying training, apprenticeship, adaptation,
 * professionalisation; for each one not built, the reason, read from the same test that left it out.
 */
export function buildPathways(gap: Gap, tension: TensionInfo, person: FundingPerson, status: Status, radiusKm: number): BuiltPathways {
  const label = gap.target.label;
  const out: Pathway[] = [];
  const absent: BuiltPathways['absent'] = {};
  const discover = status !== 'salarie';
  const certifying = gap.trainings.filter((t) => t.certification?.linkedToTarget);
  const short = gap.trainings.filter((t) => !t.certification || (t.hours !== null && t.hours.value <= SHORT_COURSE_HOURS));
  const within = `à moins de ${frenchNumber(radiusKm)} km`;
  // Why no certifying training exists near the person (shared by the routes that need one).
  const noCertifying = !gap.certifications.length
    ? 'aucune certification n’est reliée directement à ce métier dans Certif Info'
    : !gap.trainings.length
      ? `aucune formation menant à ce métier ${within} dans l’offre de formation ; essayez un rayon plus grand`
      : `les formations ${within} ne préparent aucune certification de ce métier`;

  if (gap.transition.score >= DIRECT_THRESHOLD) {
    out.push(
      assemble(
        'candidature',
        `Candidater directement : vos compétences couvrent déjà l’essentiel du métier ${label}`,
        [...(discover ? [immersion(person, label)] : []), application(person, label)],
        person,
        tension,
        null,
      ),
    );
  } else {
    absent.candidature = `Pas de candidature directe : vos compétences couvrent ${frenchPercent(gap.match.value)} du métier, il en faut au moins ${frenchPercent(DIRECT_THRESHOLD * 100, 0)}.`;
  }

  const vae = gap.vae[0];
  if (vae) {
    const bloc = gap.trainings.find((t) => t.certification?.code === vae.certification.code) ?? short[0] ?? null;
    const parts = [
      plainStep(
        'vae',
        `VAE : ${vae.certification.label}`,
        `Faire valider par un jury l’expérience acquise : vos compétences couvrent ${vae.match.value} % du métier visé par la certification (seuil ${vae.threshold * 100} %).`,
        person,
        null,
      ),
    ];
    parts[0].step.certification = vae.certification;
    parts[0].step.covers = [];
    if (bloc) {
      const p = trainingStep(
        'bloc-complementaire',
        `Bloc complémentaire : ${bloc.intitule}`,
        'Formation courte ou bloc de compétences pour acquérir ce qui manque encore avant le jury.',
        bloc,
        gap,
        person,
      );
      p.step.covers = vae.complementary;
      parts.push(p);
    }
    const cert = gap.certifications.find((x) => x.code === vae.certification.code);
    out.push(
      assemble(
        'vae',
        `Valider l’expérience (VAE) : ${vae.certification.label}`,
        [...parts, application(person, label)],
        person,
        tension,
        cert?.employment ?? null,
      ),
    );
  } else {
    const closest = gap.vaeClosest;
    absent.vae = `Pas de VAE : ${
      !gap.certifications.length
        ? 'aucune certification n’est reliée directement à ce métier dans Certif Info'
        : closest
          ? `la VAE valide une expérience proche du métier de la certification ; vos compétences couvrent ${frenchPercent(closest.match)} du métier ${closest.occupation} (${closest.certification.label}), il en faut au moins ${frenchPercent(VAE_THRESHOLD * 100, 0)}`
          : 'aucune certification de ce métier n’est ouverte à la VAE d’après Certif Info'
    }.`;
  }

  // The best certifying offer the person can fund through a route of their own (CPF or Transitions Pro
  // for a salarié, any route but the immersion otherwise), else the best one.
  const own = (t: TrainingOption) =>
    fundingFor(person, 'formation-certifiante', { eligibleCpf: t.eligibleCpf, financeurs: t.financeurs }).routes.some((r) =>
      status === 'salarie' ? r.id === 'cpf' || r.id === 'transitions-pro-ptp' : r.id !== 'pmsmp',
    );
  const best = certifying.find(own) ?? certifying[0];
  if (best) {
    out.push(
      assemble(
        'formation-certifiante',
        `Se former et se certifier : ${best.intitule}`,
        [
          ...(discover ? [immersion(person, label)] : []),
          trainingStep(
            'formation-certifiante',
            `Formation certifiante : ${best.intitule}`,
            `Préparer ${best.certification!.label} à ${best.distance ? `${frenchNumber(best.distance.value, 1)} km` : 'distance inconnue'}.`,
            best,
            gap,
            person,
          ),
          application(person, label),
        ],
        person,
        tension,
        best.employment,
      ),
    );
  } else {
    absent['formation-certifiante'] = `Pas de formation certifiante : ${noCertifying}.`;
  }

  const apprentissage = fundingFor(person, 'apprentissage');
  const openToApprenticeship = (t: TrainingOption) =>
    t.alternance || gap.certifications.some((x) => x.code === t.certification?.code && x.access.apprentissage === true);
  const cfa = certifying.find((t) => t.alternance) ?? certifying.find(openToApprenticeship);
  if (apprentissage.routes.length && cfa) {
    const p = trainingStep(
      'apprentissage',
      `Contrat d’apprentissage : ${cfa.certification!.label}`,
      `Signer un contrat avec un employeur et suivre la formation en alternance${cfa.alternance ? ' (action en apprentissage)' : ' (certification ouverte à l’apprentissage : vérifier que le centre la propose en alternance)'}.`,
      cfa,
      gap,
      person,
    );
    const cert = gap.certifications.find((x) => x.code === cfa.certification?.code);
    out.push(
      assemble(
        'apprentissage',
        `Apprentissage : ${cfa.certification!.label}`,
        [p],
        person,
        tension,
        cfa.employment ?? cert?.employment ?? null,
      ),
    );
  } else {
    absent.apprentissage = `Pas d’apprentissage : ${
      !apprentissage.routes.length
        ? fundingWhy(apprentissage, 'apprentissage', person)
        : !certifying.length
          ? noCertifying
          : `aucune formation certifiante ${within} ne se fait en alternance ni ne prépare une certification ouverte à l’apprentissage`
    }.`;
  }

  const course = short.find((t) => t !== best);
  if (course) {
    out.push(
      assemble(
        'adaptation',
        `Formation courte d’adaptation puis candidature : ${course.intitule}`,
        [
          ...(discover ? [immersion(person, label)] : []),
          trainingStep(
            'adaptation',
            `Formation courte : ${course.intitule}`,
            `Acquérir les compétences qui manquent le plus en ${course.hours ? `${course.hours.value} heures` : 'peu de temps'}.`,
            course,
            gap,
            person,
          ),
          application(person, label),
        ],
        person,
        tension,
        null,
      ),
    );
  } else {
    absent.adaptation = `Pas de formation courte d’adaptation : ${
      short.length
        ? `la seule formation courte ${within} est déjà celle du parcours certifiant`
        : `aucune formation de ${SHORT_COURSE_HOURS} heures au plus menant à ce métier ${within}`
    }.`;
  }

  const pro = fundingFor(person, 'professionnalisation');
  const openToPro = (t: TrainingOption) =>
    gap.certifications.some((x) => x.code === t.certification?.code && x.access.professionnalisation !== false);
  const proTraining = certifying.find((t) => openToPro(t) && t !== cfa) ?? null;
  if (pro.routes.length && proTraining) {
    out.push(
      assemble(
        'professionnalisation',
        `Contrat de professionnalisation : ${proTraining.certification!.label}`,
        [
          trainingStep(
            'professionnalisation',
            `Contrat de professionnalisation : ${proTraining.certification!.label}`,
            'Être embauché par un employeur et se former en alternance dans un organisme de formation.',
            proTraining,
            gap,
            person,
          ),
        ],
        person,
        tension,
        proTraining.employment,
      ),
    );
  } else {
    absent.professionnalisation = `Pas de contrat de professionnalisation : ${
      !pro.routes.length
        ? fundingWhy(pro, 'professionnalisation', person)
        : !certifying.length
          ? noCertifying
          : certifying.some(openToPro)
            ? `la seule formation certifiante ${within} ouverte à ce contrat est celle du parcours en apprentissage`
            : `les certifications préparées ${within} ne sont pas ouvertes au contrat de professionnalisation d’après Certif Info`
    }.`;
  }

  // Routes left out for the age show on every pathway (e.g. apprenticeship after 29).
  const excluded = [...apprentissage.excluded, ...pro.excluded];
  for (const p of out) p.fundingExcluded = [...new Set([...p.fundingExcluded, ...excluded])];
  return { pathways: out, absent };
}

/** Every kind of pathway for the page: proposed when shown, else why (built but beyond the pathways shown counts too). */
export function routeChoices(built: BuiltPathways, shown: Pathway[], explore: boolean): RouteChoice[] {
  return (Object.keys(PATHWAY_ROUTES) as PathwayRoute[]).map((kind) => {
    const name = PATHWAY_ROUTES[kind];
    if (shown.some((p) => p.id === kind)) return { kind, name, proposed: true, reason: null };
    const reason =
      built.absent[kind] ??
      (explore
        ? `Pas de ${name} ici : l’exploration montre le meilleur parcours de chaque métier.`
        : `Pas de ${name} ici : ${MAX_PATHWAYS} parcours au plus sont montrés, les meilleurs d’abord.`);
    return { kind, name, proposed: false, reason };
  });
}
