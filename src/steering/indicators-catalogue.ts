/**
 * The steering indicators as data: what each one is (label, formula, unit, direction of good,
 * sources, the level its source publishes) and which measure computes it. A measure turns the
 * database into commune parts (numerator, denominator) for the latest vintage and the one before;
 * the engine (indicators.ts) adds the parts of a territory's communes, so that every scale
 * (région, département, zone d'emploi, bassin, EPCI, CLPE, a drawn division) is computed the same way.
 */
import type { Direction, IndicatorUnit, PublishedLevel } from './indicators-contract.ts';

export type MeasureId =
  | 'bmo-projets'
  | 'bmo-difficiles'
  | 'bmo-saisonniers'
  | 'bmo-par-habitant'
  | 'offres-en-tension'
  | 'tension-dares'
  | 'chomage'
  | 'inserjeunes-emploi'
  | 'inserjeunes-poursuite'
  | 'affelnet-capacite'
  | 'affelnet-par-habitant'
  | 'affelnet-pression'
  | 'parcoursup-pression'
  | 'cfa'
  | 'barometre-apprentissage'
  | 'barometre-cej'
  | 'couverture'
  | 'points';

export interface IndicatorSpec {
  id: string;
  theme: string;
  label: string;
  formula: string;
  unit: IndicatorUnit;
  direction: Direction;
  /** The value of a territory is the sum of its parts' (a count). */
  additive: boolean;
  /** Multiplies numerator / denominator (100 for a percentage, 1000 per 1 000 inhabitants). */
  factor: number;
  /** Decimals shown. */
  digits: number;
  publishedAt: PublishedLevel;
  sources: { file: string; publisher: string }[];
  measure: MeasureId | null;
  /** For an indicator without data yet: the source that would feed it. */
  missing?: string;
}

const BMO = { file: 'marche-travail/Base_open_data_BMO_2024.xlsx', publisher: 'France Travail, enquête Besoins en main-d’œuvre' };
const BASSINS = { file: 'marche-travail/bassin_emploi.csv', publisher: 'France Travail (communes des bassins BMO)' };
const POPULATION = { file: 'territoire/donnees_communes.csv', publisher: 'INSEE, populations légales' };
const AFFELNET = [
  { file: 'formations-demande/attractivite_capacite_2022.csv', publisher: 'DEPP, Affelnet (capacités et vœux 1)' },
  { file: 'formations-demande/attractivite_capacite_2021.csv', publisher: 'DEPP, Affelnet' },
];
const SCHOOLS = { file: 'formations-demande/2020_05_12_AFFELNET.csv', publisher: 'Affelnet, offre 2020 (commune des établissements)' };
const CFA_DIRECTORY = { file: 'apprentissage/', publisher: 'Référentiel des organismes de formation (commune des CFA)' };
const INSERJEUNES = [
  { file: 'insertion/depp-2022-etablissements-2022_2023-pro.csv', publisher: 'DEPP, InserJeunes (lycées professionnels)' },
  { file: 'insertion/depp-2022-etablissements-2022_2023-apprentissage.csv', publisher: 'DEPP–DARES, InserJeunes (CFA)' },
];

const ESTIMATED_SHARE = 'réparti entre les communes au prorata de leur population';

