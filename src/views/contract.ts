/**
 * The composite views' HTTP contract (an occupation in a territory, a territory's portrait, an
 * offer's certifications): the routes' TypeBox schemas and their static types. Every figure
 * carries its provenance. The routes are registered from `viewRoutes`; the portal reads it as
 * types only.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';
import { TERRITORY_LEVELS } from '../labour-market/territory.ts';
import type { TrainingHit } from '../trainings/contract.ts';
import { PORTRAIT_LEVELS } from './portrait.ts';

/**
 * A training as GET /api/v1/trainings returns it, typed so, but serialised as the search gives it
 * (the schema says nothing, so that no field is dropped: see trainings/contract.ts for the fields).
 */
const TrainingHitAsIs = Type.Unsafe<TrainingHit>(Type.Unknown());

// ---- an occupation in a territory ----------------------------------------------------------

const NumberOrNull = Nullable(Type.Number());
const IntOrNull = Nullable(Type.Integer());
const StringOrNull = Nullable(Type.String());

const provenance = {
  source: Type.String({ description: 'producteur et publication' }),
  vintage: Type.String({ description: 'année ou millésime (InserJeunes : « 2022_2023 » = sortants de ces deux années réunis)' }),
  geoLevel: Type.String({ description: 'niveau géographique : nat, reg, dep, bassin, ze, etablissement' }),
  geoCode: Type.String({ description: 'code officiel du territoire (« FR » pour la France entière)' }),
};

const Named = Type.Object({ code: Type.String(), name: Type.String() });

const Components = Type.Object({
  ...provenance,
  intensiteEmbauches: IntOrNull,
  lienFormationEmploi: IntOrNull,
  manqueMainOeuvre: IntOrNull,
  nonDurabilite: IntOrNull,
  conditionsTravail: IntOrNull,
  inadequationGeographique: IntOrNull,
});

const FapTension = Type.Object({
  ...provenance,
  fap: Type.String(),
  nomenclature: Type.String(),
  emploiMoyen: IntOrNull,
  tension: NumberOrNull,
  categorie: IntOrNull,
  composantes: Nullable(Components),
  serieNationale: Type.Array(Type.Object({ ...provenance, tension: NumberOrNull })),
});

const BassinTension = Type.Object({
  ...provenance,
  rome: Type.String(),
  offres: NumberOrNull,
  demandeurs: NumberOrNull,
  tension: IntOrNull,
  intensiteEmbauches: IntOrNull,
  manqueMainOeuvre: IntOrNull,
  nonDurabilite: IntOrNull,
  conditionsTravail: IntOrNull,
  inadequationGeographique: IntOrNull,
  lienFormationEmploi: IntOrNull,
});

const UnemploymentFigure = Type.Object({ ...provenance, taux: Type.Number({ description: 'taux de chômage, en %' }), label: StringOrNull });
const Unemployment = Type.Object({ latest: Nullable(UnemploymentFigure), series: Type.Array(UnemploymentFigure) });

export const Outcome = Type.Object({
  ...provenance,
  voie: Type.String(),
  cfd: StringOrNull,
  mefstat11: StringOrNull,
  effectifs: Type.Object({
    sortants: IntOrNull,
    anneeTerminale: IntOrNull,
    poursuiteEtudes: IntOrNull,
    enEmploi6Mois: IntOrNull,
    enEmploi12Mois: IntOrNull,
    enEmploi18Mois: IntOrNull,
    enEmploi24Mois: IntOrNull,
  }),
  tauxEmploi6Mois: IntOrNull,
  tauxEmploi12Mois: IntOrNull,
  tauxEmploi18Mois: IntOrNull,
  tauxEmploi24Mois: IntOrNull,
  tauxPoursuiteEtudes: IntOrNull,
  sousSeuil: Type.Object({ emploi: Type.Boolean(), poursuiteEtudes: Type.Boolean() }),
  notes: Type.Array(Type.String()),
});

