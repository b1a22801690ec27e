/**
 * The apprenticeship HTTP contract: the pay simulator, the CFA directory and the map of
 * apprenticeship trainings; their TypeBox schemas and static types. The routes (routes.ts,
 * cfa-routes.ts) are registered from `apprenticeshipRoutes`; the portal reads it as types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { MAP_LIMIT, TrainingHit } from '../trainings/contract.ts';

/** A string among `values` (an enum: Fastify's 400 then lists the values permitted, in French). */
const Enum = <T extends string>(values: readonly T[], description?: string) =>
  Type.Unsafe<T>(Type.String({ enum: [...values], description }));
const CONTRACTS = ['apprentissage', 'professionnalisation'] as const;
const QUALIFICATIONS = ['infra-bac-pro', 'bac-pro-ou-plus'] as const;

const Money = (description: string) => Type.Number({ description: `${description}, euros (2 décimales)` });
const Certainty = Enum(['verifie', 'incertain'] as const);
const Month = Type.String({ description: 'mois, AAAA-MM' });

export const RuleSourceSchema = Type.Object({
  label: Type.String({ description: 'texte ou page, ex. « Code du travail, art. D6222-26 »' }),
  url: Type.String(),
  vintage: Type.String({ description: 'version lue' }),
});

export const AppliedRuleSchema = Type.Object({
  id: Type.String(),
  label: Type.String({ description: 'la règle appliquée, en clair' }),
  source: RuleSourceSchema,
  certainty: Certainty,
});

export const PayMonthSchema = Type.Object({
  month: Month,
  days: Type.Integer({ description: 'jours de contrat dans le mois' }),
  daysInMonth: Type.Integer(),
  age: Type.Integer({ description: 'âge retenu pour le mois (atteint la veille du 1er du mois)' }),
  contractYear: Type.Integer({ description: 'année d’exécution du contrat, comptée depuis son début' }),
  rate: Type.Number({ description: 'pourcentage de la référence' }),
  reference: Enum(['SMIC', 'SMC'] as const),
  base: Money('montant mensuel de la référence'),
  smic: Money('SMIC mensuel du mois'),
  gross: Money('salaire brut minimum du mois'),
  net: Money('salaire net estimé'),
  rule: AppliedRuleSchema,
  projection: Type.Boolean({ description: 'un chiffre du mois n’est pas encore publié : calculé sur le dernier connu' }),
  notes: Type.Array(Type.String()),
});

export const EmployerMonthSchema = Type.Object({
  month: Month,
  gross: Money('salaire brut'),
  participation: Money('participation facturée par le CFA (niveaux 6 et plus)'),
  cost: Money('coût : brut et participation, sans les cotisations patronales'),
  aid: Money('aide à l’embauche versée pour le mois'),
  netCost: Money('coût moins l’aide'),
  projection: Type.Boolean(),
});

export const PaySimulationSchema = Type.Object({
  input: Type.Object({
    birth: Type.String(),
    start: Type.String(),
    end: Type.String({ description: 'dernier jour du contrat' }),
    years: Type.Integer(),
    contract: Enum(CONTRACTS),
    concluded: Type.String({ description: 'date de conclusion retenue' }),
    smc: Nullable(Type.Number()),
    qualification: Nullable(Enum(QUALIFICATIONS)),
    employerSize: Nullable(Type.Integer()),
    rqth: Type.Boolean(),
    diplomaLevel: Nullable(Type.Integer()),
    previousRate: Nullable(Type.Number()),
    relatedDiploma: Type.Boolean(),
  }),
  months: Type.Array(PayMonthSchema),
  totals: Type.Object({ gross: Money('total brut'), net: Money('total net estimé') }),
  employer: Type.Object({
    months: Type.Array(EmployerMonthSchema),
    aid: Nullable(
      Type.Object({
        id: Type.String(),
        name: Type.String(),
        amount: Money('aide pour la 1re année'),
        projection: Type.Boolean(),
        conditions: Type.Array(Type.String()),
        rule: AppliedRuleSchema,
      }),
    ),
    totalGross: Money('total brut'),
    totalParticipation: Money('total de la participation'),
    totalCost: Money('coût total'),
    totalAid: Money('total des aides'),
    totalNetCost: Money('coût total moins les aides'),
  }),
  rules: Type.Array(
    Type.Object({
      id: Type.String(),
      label: Type.String(),
      from: Nullable(Type.String({ description: 'date d’effet, si elle est enregistrée' })),
      sources: Type.Array(RuleSourceSchema),
      certainty: Certainty,
      uncertain: Type.Array(Type.String({ description: 'ce qui n’est pas vérifié' })),
    }),
  ),
  notes: Type.Array(Type.String({ description: 'explications et réserves, en français' })),
});

