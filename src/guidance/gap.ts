/**
 * Closing the gap between a skills profile and a target occupation: the certifications leading to
 * it (Certif Info), their blocs de compétences where an offer states them, the trainings near the
 * person that cover the missing skills, and VAE when the person already covers most of a
 * certification's occupation.
 *
 * Trainings are ranked by a weighted sum (method v1):
 *   40 % coverage of the missing skills, 25 % proximity (1 − distance / radius),
 *   15 % brevity (1 − hours / 1,800, floored at 0), 20 % employment rate (InserJeunes, 6 months;
 *   0.5 when not published).
 * Coverage of an offer: the weight of the target's missing skills that its text (title,
 * objectives, contents, blocs) names — a label found whole, or two thirds of its significant words —
 * over the weight of all missing skills; an offer whose certification Certif Info links to the
 * target gets half the coverage on that link alone (it prepares the occupation even when its text
 * says little): coverage = 0.5 + 0.5 × text share for those, the text share otherwise.
 *
 * VAE threshold: proposed when the person's skills score on the certification's main occupation
 * (its first ROME code in Certif Info) is at least 0.5 (`skills.compare`). Calibrated on ROME
 * 4.0 v460 with the skills model of November 2026: a chef boulanger scores 0.52 on boulanger, a
 * boucher 0.53 on chef boucher, a chef boucher 0.52 on boucher — people who could pass the CAP by
 * VAE — while a vendeur en épicerie scores 0.21 on boulanger. Recalibrate when the scoring changes.
 */
import type { Kysely } from 'kysely';
import { foldWords } from '../common/text.ts';
import type { GuidanceSchema } from './db.ts';
import type { Outcome } from '../labour-market/index.ts';
import type { MissingGroup, Profile, SkillRef, SkillsCatalog, Transition } from './skills-model.ts';
import { figure, PASSERELLES_COMPUTATION, round1, type Figure } from './figures.ts';
import { nearbyOffers, type NearbyOffer, type OfferSession } from './offers.ts';
import { PathwayLookups } from './pathways-index.ts';
import { splitLinks } from '../referentials/certifications/index.ts';

type Db = Kysely<GuidanceSchema>;

export const VAE_THRESHOLD = 0.5;
export const RANKING_METHOD = 'méthode v1 : couverture 40 %, proximité 25 %, durée 15 %, taux d’emploi 20 %';
const MAX_HOURS = 1800;

export interface GapDeps {
  db: Db;
  skills: SkillsCatalog;
  /** The model's vintage, e.g. "ROME 4.0 version 60 - 25M09". */
  romeVintage: string;
  /** What does not depend on the person, kept per data version (read afresh when absent). */
  lookups?: PathwayLookups;
}

export interface GapInput {
  profile: Profile;
  target: string;
  commune: string;
  radiusKm: number;
  region: string | null;
  today: string;
}

export interface CertificationRef {
  code: string;
  label: string;
  type: string | null;
  niveau: number | null;
  rncp: string | null;
}

export interface CertificationOption extends CertificationRef {
  /** Who may take it, per Certif Info (null: not stated). */
  access: { apprentissage: boolean | null; vae: boolean | null; formationContinue: boolean | null; professionnalisation: boolean | null };
  /** Its main occupation (first ROME code), the one VAE is measured against. */
  mainRome: { code: string; label: string } | null;
  /** Blocs de compétences stated by the offers near the person (Certif Info does not list them). */
  blocs: { code: string; libelle: string }[];
  employment: Figure | null;
  employmentNotes: string[];
  offersNearby: number;
  source: { source: string; vintage: string };
}

export interface VaeOption {
  certification: CertificationRef;
  /** The person's skills score on the certification's main occupation. */
  match: Figure;
  threshold: number;
  /** What a complementary bloc or course should bring: the skills still missing on that occupation. */
  complementary: MissingGroup[];
}

export interface TrainingOption {
  source: string;
  formation: string;
  intitule: string;
  organisme: { siret: string; nom: string };
  lieu: { ville: string | null; commune: string | null; departement: string | null } | null;
  distance: Figure | null;
  hours: Figure | null;
  duration: Figure | null;
  sessions: OfferSession[];
  certification: (CertificationRef & { linkedToTarget: boolean }) | null;
  blocs: { code: string; libelle: string }[];
  eligibleCpf: boolean;
  alternance: boolean;
  /** LHEO dict-financeurs codes of the matching actions. */
  financeurs: string[];
  coverage: Figure;
  /** Missing skills its text names. */
  covers: SkillRef[];
  employment: Figure | null;
  rank: Figure;
  demo: boolean;
  provenance: { source: string; vintage: string };
}