export const OccupationTerritory = Type.Object({
  occupation: Type.Object({ code: Type.String(), label: Type.String(), romeV3Parent: StringOrNull }),
  territory: Type.Object({
    level: Type.String(),
    code: Type.String(),
    name: Type.String(),
    departement: Nullable(Named),
    region: Nullable(Named),
    bassinBmo: Nullable(Named),
    zoneEmploi: Nullable(Named),
  }),
  tension: Type.Object({
    romeV3: StringOrNull,
    via: StringOrNull,
    fap: Type.Array(Type.Object({ code: Type.String(), romeLabel: StringOrNull, marker: StringOrNull })),
    dares: Type.Array(FapTension),
    bassin: Nullable(BassinTension),
    scales: Type.Object({ tension: Type.String(), categorie: Type.String(), composantes: Type.String(), bassin: Type.String() }),
  }),
  chomage: Type.Object({ departement: Nullable(Unemployment), region: Nullable(Unemployment) }),
  insertion: Type.Object({
    certifications: Type.Integer({ description: 'certifications menant au métier (Certif Info)' }),
    sansDonnees: Type.Integer({ description: 'certifications avec CFD sans chiffre InserJeunes dans la région' }),
    items: Type.Array(
      Type.Object({
        certification: Type.Object({
          code: Type.String(),
          label: Type.String(),
          type: StringOrNull,
          niveauEuropeen: IntOrNull,
          rncp: StringOrNull,
        }),
        lien: Type.Union([Type.Literal('fort'), Type.Literal('faible')], {
          description: 'force du lien au métier : « faible » pour une certification large, montrée sous « Voir aussi »',
        }),
        cfd: Type.String(),
        outcomes: Type.Array(Outcome),
      }),
    ),
  }),
  formationsProches: Type.Object({
    total: Type.Integer({ description: 'offres menant au métier sur le territoire (dans un rayon de 30 km pour une commune)' }),
    items: Type.Array(TrainingHitAsIs, { description: 'les 5 premières, comme GET /api/v1/trainings' }),
    nearest: Type.Optional(
      Type.Object(
        { radiusKm: Type.Integer(), items: Type.Array(TrainingHitAsIs) },
        { description: 'aucune offre dans le rayon : les plus proches au-delà et le rayon qui les contient' },
      ),
    ),
  }),
  notes: Type.Array(Type.String()),
});

export type OccupationTerritory = Static<typeof OccupationTerritory>;
export type Outcome = Static<typeof Outcome>;

// ---- a territory's portrait ------------------------------------------------------------------

const portraitProvenance = {
  source: Type.String({ description: 'producteur et publication' }),
  vintage: Type.String({ description: 'année ou millésime' }),
  geoLevel: Type.String({ description: 'niveau géographique du chiffre' }),
  geoCode: Type.String({ description: 'code du territoire du chiffre' }),
};
const PortraitUnemploymentFigure = Type.Object({ ...portraitProvenance, taux: Type.Number(), label: Nullable(Type.String()) });
const PortraitUnemployment = Nullable(
  Type.Object({ latest: Nullable(PortraitUnemploymentFigure), series: Type.Array(PortraitUnemploymentFigure) }),
);

export const Portrait = Type.Object({
  territory: Type.Object({
    level: Type.String(),
    levelName: Type.String(),
    code: Type.String(),
    name: Type.String(),
    departement: Nullable(Named),
    region: Nullable(Named),
    bassinBmo: Nullable(Named),
    zoneEmploi: Nullable(Named),
    epci: Nullable(Named),
    communes: Type.Integer({ description: 'nombre de communes' }),
    centre: Nullable(Type.Object({ code: Type.String(), name: Type.String(), lat: Type.Number(), lon: Type.Number() })),
  }),
  population: Nullable(
    Type.Object({ ...portraitProvenance, value: Type.Integer(), communes: Type.Integer(), communesSansPopulation: Type.Integer() }),
  ),
  chomage: Type.Object({ departement: PortraitUnemployment, region: PortraitUnemployment }),
  tensions: Type.Object({
    level: Type.String({ description: 'territoire des indicateurs (le plus fin publié)' }),
    scale: Type.String({ description: 'comment lire les valeurs' }),
    items: Type.Array(
      Type.Object({
        ...portraitProvenance,
        code: Type.String(),
        kind: Type.Union([Type.Literal('rome'), Type.Literal('fap')]),
        label: Type.String(),
        occupations: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
        tension: Nullable(Type.Number()),
        categorie: Nullable(Type.Integer()),
        offres: Nullable(Type.Integer()),
        demandeurs: Nullable(Type.Number()),
      }),
    ),
  }),
  metiersRecherches: Type.Object({
    bassins: Type.Array(Named),
    note: Nullable(Type.String()),
    items: Type.Array(
      Type.Object({
        ...portraitProvenance,
        rome: Type.String(),
        label: Type.String(),
        offres: Type.Integer(),
        demandeurs: Nullable(Type.Integer()),
      }),
    ),
  }),
  formations: Type.Object({
    total: Type.Integer(),
    where: Type.String(),
    search: Type.Record(Type.String(), Type.String(), { description: 'paramètres de la page de recherche de formations' }),
    items: Type.Array(TrainingHitAsIs, { description: 'les 5 premières, comme GET /api/v1/trainings' }),
  }),
  notes: Type.Array(Type.String()),
});