export type PaySimulation = Static<typeof PaySimulationSchema>;
export type PayMonth = Static<typeof PayMonthSchema>;
export type EmployerMonth = Static<typeof EmployerMonthSchema>;

// ---- CFA directory and map of apprenticeship trainings ---------------------------------------

/** At most this many CFA on a map (the first ones in the list's order). */
export const CFA_MAP_LIMIT = 500;

const Natures = ['responsable_formateur', 'responsable', 'formateur', 'inconnue'] as const;

export const CfaSummarySchema = Type.Object({
  uai: Type.String({ description: 'UAI (unité administrative immatriculée) du CFA' }),
  name: Type.String(),
  siret: Nullable(Type.String({ description: 'SIRET principal (le CFA peut en avoir plusieurs)' })),
  nature: Nullable(Enum(Natures, 'nature de l’organisme (référentiel UAI-SIRET)')),
  address: Nullable(Type.String()),
  postcode: Nullable(Type.String()),
  commune: Nullable(Type.Object({ code: Type.String({ description: 'code INSEE' }), name: Type.String() })),
  departement: Nullable(Type.String()),
  region: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lon: Nullable(Type.Number()),
  position: Nullable(Enum(['adresse', 'commune'] as const, 'adresse géocodée (BAN) ou centre de la commune')),
  distanceKm: Nullable(Type.Number()),
  prepa: Type.Boolean({ description: 'propose la prépa-apprentissage' }),
  qualiopi: Nullable(Type.Boolean({ description: 'certifié Qualiopi (référentiel API Apprentissage), null si inconnu' })),
  convention: Type.Boolean({ description: 'CFA sous convention régionale (liste DEPP)' }),
  files: Type.Array(Type.String(), { description: 'fichiers du lot qui le citent' }),
});
export type CfaSummary = Static<typeof CfaSummarySchema>;

const Near = Nullable(
  Type.Object({ label: Type.String(), commune: Nullable(Type.String()), lat: Type.Number(), lon: Type.Number(), radiusKm: Type.Number() }),
);

export const CfaSearchSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
  pages: Type.Integer(),
  near: Near,
  results: Type.Array(CfaSummarySchema),
  notes: Type.Array(Type.String()),
});
export type CfaSearch = Static<typeof CfaSearchSchema>;

export const CfaOrganismeSchema = Type.Object({
  file: Type.String(),
  siret: Nullable(Type.String()),
  name: Nullable(Type.String()),
  nature: Nullable(Type.String()),
  address: Nullable(Type.String()),
  commune: Nullable(Type.String({ description: 'la commune telle que le fichier l’écrit' })),
  tutelle: Nullable(Type.String({ description: 'ministère de tutelle (DEPP)' })),
});

export const CfaTrainingSchema = Type.Object({
  source: Type.String(),
  formation: Type.String(),
  intitule: Type.String(),
  niveau: Nullable(Type.Object({ value: Type.Integer(), label: Type.String() })),
  ville: Nullable(Type.String()),
  link: Type.String({ description: 'comment l’offre est reliée au CFA, en français' }),
  demo: Type.Boolean(),
});

export const CfaDetailSchema = Type.Object({
  ...CfaSummarySchema.properties,
  sirets: Type.Array(Type.String()),
  organismes: Type.Array(CfaOrganismeSchema, { description: 'l’organisme tel que chaque fichier le cite' }),
  places: Type.Array(
    Type.Object({
      label: Nullable(Type.String()),
      commune: Nullable(Type.String()),
      lat: Nullable(Type.Number()),
      lon: Nullable(Type.Number()),
    }),
    { description: 'lieux de formation (référentiel API Apprentissage)' },
  ),
  trainings: Type.Array(CfaTrainingSchema, { description: 'formations en alternance de l’offre reliées au CFA (au plus 100)' }),
  outcomes: Type.Array(
    Type.Object({
      vintage: Type.String(),
      segment: Type.String(),
      tauxEmploi6Mois: Nullable(Type.Number()),
      tauxEmploi6MoisAttendu: Nullable(Type.Number()),
      valeurAjoutee: Nullable(Type.Number()),
      tauxPoursuiteEtudes: Nullable(Type.Number()),
      source: Type.String(),
    }),
    { description: 'InserJeunes par CFA (DEPP), millésime le plus récent d’abord' },
  ),
});
export type CfaDetail = Static<typeof CfaDetailSchema>;