/** In the order they are shown. */
export const INDICATORS: readonly IndicatorSpec[] = [
  {
    id: 'projets_recrutement',
    theme: 'Marché du travail',
    label: 'Projets de recrutement',
    formula: 'somme des projets de recrutement déclarés par les employeurs (BMO), tous métiers',
    unit: 'nombre',
    direction: 'hausse',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'bassin',
    sources: [BMO, BASSINS, POPULATION],
    measure: 'bmo-projets',
  },
  {
    id: 'part_projets_difficiles',
    theme: 'Marché du travail',
    label: 'Part des projets de recrutement jugés difficiles',
    formula: 'projets jugés difficiles / projets de recrutement × 100 (métiers dont les deux chiffres sont diffusés)',
    unit: 'pourcentage',
    direction: 'baisse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'bassin',
    sources: [BMO, BASSINS],
    measure: 'bmo-difficiles',
  },
  {
    id: 'part_projets_saisonniers',
    theme: 'Marché du travail',
    label: 'Part des projets de recrutement saisonniers',
    formula: 'projets saisonniers / projets de recrutement × 100 (métiers dont les deux chiffres sont diffusés)',
    unit: 'pourcentage',
    direction: 'neutre',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'bassin',
    sources: [BMO, BASSINS],
    measure: 'bmo-saisonniers',
  },
  {
    id: 'projets_pour_1000_habitants',
    theme: 'Marché du travail',
    label: 'Projets de recrutement pour 1 000 habitants',
    formula: 'projets de recrutement / population × 1 000',
    unit: 'pour-1000-habitants',
    direction: 'hausse',
    additive: false,
    factor: 1000,
    digits: 1,
    publishedAt: 'bassin',
    sources: [BMO, BASSINS, POPULATION],
    measure: 'bmo-par-habitant',
  },
  {
    id: 'part_offres_metiers_tension',
    theme: 'Marché du travail',
    label: 'Part des offres d’emploi dans des métiers en forte tension',
    formula: 'offres des métiers ROME de tension 4 ou 5 (sur 5) / toutes les offres × 100',
    unit: 'pourcentage',
    direction: 'baisse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'bassin',
    sources: [
      { file: 'marche-travail/mobiville_tension_rome_bassin_2021.csv', publisher: 'France Travail (tensions par métier et bassin)' },
      { file: 'territoires/mobiville_lexique_bassins_bmo.csv', publisher: 'France Travail (communes des bassins 2019)' },
    ],
    measure: 'offres-en-tension',
  },
  {
    id: 'indice_tension_dares',
    theme: 'Marché du travail',
    label: 'Indicateur de tension moyen (DARES)',
    formula: 'moyenne de l’indicateur principal de tension des familles professionnelles (FAP 225), pondérée par leur emploi',
    unit: 'indice',
    direction: 'baisse',
    additive: false,
    factor: 1,
    digits: 2,
    publishedAt: 'departement',
    sources: [
      { file: 'marche-travail/dares_tensions_2019.csv', publisher: 'DARES – France Travail, les tensions sur le marché du travail' },
    ],
    measure: 'tension-dares',
  },
  {
    id: 'taux_chomage',
    theme: 'Marché du travail',
    label: 'Taux de chômage',
    formula: 'taux de chômage localisé au sens du BIT, moyenne annuelle (%)',
    unit: 'pourcentage',
    direction: 'baisse',
    additive: false,
    factor: 1,
    digits: 1,
    publishedAt: 'departement',
    sources: [
      { file: 'marche-travail/chomage_departemental_INSEE.csv', publisher: 'INSEE, taux de chômage localisés' },
      { file: 'marche-travail/chomage_regional_INSEE.csv', publisher: 'INSEE, taux de chômage localisés' },
    ],
    measure: 'chomage',
  },
  {
    id: 'taux_emploi_6_mois',
    theme: 'Formation et insertion',
    label: 'Taux d’emploi 6 mois après la formation (voie professionnelle et apprentissage)',
    formula: 'moyenne, sur les lycées professionnels et CFA du territoire, de leur taux d’emploi salarié à 6 mois (%)',
    unit: 'pourcentage',
    direction: 'hausse',
    additive: false,
    factor: 1,
    digits: 1,
    publishedAt: 'etablissement',
    sources: [...INSERJEUNES, SCHOOLS, CFA_DIRECTORY],
    measure: 'inserjeunes-emploi',
  },
  {
    id: 'taux_poursuite_etudes',
    theme: 'Formation et insertion',
    label: 'Taux de poursuite d’études après la formation',
    formula: 'moyenne, sur les lycées professionnels et CFA du territoire, de leur taux de poursuite d’études (%)',
    unit: 'pourcentage',
    direction: 'neutre',
    additive: false,
    factor: 1,
    digits: 1,
    publishedAt: 'etablissement',
    sources: [...INSERJEUNES, SCHOOLS, CFA_DIRECTORY],
    measure: 'inserjeunes-poursuite',
  },
  {
    id: 'places_voie_pro',
    theme: 'Formation et insertion',
    label: 'Places en première année de voie professionnelle (CAP, 2de pro)',
    formula: 'somme des capacités d’accueil Affelnet des établissements du territoire',
    unit: 'nombre',
    direction: 'neutre',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'etablissement',
    sources: [...AFFELNET, SCHOOLS, CFA_DIRECTORY],
    measure: 'affelnet-capacite',
  },
  {
    id: 'places_voie_pro_pour_1000_habitants',
    theme: 'Formation et insertion',
    label: 'Places en première année de voie professionnelle pour 1 000 habitants',
    formula: 'capacités d’accueil Affelnet / population × 1 000',
    unit: 'pour-1000-habitants',
    direction: 'hausse',
    additive: false,
    factor: 1000,
    digits: 2,
    publishedAt: 'etablissement',
    sources: [...AFFELNET, SCHOOLS, POPULATION],
    measure: 'affelnet-par-habitant',
  },
  {
    id: 'pression_voie_pro',
    theme: 'Formation et insertion',
    label: 'Pression à l’entrée en voie professionnelle (vœux 1 / places)',
    formula: 'demandes en premier vœu / capacités d’accueil (Affelnet)',
    unit: 'ratio',
    direction: 'neutre',
    additive: false,
    factor: 1,
    digits: 2,
    publishedAt: 'etablissement',
    sources: [...AFFELNET, SCHOOLS],
    measure: 'affelnet-pression',
  },
  {
    id: 'pression_bts',
    theme: 'Formation et insertion',
    label: 'Pression à l’entrée en BTS (vœux confirmés / places)',
    formula: 'vœux confirmés / capacités Parcoursup des BTS du territoire',
    unit: 'ratio',
    direction: 'neutre',
    additive: false,
    factor: 1,
    digits: 2,
    publishedAt: 'etablissement',
    sources: [
      { file: 'formations-demande/BTS_attractivite_capacite_2024.csv', publisher: 'MESR, Parcoursup (BTS)' },
      { file: 'formations-demande/BTS_attractivite_capacite_2023.csv', publisher: 'MESR, Parcoursup (BTS)' },
      SCHOOLS,
      CFA_DIRECTORY,
    ],
    measure: 'parcoursup-pression',
  },
  {
    id: 'cfa',
    theme: 'Apprentissage',
    label: 'Centres de formation d’apprentis (lieux de formation)',
    formula: 'nombre de CFA de l’annuaire dont le lieu est dans le territoire',
    unit: 'nombre',
    direction: 'neutre',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'commune',
    sources: [CFA_DIRECTORY],
    measure: 'cfa',
  },
  {
    id: 'contrats_apprentissage',
    theme: 'Apprentissage',
    label: 'Nouveaux contrats d’apprentissage dans l’année',
    formula: 'nouveaux contrats d’apprentissage de janvier à décembre (cumul publié en décembre)',
    unit: 'nombre',
    direction: 'hausse',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'departement',
    sources: [{ file: 'marche-travail/ind-313.csv', publisher: 'DARES – DITP, baromètre des résultats (IND-313)' }, POPULATION],
    measure: 'barometre-apprentissage',
  },
  {
    id: 'entrees_cej',
    theme: 'Apprentissage',
    label: 'Entrées en contrat d’engagement jeune dans l’année',
    formula: 'entrées en CEJ de janvier à décembre (cumul publié en décembre)',
    unit: 'nombre',
    direction: 'hausse',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'departement',
    sources: [{ file: 'marche-travail/ind-314.csv', publisher: 'DARES – DITP, baromètre des résultats (IND-314)' }, POPULATION],
    measure: 'barometre-cej',
  },
  {
    id: 'part_population_20km',
    theme: 'Accompagnement',
    label: 'Part de la population à moins de 20 km d’un point de conseil',
    formula: 'habitants des communes dont le centre est à moins de 20 km à vol d’oiseau d’un point de conseil / population × 100',
    unit: 'pourcentage',
    direction: 'hausse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'commune',
    sources: [
      { file: 'accompagnement/', publisher: 'France Travail, Missions locales (points de conseil)' },
      { file: 'territoire/corresp_geo_point_codes_communes.csv', publisher: 'IGN – INSEE, centres des communes' },
      POPULATION,
    ],
    measure: 'couverture',
  },
  {
    id: 'points_conseil',
    theme: 'Accompagnement',
    label: 'Points de conseil (agences France Travail, Missions locales, Cap emploi, CEP)',
    formula: 'nombre de points de conseil actifs situés dans le territoire',
    unit: 'nombre',
    direction: 'hausse',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'commune',
    sources: [{ file: 'accompagnement/', publisher: 'France Travail, Missions locales, opérateurs du CEP' }],
    measure: 'points',
  },
  {
    id: 'places_par_jeune',
    theme: 'Formation et insertion',
    label: 'Places de formation initiale pour 100 jeunes de 15 à 19 ans',
    formula: 'capacités d’accueil / population de 15 à 19 ans × 100',
    unit: 'ratio',
    direction: 'hausse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'commune',
    sources: [],
    measure: null,
    missing: 'INSEE, recensement de la population : population par âge quinquennal et par commune (fichier « Population par sexe et âge »)',
  },
  {
    id: 'acces_emploi_apres_formation_continue',
    theme: 'Formation et insertion',
    label: 'Accès à l’emploi 6 mois après une formation des demandeurs d’emploi',
    formula: 'stagiaires en emploi 6 mois après la fin de leur formation / stagiaires sortis × 100',
    unit: 'pourcentage',
    direction: 'hausse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'departement',
    sources: [],
    measure: null,
    missing: 'DARES, dispositif ForCE (Formations, chômage et emploi) : accès à l’emploi des demandeurs d’emploi formés, par territoire',
  },
  {
    id: 'beneficiaires_cep',
    theme: 'Accompagnement',
    label: 'Personnes accompagnées par le conseil en évolution professionnelle',
    formula: 'bénéficiaires du CEP dans l’année, par lieu de résidence',
    unit: 'nombre',
    direction: 'hausse',
    additive: true,
    factor: 1,
    digits: 0,
    publishedAt: 'departement',
    sources: [],
    measure: null,
    missing: 'France compétences, données d’activité des opérateurs régionaux du CEP (actifs occupés)',
  },
  {
    id: 'ruptures_apprentissage',
    theme: 'Apprentissage',
    label: 'Part des contrats d’apprentissage rompus avant leur terme',
    formula: 'contrats rompus / contrats commencés la même année × 100',
    unit: 'pourcentage',
    direction: 'baisse',
    additive: false,
    factor: 100,
    digits: 1,
    publishedAt: 'departement',
    sources: [],
    measure: null,
    missing: 'DARES, base DECA des contrats d’apprentissage (dates de rupture)',
  },
];

/** How a value is obtained below the level its source publishes. */
export function methodOf(spec: IndicatorSpec): string {
  switch (spec.publishedAt) {
    case 'commune':
      return 'calculé commune par commune puis additionné : exact à toutes les échelles';
    case 'etablissement':
      return 'calculé à partir des établissements situés dans le territoire (commune de leur adresse) : exact à toutes les échelles';
    case 'bassin':
      return `publié par bassin BMO (et département) : exact pour les bassins, départements et la région ; pour les autres échelles, ${ESTIMATED_SHARE}`;
    case 'departement':
      return spec.additive
        ? `publié par département : exact pour les départements et la région ; pour les autres échelles, ${ESTIMATED_SHARE}`
        : 'publié par département (et par région) : pour les autres échelles, moyenne des départements pondérée par la population des communes';
    case 'region':
      return 'publié pour la région seulement';
  }
}