export type TerritoryPortrait = Static<typeof Portrait>;

// ---- an offer's certifications ---------------------------------------------------------------

/** Any field the route adds is served too (additionalProperties), as before it had a schema. */
const Open = { additionalProperties: true } as const;

export const OfferCertification = Type.Object(
  {
    declared: Type.Object(
      { rncp: StringOrNull, certifinfo: StringOrNull, rs: StringOrNull },
      { ...Open, description: 'comme l’offre l’écrit' },
    ),
    certification: Nullable(
      Type.Object(
        {
          code: Type.String({ description: 'code Certif Info' }),
          label: Type.String(),
          type: StringOrNull,
          niveauEuropeen: IntOrNull,
          rncp: StringOrNull,
          rs: Type.Array(Type.String()),
          cfd: StringOrNull,
          certificateur: StringOrNull,
          etatLabel: StringOrNull,
          source: Type.Object({ name: Type.String(), file: StringOrNull, version: StringOrNull }, Open),
        },
        Open,
      ),
    ),
    region: Type.String({ description: 'région des taux InserJeunes (celle des lieux de l’offre)' }),
    diplome: Nullable(Type.Object({ libelle: StringOrNull, niveau: StringOrNull }, Open)),
    outcomes: Type.Array(Outcome),
  },
  Open,
);
export type OfferCertification = Static<typeof OfferCertification>;

const Name = Type.String({ minLength: 1, maxLength: 200 });

export const viewRoutes = {
  occupationTerritory: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/occupations/:code/territory/:level/:territoryCode',
    schema: {
      summary: 'Un métier sur un territoire : tension, chômage, insertion des diplômes qui y mènent',
      description:
        'Chaque chiffre porte sa source, son millésime et son niveau géographique ; la tension est donnée ' +
        'au niveau le plus fin publié (bassin BMO, département, région, France).',
      tags: ['marché du travail'],
      params: Type.Object({
        code: Type.String({ pattern: '^[A-Na-n][0-9]{4}$', description: 'code ROME, ex. D1102' }),
        level: Type.Enum([...TERRITORY_LEVELS], { description: 'niveau du territoire' }),
        territoryCode: Type.String({ minLength: 1, maxLength: 10, description: 'code du territoire, ex. 44109 (commune), 44, 52, 5216' }),
      }),
      response: { 200: OccupationTerritory, 400: ErrorBody, 404: ErrorBody },
    },
  },
  portrait: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/territories/:level/:code/portrait',
    schema: {
      summary: 'Portrait d’un territoire : population, chômage, métiers en tension, métiers recherchés, offre de formation',
      description:
        'Chaque chiffre porte sa source, son millésime et son niveau géographique ; les tensions sont données au niveau le plus fin publié ' +
        '(bassin BMO, sinon département, sinon région).',
      tags: ['territoires'],
      params: Type.Object({
        level: Type.Enum([...PORTRAIT_LEVELS], { description: 'commune, epci, zone-emploi, bassin, departement ou region' }),
        code: Type.String({
          minLength: 1,
          maxLength: 12,
          description: 'code officiel : INSEE (commune, département, région), SIREN (EPCI), zone d’emploi, bassin BMO',
        }),
      }),
      response: { 200: Portrait },
    },
  },
  offerCertifications: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/trainings/offers/:source/:numero/certifications',
    schema: {
      summary: 'Certifications d’une offre (Certif Info) et taux d’emploi InserJeunes de leur diplôme dans la région',
      description: 'Chaque taux porte sa source, son millésime (cohorte de sortants) et sa voie (apprentissage ou scolaire).',
      tags: ['formations', 'marché du travail'],
      params: Type.Object({ source: Name, numero: Name }),
      response: { 200: Type.Array(OfferCertification) },
    },
  },
} as const satisfies RouteTable;