export const ApprenticeshipTrainingSchema = Type.Object({
  ...TrainingHit.properties,
  cfa: Nullable(
    Type.Object(
      { uai: Type.String(), name: Type.String() },
      { description: 'le CFA de l’annuaire dont le SIRET est celui de l’organisme' },
    ),
  ),
});
export type ApprenticeshipTraining = Static<typeof ApprenticeshipTrainingSchema>;

export const ApprenticeshipTrainingsSchema = Type.Object({
  trainings: Type.Object({
    total: Type.Integer(),
    page: Type.Integer(),
    pageSize: Type.Integer(),
    pages: Type.Integer(),
    near: Near,
    results: Type.Array(ApprenticeshipTrainingSchema),
    niveaux: Type.Array(Type.Object({ value: Type.String(), label: Type.String(), count: Type.Integer() }), {
      description: 'niveaux de sortie des formations trouvées',
    }),
    notes: Type.Array(Type.String()),
  }),
  cfas: Type.Object({
    total: Type.Integer({ description: 'CFA de la zone (commune et rayon, département ou région)' }),
    shown: Type.Integer({ description: `CFA listés (au plus ${CFA_MAP_LIMIT}), les plus proches d’abord` }),
    results: Type.Array(CfaSummarySchema),
  }),
});
export type ApprenticeshipTrainings = Static<typeof ApprenticeshipTrainingsSchema>;

const Point = Type.Object({
  type: Type.Literal('Point'),
  coordinates: Type.Tuple([Type.Number(), Type.Number()], { description: '[lon, lat]' }),
});

export const ApprenticeshipMapSchema = Type.Object({
  type: Type.Literal('FeatureCollection'),
  trainings: Type.Object({ total: Type.Integer(), shown: Type.Integer({ description: `au plus ${MAP_LIMIT}` }) }),
  cfas: Type.Object({ total: Type.Integer(), shown: Type.Integer({ description: `au plus ${CFA_MAP_LIMIT}` }) }),
  features: Type.Array(
    Type.Object({
      type: Type.Literal('Feature'),
      geometry: Point,
      properties: Type.Object({
        kind: Enum(['formation', 'cfa'] as const),
        title: Type.String(),
        ville: Nullable(Type.String()),
        organisme: Nullable(Type.String()),
        demo: Type.Boolean(),
        href: Type.String({ description: 'page de la formation ou du CFA' }),
      }),
    }),
  ),
});
export type ApprenticeshipMap = Static<typeof ApprenticeshipMapSchema>;

const AreaQuery = {
  near: Type.Optional(Type.String({ maxLength: 40, description: 'code INSEE ou code postal d’une commune' })),
  radiusKm: Type.Optional(Type.Number({ minimum: 1, maximum: 200, description: 'rayon autour de near, en km (30 par défaut)' })),
  departement: Type.Optional(Type.String({ maxLength: 3, description: 'code du département' })),
};

const TrainingFilters = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'texte libre' })),
  rome: Type.Optional(Type.String({ maxLength: 10, description: 'code ROME du métier visé' })),
  niveau: Type.Optional(Type.String({ maxLength: 20, description: 'niveaux de sortie 1 à 8, séparés par des virgules' })),
  ...AreaQuery,
  region: Type.Optional(Type.String({ maxLength: 2, description: 'couche des CFA sans commune ni département : code de la région' })),
});

const Day = (description: string) => Type.String({ maxLength: 10, description: `${description} (AAAA-MM-JJ)` });

