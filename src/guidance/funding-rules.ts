/**
 * Funding routes of a pathway, written as data: who pays, for whom (status, age), under which
 * conditions, and the legal text or official page each rule comes from, with the date of the
 * version read. `funding.ts` applies them; nothing here is code.
 *
 * Certainty: `verifie` means the rule's core (public, age, purpose) was read in the sources named
 * (stored copies of Légifrance or official pages, see `sources`); anything not read there is
 * listed in `uncertain` and shown as « à vérifier ». Figures that change often (amounts, hours)
 * are only given where a source was read, never as certain otherwise.
 *
 * Regional programmes are per région (INSEE code) in REGIONAL_RULES: the first deployment is
 * Pays de la Loire (52); another région adds its entry here (or through `regionalRules`'
 * override), and a région without one gets the generic rule of the Code du travail.
 */

/** What the person is now. */
export type Status = 'jeune' | 'demandeur' | 'salarie';
export const STATUSES: readonly Status[] = ['jeune', 'demandeur', 'salarie'];
export const STATUS_LABELS: Record<Status, string> = {
  jeune: 'jeune (scolarité, études ou sans emploi ni inscription)',
  demandeur: 'demandeur d’emploi',
  salarie: 'salarié',
};

/** The kinds of step a pathway is made of. */
export type StepKind =
  | 'candidature'
  | 'immersion'
  | 'adaptation'
  | 'formation-certifiante'
  | 'apprentissage'
  | 'professionnalisation'
  | 'vae'
  | 'bloc-complementaire';

export interface LegalSource {
  /** "Code du travail, art. L6222-1" or the title of an official page. */
  label: string;
  url: string;
  /** Version read: "version en vigueur au 2019-01-01", "page mise à jour le 2025-04-14"… */
  vintage: string;
}

export interface FundingRule {
  id: string;
  name: string;
  /** Who pays or decides, in French. */
  financeur: string;
  statuses: Status[];
  /** Ages at the start, inclusive; `note` says the exceptions. */
  age?: { min?: number; max?: number; note?: string };
  /** Steps it can fund. */
  steps: StepKind[];
  /** Conditions in French, shown as they are. */
  conditions: string[];
  /** LHEO dict-financeurs codes of the offers this route buys or co-funds (2 Région, 4 France Travail, 16 OPCO, 17 Transitions Pro). */
  lheoFinanceurs?: string[];
  /** Only offers eligible to the CPF (Carif-Oref marking). */
  requiresCpfEligibility?: boolean;
  /** The région (INSEE code) of a regional programme. */
  region?: string;
  /** Dates between which the rule applies (YYYY-MM-DD, bounds included). */
  validFrom?: string;
  validTo?: string;
  sources: LegalSource[];
  certainty: 'verifie' | 'incertain';
  /** What is not verified, in French. */
  uncertain?: string[];
}

const LEGIFRANCE = 'https://www.legifrance.gouv.fr/codes/section_lc/LEGITEXT000006072050/';