export interface Gap {
  target: { code: string; label: string };
  transition: Transition;
  match: Figure;
  certifications: CertificationOption[];
  trainings: TrainingOption[];
  vae: VaeOption[];
  /** When no VAE is proposed: the certification open to VAE whose occupation the skills cover best (why none is). */
  vaeClosest: { certification: CertificationRef; occupation: string; match: number } | null;
  notes: string[];
}

/** Folds French text for matching: lower case, no accents, words separated by one space. */
function fold(text: string): string {
  return ` ${foldWords(text)} `;
}

const STOP = new Set([
  'avec',
  'dans',
  'pour',
  'selon',
  'des',
  'les',
  'une',
  'aux',
  'sur',
  'par',
  'et',
  'ou',
  'de',
  'du',
  'la',
  'le',
  'en',
  'un',
]);

/** Whether a text names a skill: its label whole, or two thirds of its significant words (5-letter stems). */
export function namesSkill(foldedText: string, stems: Set<string>, label: string): boolean {
  const l = fold(label);
  if (foldedText.includes(l)) return true;
  const words = l
    .trim()
    .split(' ')
    .filter((w) => w.length >= 4 && !STOP.has(w));
  if (words.length < 2) return false;
  const hits = words.filter((w) => stems.has(w.slice(0, 5))).length;
  return hits / words.length >= 2 / 3;
}

function stemsOf(foldedText: string): Set<string> {
  return new Set(
    foldedText
      .trim()
      .split(' ')
      .filter((w) => w.length >= 4)
      .map((w) => w.slice(0, 5)),
  );
}

/** The InserJeunes employment rate at 6 months to show: `voie` preferred, then the largest cohort. */
export function employmentFigure(outcomes: Outcome[], voie?: 'apprentissage' | 'scolaire'): Figure | null {
  const published = outcomes
    .filter((o) => o.tauxEmploi6Mois !== null)
    .sort((a, b) => Number(b.voie === voie) - Number(a.voie === voie) || (b.effectifs.sortants ?? 0) - (a.effectifs.sortants ?? 0));
  const o = published[0];
  if (!o) return null;
  return figure(o.tauxEmploi6Mois!, '%', `Taux d’emploi 6 mois après la sortie (voie ${o.voie})`, o.source, o.vintage, {
    geoLevel: o.geoLevel,
    geoCode: o.geoCode,
    cohort: o.effectifs.sortants,
    note: 'InserJeunes mesure les jeunes sortant de formation initiale : un ordre de grandeur pour un adulte.',
  });
}

function certRef(c: {
  code: string;
  label: string;
  type: string | null;
  niveauEuropeen: number | null;
  rncp: string | null;
}): CertificationRef {
  return { code: c.code, label: c.label, type: c.type, niveau: c.niveauEuropeen, rncp: c.rncp };
}

/** Weeks of an offer: its first upcoming session, else its hours at 35 a week. */
function durationWeeks(o: NearbyOffer): { weeks: number; how: string } | null {
  const s = o.sessions.find((x) => x.debut && x.fin);
  if (s) {
    const days = (Date.parse(`${s.fin}T00:00:00Z`) - Date.parse(`${s.debut}T00:00:00Z`)) / 86_400_000 + 1;
    if (days > 0) return { weeks: Math.max(1, Math.round(days / 7)), how: 'dates de la prochaine session' };
  }
  if (o.hours) return { weeks: Math.max(1, Math.ceil(o.hours / 35)), how: 'nombre d’heures à 35 heures par semaine' };
  return null;
}