export const apprenticeshipRoutes = {
  pay: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/apprenticeship/pay',
    schema: {
      summary: 'Simuler la rémunération d’un alternant et le coût pour l’employeur, mois par mois',
      description:
        'Salaire minimum brut (pourcentage du SMIC ou du salaire minimum conventionnel selon l’âge et l’année du contrat), net estimé, ' +
        'règle appliquée et sa source, et vue employeur (coût, aide à l’embauche, coût net). Les mois dont un chiffre n’est pas encore ' +
        'publié sont marqués « projection ». Rien n’est enregistré.',
      tags: ['apprentissage'],
      // Dates and values are checked by the simulator (same French messages as the command line).
      querystring: Type.Object({
        birth: Day('date de naissance'),
        start: Day('premier jour du contrat'),
        years: Type.Integer({ minimum: 1, maximum: 4, description: 'durée du contrat en années' }),
        contract: Type.Optional(Enum(CONTRACTS, 'apprentissage par défaut')),
        smc: Type.Optional(Type.Number({ minimum: 1, description: 'salaire minimum conventionnel de l’emploi, brut mensuel en euros' })),
        qualification: Type.Optional(Enum(QUALIFICATIONS, 'contrat de professionnalisation : qualification déjà détenue')),
        employerSize: Type.Optional(Type.Integer({ minimum: 0, description: 'effectif de l’entreprise' })),
        rqth: Type.Optional(Type.Boolean({ description: 'apprenti reconnu travailleur handicapé' })),
        diplomaLevel: Type.Optional(
          Type.Integer({ minimum: 1, maximum: 8, description: 'niveau du diplôme préparé (3 CAP … 8 doctorat)' }),
        ),
        concluded: Type.Optional(Day('date de conclusion du contrat, le début par défaut')),
        previousRate: Type.Optional(
          Type.Number({ minimum: 1, maximum: 115, description: 'contrat successif : taux (% du SMIC) de la dernière année du précédent' }),
        ),
        relatedDiploma: Type.Optional(
          Type.Boolean({
            description: 'contrat d’un an au plus, diplôme de même niveau en rapport direct avec un diplôme obtenu (+15 points)',
          }),
        ),
      }),
      response: { 200: PaySimulationSchema, 400: ErrorBody },
    },
  },
  cfaSearch: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/apprenticeship/cfa',
    schema: {
      summary: 'Chercher dans l’annuaire des CFA',
      description:
        'Annuaire des CFA et organismes de formation en apprentissage (un par UAI), réuni depuis la liste DEPP des CFA sous convention ' +
        'régionale, le référentiel UAI-SIRET et le référentiel de l’API Apprentissage. Texte (nom, commune, UAI, SIRET), département, ' +
        'région, commune et rayon (triés par distance) ; toutes les régions par défaut.',
      tags: ['apprentissage'],
      querystring: Type.Object({
        q: Type.Optional(Type.String({ maxLength: 200, description: 'nom, commune, UAI ou SIRET' })),
        ...AreaQuery,
        region: Type.Optional(Type.String({ maxLength: 2, description: 'code de la région (toutes par défaut)' })),
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }),
      response: { 200: CfaSearchSchema, 400: ErrorBody },
    },
  },
  cfa: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/apprenticeship/cfa/:uai',
    schema: {
      summary: 'Un CFA de l’annuaire, avec ses formations en alternance',
      description:
        'Le CFA, ses SIRET et l’organisme tel que chaque fichier le cite, ses lieux de formation, les formations en alternance de ' +
        'l’offre reliées par le SIRET ou l’UAI (organisme responsable, formateur ou lieu) et ses taux InserJeunes.',
      tags: ['apprentissage'],
      params: Type.Object({ uai: Type.String({ maxLength: 20, description: 'UAI, ex. 0440096R' }) }),
      response: { 200: CfaDetailSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
  trainings: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/apprenticeship/trainings',
    schema: {
      summary: 'Formations en apprentissage (liste) et CFA de la zone',
      description:
        'Les formations de l’offre en alternance (contrat d’apprentissage ou de professionnalisation), filtrées par métier (ROME), ' +
        'niveau, texte et lieu, avec le CFA de l’annuaire quand le SIRET de l’organisme y figure ; et les CFA de la zone. ' +
        'La liste est l’alternative de la carte (GET /api/v1/apprenticeship/map).',
      tags: ['apprentissage'],
      querystring: Type.Object({
        ...TrainingFilters.properties,
        page: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
        pageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
      }),
      response: { 200: ApprenticeshipTrainingsSchema, 400: ErrorBody },
    },
  },
  map: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/apprenticeship/map',
    schema: {
      summary: 'Carte des formations en apprentissage et des CFA (GeoJSON)',
      description: `Les mêmes filtres que la liste : des points « formation » (au plus ${MAP_LIMIT}) et « cfa » (au plus ${CFA_MAP_LIMIT}).`,
      tags: ['apprentissage'],
      querystring: TrainingFilters,
      response: { 200: ApprenticeshipMapSchema, 400: ErrorBody },
    },
  },
} as const satisfies RouteTable;