/** National rules: the same in every région. */
export const NATIONAL_RULES: readonly FundingRule[] = [
  {
    id: 'cpf',
    name: 'Compte personnel de formation (CPF)',
    financeur: 'Caisse des dépôts (Mon Compte Formation), sur les droits acquis par la personne',
    statuses: ['salarie', 'demandeur', 'jeune'],
    age: { min: 16, note: 'dès 15 ans pour un apprenti ; droits acquis par l’activité professionnelle' },
    steps: ['formation-certifiante', 'vae', 'bloc-complementaire'],
    conditions: [
      'formation éligible au CPF (certification inscrite au RNCP ou au répertoire spécifique, bloc de compétences, VAE…)',
      'dans la limite des droits acquis sur le compte (abondements possibles : employeur, France Travail, Région)',
      'pour un jeune : seulement s’il a déjà acquis des droits par une activité salariée (apprentissage compris)',
      'participation forfaitaire du titulaire depuis le 2 mai 2024, sauf pour les demandeurs d’emploi',
    ],
    requiresCpfEligibility: true,
    sources: [
      {
        label: 'Code du travail, art. L6323-1 et suivants (compte personnel de formation)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
      { label: 'Mon Compte Formation', url: 'https://www.moncompteformation.gouv.fr', vintage: '2026' },
      {
        label: 'Décret n° 2024-394 du 29 avril 2024 (participation obligatoire du titulaire)',
        url: 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000049479520',
        vintage: '2024-04-29',
      },
    ],
    certainty: 'incertain',
    uncertain: [
      'montant de la participation forfaitaire (100 € en 2024, revalorisé chaque année) et numéro exact du décret non relus dans une source conservée',
    ],
  },
  {
    id: 'france-travail-aif',
    name: 'Aide individuelle à la formation (AIF) de France Travail',
    financeur: 'France Travail',
    statuses: ['demandeur'],
    steps: ['adaptation', 'formation-certifiante', 'bloc-complementaire', 'vae'],
    conditions: [
      'inscrit comme demandeur d’emploi, projet validé avec le conseiller France Travail',
      'formation non couverte par les achats collectifs de France Travail ou de la Région',
    ],
    lheoFinanceurs: ['4'],
    sources: [
      {
        label: 'France Travail : « Aide individuelle à la formation »',
        url: 'https://www.francetravail.fr/candidat/en-formation/mes-aides-financieres/laide-individuelle-a-la-formatio.html',
        vintage: '2026',
      },
    ],
    certainty: 'incertain',
    uncertain: ['règles de prise en charge fixées par délibération du conseil d’administration de France Travail : non relues'],
  },
  {
    id: 'france-travail-poei',
    name: 'Préparation opérationnelle à l’emploi individuelle (POEI)',
    financeur: 'France Travail, avec l’OPCO de l’employeur le cas échéant',
    statuses: ['demandeur'],
    steps: ['adaptation'],
    conditions: [
      'une offre d’emploi déposée auprès de France Travail par un employeur qui s’engage à recruter à l’issue de la formation',
      'formation préalable à l’embauche, pour acquérir les compétences qui manquent pour ce poste',
    ],
    lheoFinanceurs: ['4'],
    sources: [
      {
        label: 'Code du travail, art. L6326-1 (préparation opérationnelle à l’emploi)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
    ],
    certainty: 'incertain',
    uncertain: ['durée maximale (400 heures) et types de contrat visés (CDI, CDD d’au moins 12 mois, alternance) : à vérifier'],
  },
  {
    id: 'pmsmp',
    name: 'Période de mise en situation en milieu professionnel (PMSMP, immersion)',
    financeur: 'aucun coût : convention entre la personne, l’entreprise d’accueil et le prescripteur',
    statuses: ['demandeur', 'jeune', 'salarie'],
    steps: ['immersion'],
    conditions: [
      'prescrite par France Travail, une Mission locale (moins de 26 ans), Cap emploi ou une structure ayant délégation',
      'pour découvrir un métier, confirmer un projet professionnel ou initier une démarche de recrutement (un seul objet)',
      'un mois au plus ; pas de rémunération par l’entreprise d’accueil',
      'salarié : seulement dans une démarche d’insertion ou de réorientation accompagnée',
    ],
    sources: [
      {
        label: 'Code du travail, art. L5135-1 et suivants (périodes de mise en situation en milieu professionnel)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
      {
        label: 'Service-public.fr F14102 « Qu’est-ce qu’une PMSMP ? »',
        url: 'https://www.service-public.fr/particuliers/vosdroits/F14102',
        vintage: 'vérifié le 2023-07-27',
      },
      {
        label: 'Décret n° 2023-1304 du 27 décembre 2023 (contenu et dépôt des conventions)',
        url: 'https://www.legifrance.gouv.fr/jorf/id/JORFTEXT000048727345',
        vintage: '2023-12-27',
      },
    ],
    certainty: 'verifie',
  },
  {
    id: 'apprentissage',
    name: 'Contrat d’apprentissage',
    financeur: 'employeur (salaire) ; OPCO (coût de la formation en CFA) ; formation gratuite pour l’apprenti',
    statuses: ['jeune', 'demandeur', 'salarie'],
    age: {
      min: 16,
      max: 29,
      note:
        'de 16 ans (15 ans après la classe de 3e) à 29 ans révolus au début du contrat ; au-delà : jusqu’à 35 ans au plus ' +
        'pour un contrat qui suit un précédent (diplôme supérieur, rupture indépendante de la volonté de l’apprenti), sans limite ' +
        'pour une personne reconnue travailleur handicapé, un projet de création ou de reprise d’entreprise subordonné au diplôme, ' +
        'un sportif de haut niveau',
    },
    steps: ['apprentissage'],
    conditions: [
      'trouver un employeur et être inscrit dans un centre de formation d’apprentis (CFA)',
      'certification ouverte à l’apprentissage',
      'rémunération minimale en pourcentage du SMIC selon l’âge et l’année du contrat (de 27 % à 100 %)',
    ],
    sources: [
      {
        label: 'Code du travail, art. L6222-1 (âge : 16 à 29 ans révolus)',
        url: 'https://www.legifrance.gouv.fr/codes/id/LEGIARTI000037385933/2019-01-01/',
        vintage: 'version en vigueur au 2019-01-01',
      },
      {
        label: 'Code du travail, art. L6222-2 et D6222-1 (dérogations à la limite d’âge)',
        url: `${LEGIFRANCE}`,
        vintage: 'D6222-1 mis à jour le 2023-04-14',
      },
      { label: 'Code du travail, art. D6222-26 (rémunération minimale de l’apprenti)', url: `${LEGIFRANCE}`, vintage: 'barème 2026' },
    ],
    certainty: 'verifie',
  },
  {
    id: 'professionnalisation',
    name: 'Contrat de professionnalisation',
    financeur: 'employeur (salaire) ; OPCO (formation)',
    statuses: ['jeune', 'demandeur'],
    age: {
      min: 16,
      note: '16 à 25 ans révolus ; à partir de 26 ans : demandeurs d’emploi inscrits, bénéficiaires du RSA, de l’ASS ou de l’AAH',
    },
    steps: ['professionnalisation'],
    conditions: [
      'trouver un employeur ; alternance entre l’entreprise et un organisme de formation',
      'vise une certification (RNCP), un CQP ou une qualification reconnue par une convention collective',
      'rémunération minimale en pourcentage du SMIC selon l’âge et le niveau de qualification déjà détenu',
    ],
    lheoFinanceurs: ['16'],
    sources: [
      {
        label: 'Code du travail, art. L6325-1 (contrat de professionnalisation)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
      {
        label: 'Code du travail, art. D6325-18 (rémunération à partir de 26 ans)',
        url: 'https://legal.tricoteuses.fr/articles/KALIARTI000022821478',
        vintage: 'version lue en 2026',
      },
    ],
    certainty: 'incertain',
    uncertain: ['publics de 26 ans et plus et article de rémunération des moins de 26 ans (D6325-15) : à vérifier'],
  },
  {
    id: 'plan-developpement-competences',
    name: 'Plan de développement des compétences de l’employeur',
    financeur: 'employeur ; OPCO pour les entreprises de moins de 50 salariés',
    statuses: ['salarie'],
    steps: ['adaptation', 'formation-certifiante', 'bloc-complementaire', 'vae'],
    conditions: [
      'à l’initiative de l’employeur, ou accepté par lui à la demande du salarié',
      'formation pendant le temps de travail, rémunération maintenue',
    ],
    lheoFinanceurs: ['5', '16'],
    sources: [
      {
        label: 'Code du travail, art. L6321-1 (obligation d’adaptation, plan de développement des compétences)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
      {
        label: 'Code du travail, art. L6332-1 et suivants (opérateurs de compétences)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
    ],
    certainty: 'incertain',
    uncertain: ['seuil de 50 salariés pour la prise en charge par l’OPCO : à vérifier'],
  },
  {
    id: 'pro-a',
    name: 'Reconversion ou promotion par alternance (Pro-A)',
    financeur: 'OPCO de la branche, à la demande du salarié ou de l’employeur',
    statuses: ['salarie'],
    steps: ['formation-certifiante', 'vae', 'bloc-complementaire'],
    conditions: [
      'salarié en CDI (ou CUI à durée indéterminée, sportif professionnel en CDD), y compris en activité partielle',
      'sans qualification de niveau licence (niveau 6) ou plus',
      'certification de la liste de la branche ; formation en alternance ou VAE',
    ],
    lheoFinanceurs: ['16'],
    validTo: '2025-12-31',
    sources: [
      {
        label: 'Code du travail, art. L6324-1 à L6324-3 et D6324-1-1',
        url: 'https://centre-inffo.fr/fiche/salaries-concernes-et-formations-envisageables',
        vintage: 'fiche Centre Inffo mise à jour le 2023-08-30',
      },
    ],
    certainty: 'verifie',
  },
  {
    id: 'periode-reconversion',
    name: 'Période de reconversion (remplace la Pro-A)',
    financeur: 'employeur et OPCO',
    statuses: ['salarie'],
    steps: ['formation-certifiante', 'vae', 'bloc-complementaire'],
    conditions: ['remplace la Pro-A à compter du 1er janvier 2026 ; conditions d’accès à vérifier auprès de l’OPCO'],
    lheoFinanceurs: ['16'],
    validFrom: '2026-01-01',
    sources: [
      {
        label: 'Loi n° 2025-989 (transposition des accords nationaux interprofessionnels), période de reconversion',
        url: 'https://jemeforme-hdf.fr/node/1829',
        vintage: 'page lue en 2026',
      },
    ],
    certainty: 'incertain',
    uncertain: ['conditions d’accès et prise en charge de la période de reconversion : non relues'],
  },
  {
    id: 'transitions-pro-ptp',
    name: 'Projet de transition professionnelle (Transitions Pro)',
    financeur: 'Transitions Pro de la région (formation et maintien de la rémunération)',
    statuses: ['salarie'],
    steps: ['formation-certifiante'],
    conditions: [
      'changer de métier par une formation certifiante éligible au CPF, avec un positionnement préalable',
      'CDI : 24 mois d’activité salariée, consécutifs ou non, dont 12 mois dans l’entreprise',
      'CDD : 24 mois d’activité dans les 5 dernières années, dont 4 mois en CDD dans les 12 derniers mois',
      'congé accordé par l’employeur ; dossier accepté par la commission de Transitions Pro',
    ],
    lheoFinanceurs: ['17'],
    requiresCpfEligibility: true,
    sources: [
      {
        label: 'Code du travail, art. L6323-17-1 et suivants (projet de transition professionnelle)',
        url: 'https://www.centre-inffo.fr/chapitre/projet-de-transition-professionnelle-mobilisant-le-compte-personnel-de-formation',
        vintage: 'version lue en 2026',
      },
    ],
    certainty: 'verifie',
  },
];

/** The Code du travail's rule for a région without a configured programme. */
export function genericRegionalRule(region: string): FundingRule {
  return {
    id: `region-${region}`,
    name: 'Programme régional de formation (Conseil régional)',
    financeur: 'Conseil régional',
    statuses: ['demandeur'],
    steps: ['adaptation', 'formation-certifiante'],
    conditions: [
      'places achetées par la Région pour les personnes à la recherche d’un emploi, sur prescription (France Travail, Mission locale, Cap emploi)',
      'programme de cette région non décrit dans Passerelles : voir le site de la Région',
    ],
    lheoFinanceurs: ['2'],
    region,
    sources: [
      {
        label: 'Code du travail, art. L6121-1 (compétence des régions : formation des personnes à la recherche d’un emploi)',
        url: `${LEGIFRANCE}`,
        vintage: 'version en vigueur en 2026',
      },
    ],
    certainty: 'verifie',
  };
}

/** Regional programmes by région (INSEE code). Pays de la Loire is the first deployment. */
export const REGIONAL_RULES: Readonly<Record<string, readonly FundingRule[]>> = {
  '52': [
    {
      id: 'region-52-prepa-cles-avenir',
      name: 'Région Pays de la Loire : PRÉPA Clés Avenir',
      financeur: 'Région Pays de la Loire',
      statuses: ['demandeur', 'jeune'],
      steps: ['adaptation'],
      conditions: [
        'personnes en recherche d’emploi de niveau 4 au plus, inscrites ou non à France Travail',
        'pour atteindre les prérequis d’une formation qualifiante ou de l’emploi visé',
      ],
      lheoFinanceurs: ['2'],
      region: '52',
      sources: [
        {
          label: 'Choisir mon métier Pays de la Loire : « Les dispositifs en détail »',
          url: 'https://pro.choisirmonmetier-paysdelaloire.fr/dispositifs-en-detail',
          vintage: 'page du 2025-04-14',
        },
      ],
      certainty: 'verifie',
    },
    {
      id: 'region-52-1-emploi-1-formation',
      name: 'Région Pays de la Loire : « 1 emploi = 1 formation »',
      financeur: 'Région Pays de la Loire',
      statuses: ['demandeur', 'jeune'],
      steps: ['adaptation', 'formation-certifiante'],
      conditions: [
        'formation construite avec un employeur qui s’engage à recruter à la sortie (au moins 24 heures par semaine : CDI, CDD d’au moins six mois ou alternance)',
        'publics les plus éloignés de l’emploi en priorité',
      ],
      lheoFinanceurs: ['2'],
      region: '52',
      sources: [
        {
          label: 'Choisir mon métier Pays de la Loire : « La nouvelle politique régionale de formation professionnelle »',
          url: 'https://pro.choisirmonmetier-paysdelaloire.fr/ContentMedia/OPDL/ARTICLES/2024/La-nouvelle-politique-regionale-de-formation-professionnelle',
          vintage: '2024',
        },
      ],
      certainty: 'verifie',
    },
  ],
};

/** The regional rules of a région: its configured programmes, or the generic rule. */
export function regionalRules(
  region: string | null,
  overrides: Readonly<Record<string, readonly FundingRule[]>> = REGIONAL_RULES,
): readonly FundingRule[] {
  if (!region) return [];
  return overrides[region] ?? [genericRegionalRule(region)];
}