/** Closes the gap between a profile and a target occupation. */
export async function closeGap(deps: GapDeps, input: GapInput): Promise<Gap> {
  const { db, skills } = deps;
  const lookups = deps.lookups ?? new PathwayLookups(db);
  const target = input.target.toUpperCase();
  const transition = skills.compare(input.profile, target);
  if (!transition) throw new Error(`fiche ROME inconnue : ${target}`);
  const notes: string[] = [];
  const missing = transition.missing.flatMap((g) => g.skills);
  const missingWeight = missing.reduce((s, k) => s + k.weight, 0);

  // Certifications of the occupation and their outcomes in the région.
  const romeOutcomes = input.region ? await lookups.outcomesForRome(target, input.region) : null;
  const offers = await nearbyOffers(db, { rome: target, commune: input.commune, radiusKm: input.radiusKm, today: input.today });
  // The certifications Certif Info strongly links to the target (or to its ROME v3 parent when none
  // cites it): a broad certification that merely lists the occupation never carries a pathway.
  const romeCerts = splitLinks(await lookups.certificationsForRome(target)).main;
  const certCodes = new Set(romeCerts.map((c) => c.code));
  if (romeCerts[0]?.via === 'rome_v3_parent')
    notes.push(`Certifications reliées au code ROME v3 ${romeCerts[0].rome}, dont la fiche ${target} est issue.`);
  const wanted = [...new Set([...certCodes, ...offers.map((o) => o.hit.certification?.certifinfo).filter((c): c is string => !!c)])];
  const details = await lookups.certifications(wanted);

  const outcomeCache = new Map<string, Outcome[]>();
  for (const item of romeOutcomes?.items ?? []) outcomeCache.set(item.certification.code, item.outcomes);
  const outcomesOf = async (code: string): Promise<Outcome[]> => {
    if (!input.region) return [];
    if (!outcomeCache.has(code)) outcomeCache.set(code, await lookups.outcomesForCertification(code, input.region));
    return outcomeCache.get(code)!;
  };

  // Trainings: coverage, distance, duration, employment → rank.
  const trainings: TrainingOption[] = [];
  for (const o of offers) {
    const text = fold(o.text);
    const stems = stemsOf(text);
    const covers = missing.filter((k) => namesSkill(text, stems, k.label));
    const textShare = missingWeight > 0 ? covers.reduce((s, k) => s + k.weight, 0) / missingWeight : 1;
    const certCode = o.hit.certification?.certifinfo ?? null;
    const detail = certCode ? details.get(certCode) : undefined;
    const linked = certCode !== null && certCodes.has(certCode);
    const coverage = linked ? 0.5 + 0.5 * textShare : textShare;
    const km = o.hit.lieu?.distanceKm ?? null;
    const dur = durationWeeks(o);
    const employment = certCode ? employmentFigure(await outcomesOf(certCode), o.alternance ? 'apprentissage' : undefined) : null;
    const proximity = km === null ? 0 : Math.max(0, 1 - km / input.radiusKm);
    const brevity = o.hours === null ? 0.5 : Math.max(0, 1 - o.hours / MAX_HOURS);
    const rate = employment ? employment.value / 100 : 0.5;
    const score = 0.4 * coverage + 0.25 * proximity + 0.15 * brevity + 0.2 * rate;
    const offerSource = o.provenance.source;
    const offerVintage = o.provenance.vintage;
    trainings.push({
      source: o.hit.source,
      formation: o.hit.formation,
      intitule: o.hit.intitule,
      organisme: o.hit.organisme,
      lieu: o.hit.lieu ? { ville: o.hit.lieu.ville, commune: o.hit.lieu.commune, departement: o.hit.lieu.departement } : null,
      distance:
        km === null
          ? null
          : figure(
              round1(km),
              'km',
              'Distance à vol d’oiseau entre la commune et le lieu de formation',
              `${PASSERELLES_COMPUTATION} : position du lieu (${offerSource}) et de la commune (INSEE, découpage administratif)`,
              offerVintage,
            ),
      hours:
        o.hours === null
          ? null
          : figure(
              o.hours,
              'heures',
              `Durée totale de l’action${o.hoursEntreprise ? ` dont ${o.hoursEntreprise} h en entreprise` : ''}`,
              offerSource,
              offerVintage,
            ),
      duration: dur ? figure(dur.weeks, 'semaines', `Durée estimée (${dur.how})`, offerSource, offerVintage) : null,
      sessions: o.sessions.slice(0, 5),
      certification: detail
        ? { ...certRef(detail), linkedToTarget: linked }
        : o.hit.certification
          ? {
              code: o.hit.certification.certifinfo ?? o.hit.certification.rncp ?? '',
              label: o.hit.certification.label ?? o.hit.intitule,
              type: null,
              niveau: o.hit.niveau?.value ?? null,
              rncp: o.hit.certification.rncp,
              linkedToTarget: false,
            }
          : null,
      blocs: o.blocs,
      eligibleCpf: o.hit.eligibleCpf,
      alternance: o.alternance,
      financeurs: o.financeurs,
      coverage: figure(
        round1(coverage * 100),
        '%',
        'Part des compétences manquantes couverte par la formation',
        `${PASSERELLES_COMPUTATION} : compétences ROME 4.0 manquantes retrouvées dans le texte de l’offre${linked ? ' et certification reliée au métier (Certif Info)' : ''}`,
        `${deps.romeVintage} ; ${offerVintage}`,
      ),
      covers,
      employment,
      rank: figure(round1(score * 100), 'score', 'Classement de la formation (sur 100)', PASSERELLES_COMPUTATION, RANKING_METHOD),
      demo: o.hit.demo,
      provenance: o.provenance,
    });
  }
  trainings.sort((a, b) => b.rank.value - a.rank.value || (a.distance?.value ?? Infinity) - (b.distance?.value ?? Infinity));
  if (offers.some((o) => o.hit.demo)) {
    notes.push(
      'Les formations proposées viennent d’un catalogue de démonstration : offres fictives (organismes, dates, lieux), bâties sur des certifications réelles.',
    );
  }
  if (!offers.length) notes.push(`Aucune formation menant à ce métier à moins de ${input.radiusKm} km dans l’offre importée.`);

  // Certifications with their blocs (from the offers), outcomes and VAE.
  const certifications: CertificationOption[] = [];
  const vae: VaeOption[] = [];
  let vaeClosest: Gap['vaeClosest'] = null;
  const mainScores = new Map<string, Transition | null>();
  for (const code of certCodes) {
    const d = details.get(code);
    if (!d) continue;
    const main = d.romes.find((r) => r.status === 'fiche') ?? null;
    const mine = offers.filter((o) => o.hit.certification?.certifinfo === code);
    const blocs = [...new Map(mine.flatMap((o) => o.blocs).map((b) => [b.code, b])).values()];
    const outcomes = await outcomesOf(code);
    const employment = employmentFigure(outcomes);
    certifications.push({
      ...certRef(d),
      access: {
        apprentissage: d.acces.apprentissage,
        vae: d.acces.vae,
        formationContinue: d.acces.formationContinue,
        professionnalisation: d.acces.professionnalisation,
      },
      mainRome: main ? { code: main.code, label: main.label ?? main.code } : null,
      blocs,
      employment,
      employmentNotes: employment ? [] : outcomes.flatMap((o) => o.notes).slice(0, 2),
      offersNearby: mine.length,
      source: { source: d.source.name, vintage: d.source.version ?? 'version inconnue' },
    });
    if (main && d.acces.vae !== false) {
      if (!mainScores.has(main.code)) mainScores.set(main.code, skills.compare(input.profile, main.code));
      const t = mainScores.get(main.code);
      if (t && t.score >= VAE_THRESHOLD) {
        vae.push({
          certification: certRef(d),
          match: figure(
            round1(t.score * 100),
            '%',
            `Part du métier ${t.label} déjà couverte par vos compétences`,
            `${PASSERELLES_COMPUTATION} : modèle de compétences ROME 4.0`,
            deps.romeVintage,
          ),
          threshold: VAE_THRESHOLD,
          complementary: t.missing,
        });
      } else if (t && (!vaeClosest || round1(t.score * 100) > vaeClosest.match)) {
        vaeClosest = { certification: certRef(d), occupation: t.label, match: round1(t.score * 100) };
      }
    }
  }
  certifications.sort(
    (a, b) =>
      b.offersNearby - a.offersNearby || (b.employment?.value ?? -1) - (a.employment?.value ?? -1) || a.label.localeCompare(b.label),
  );
  if (certifications.length && certifications.every((c) => !c.blocs.length)) {
    notes.push('Certif Info ne décrit pas les blocs de compétences : ils sont donnés quand une offre de formation les indique.');
  }

  return {
    target: { code: transition.code, label: transition.label },
    transition,
    match: figure(
      round1(transition.score * 100),
      '%',
      'Part du métier visé couverte par vos compétences',
      `${PASSERELLES_COMPUTATION} : modèle de compétences ROME 4.0`,
      deps.romeVintage,
    ),
    certifications,
    trainings,
    vae,
    vaeClosest: vae.length ? null : vaeClosest,
    notes,
  };
}
