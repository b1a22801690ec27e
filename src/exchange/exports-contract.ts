/**
 * The HTTP contract of the bulk exports (issue 14): the training offer and the ROME 4.0
 * occupations as whole files (CSV, JSON, GeoJSON, LHEO 2.3), streamed from the database page by
 * page, and a catalogue of every export (with the steering indicators' open-data files, served by
 * steering). Public data only.
 *
 * The training offer is exported one row per place of an action (« lieu de formation » of an
 * « action », the session place): an offer given in Nantes and in Angers is two rows; its own
 * fields (title, organisation…) are repeated on each. An action without a place is one row with
 * empty place columns. The LHEO file holds one <formation> per offer, as LHEO says.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

export const EXPORT_FORMATS = ['csv', 'json', 'geojson', 'xml'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_SUBJECTS = ['offers', 'occupations'] as const;
export type ExportSubject = (typeof EXPORT_SUBJECTS)[number];
/** What each subject is exported as. */
export const SUBJECT_FORMATS: Record<ExportSubject, readonly ExportFormat[]> = {
  offers: ['csv', 'json', 'geojson', 'xml'],
  occupations: ['csv', 'json'],
};

/** One row of the training offer export: one place of one action of one offer. */
export const OfferExportRow = Type.Object({
  source: Type.String({ description: 'source de l’offre (fichier LHEO ou flux d’un partenaire)' }),
  formation: Type.String({ description: 'identifiant de l’offre dans sa source (numéro LHEO)' }),
  intitule: Type.String(),
  organismeSiret: Type.String(),
  organismeNom: Type.String(),
  certifiante: Type.Boolean(),
  eligibleCpf: Type.Boolean(),
  niveauSortie: Nullable(Type.String({ description: 'code LHEO du niveau de sortie' })),
  codesRome: Type.String({ description: 'codes ROME de l’offre, séparés par des espaces' }),
  formacodes: Type.String({ description: 'codes FORMACODE de l’offre, séparés par des espaces' }),
  demonstration: Type.Boolean({ description: 'offre de démonstration (fictive)' }),
  action: Nullable(Type.String({ description: 'identifiant de l’action (null : offre sans action)' })),
  modalitesEnseignement: Nullable(Type.String({ description: 'code LHEO des modalités d’enseignement' })),
  alternance: Nullable(Type.Boolean()),
  lieu: Nullable(Type.Integer({ description: 'rang du lieu dans l’action (null : action sans lieu)' })),
  ville: Nullable(Type.String()),
  codePostal: Nullable(Type.String()),
  commune: Nullable(Type.String({ description: 'code INSEE de la commune' })),
  departement: Nullable(Type.String({ description: 'département de la commune (code INSEE), sinon celui écrit dans le fichier' })),
  latitude: Nullable(Type.Number()),
  longitude: Nullable(Type.Number()),
  position: Nullable(
    Type.Unsafe<'lheo' | 'commune'>(
      Type.String({ enum: ['lheo', 'commune'], description: 'lheo : géolocalisation du fichier ; commune : centre de la commune' }),
    ),
  ),
  sessions: Type.Integer({ description: 'nombre de sessions de l’action' }),
  premiereSession: Nullable(Type.String({ description: 'début de la première session (AAAA-MM-JJ)' })),
  derniereSession: Nullable(Type.String({ description: 'fin de la dernière session (AAAA-MM-JJ)' })),
  page: Type.String({ description: 'page de l’offre sur le portail' }),
});
export type OfferExportRow = Static<typeof OfferExportRow>;

/** One row of the occupations export: one ROME 4.0 fiche. */
export const OccupationExportRow = Type.Object({
  code: Type.String({ description: 'code ROME' }),
  libelle: Type.String(),
  grandDomaine: Nullable(Type.String()),
  grandDomaineLibelle: Nullable(Type.String()),
  domaineProfessionnel: Nullable(Type.String()),
  domaineProfessionnelLibelle: Nullable(Type.String()),
  appellations: Type.Integer({ description: 'nombre d’appellations du métier' }),
  appellationsLibelles: Type.String({ description: 'libellés des appellations, séparés par « | »' }),
  emploiReglemente: Type.Boolean(),
  emploiCadre: Type.Boolean(),
  transitionEcologique: Nullable(Type.String()),
  transitionNumerique: Type.Boolean(),
  transitionDemographique: Type.Boolean(),
  riasecMajeur: Nullable(Type.String()),
  riasecMineur: Nullable(Type.String()),
  esco: Type.String({
    description: 'URI ESCO des métiers rapprochés des appellations (table de correspondance officielle), séparées par des espaces',
  }),
  page: Type.String({ description: 'fiche métier sur le portail' }),
});
export type OccupationExportRow = Static<typeof OccupationExportRow>;

const Feature = Type.Object({
  type: Type.Literal('Feature'),
  geometry: Type.Object({ type: Type.Literal('Point'), coordinates: Type.Tuple([Type.Number(), Type.Number()]) }),
  properties: Type.Object({}, { additionalProperties: true }),
});
const OfferFeatureCollection = Type.Object(
  {
    type: Type.Literal('FeatureCollection'),
    features: Type.Array(Feature),
    sansCoordonnees: Type.Integer({ description: 'lignes laissées de côté faute de coordonnées (ni du fichier ni de la commune)' }),
  },
  { description: 'GeoJSON (application/geo+json), un point par lieu d’action géolocalisé' },
);

const Departement = Type.String({ pattern: '^(\\d{2}|2[AB]|97\\d)$', description: 'seulement les lieux de ce département (code INSEE)' });
const Source = Type.String({ minLength: 1, maxLength: 200, description: 'seulement les offres de cette source' });
export const OffersExportQuery = Type.Object({ source: Type.Optional(Source), departement: Type.Optional(Departement) });
export type OffersExportQuery = Static<typeof OffersExportQuery>;
const LheoExportQuery = Type.Object({ source: Type.Optional(Source) });

const ExportFormatEntry = Type.Object({
  format: Type.String({ description: 'csv, json, geojson ou xml (LHEO 2.3)' }),
  mediaType: Type.String(),
  url: Type.String(),
});
const ExportParameter = Type.Object({
  name: Type.String(),
  required: Type.Boolean(),
  description: Type.String(),
  values: Type.Optional(Type.Array(Type.String())),
});
export const ExportEntry = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  unit: Type.String({ description: 'ce qu’est une ligne (un objet, une entité)' }),
  formats: Type.Array(ExportFormatEntry),
  parameters: Type.Array(ExportParameter),
  rows: Nullable(Type.Integer({ description: 'nombre de lignes du CSV et du JSON sans filtre (null : non compté)' })),
  withoutCoordinates: Type.Optional(Type.Integer({ description: 'lignes absentes du GeoJSON faute de coordonnées' })),
  updatedAt: Nullable(Type.String({ description: 'dernière modification connue des données (ISO 8601)' })),
  licence: Type.String(),
});
export type ExportEntry = Static<typeof ExportEntry>;
export const ExportCatalogue = Type.Object({
  dataVersion: Nullable(Type.Integer({ description: 'version des données : le dernier import du lot' })),
  lastImport: Nullable(Type.String({ description: 'date du dernier import du lot (ISO 8601)' })),
  exports: Type.Array(ExportEntry),
});
export type ExportCatalogue = Static<typeof ExportCatalogue>;

const Csv = (what: string) => Type.String({ description: `${what} en CSV (text/csv ; UTF-8 avec BOM, séparateur virgule, RFC 4180)` });
const STREAMED = 'Produit au fil de l’eau (pages lues l’une après l’autre) : la mémoire du serveur ne dépend pas de la taille de l’offre.';
const OFFER_UNIT = 'Une ligne par lieu de formation d’une action (une offre donnée à Nantes et à Angers fait deux lignes).';

export const exportsRoutes = {
  catalogue: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports',
    schema: {
      summary: 'Catalogue des exports en masse : offre de formation, métiers, indicateurs',
      tags: ['échanges'],
      response: { 200: ExportCatalogue },
    },
  },
  offersCsv: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/offers.csv',
    schema: {
      summary: 'Offre de formation en CSV',
      description: `${OFFER_UNIT} ${STREAMED}`,
      tags: ['échanges'],
      querystring: OffersExportQuery,
      response: { 200: Csv('l’offre de formation'), 400: ErrorBody },
    },
  },
  offersJson: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/offers.json',
    schema: {
      summary: 'Offre de formation en JSON (les mêmes lignes que le CSV)',
      description: `${OFFER_UNIT} ${STREAMED}`,
      tags: ['échanges'],
      querystring: OffersExportQuery,
      response: { 200: Type.Array(OfferExportRow), 400: ErrorBody },
    },
  },
  offersGeojson: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/offers.geojson',
    schema: {
      summary: 'Offre de formation en GeoJSON : un point par lieu d’action',
      description:
        `${OFFER_UNIT} Position du fichier LHEO, sinon centre de la commune ; les lignes sans l’une ni l’autre sont comptées ` +
        `dans sansCoordonnees (en fin de document) et dans le catalogue. ${STREAMED}`,
      tags: ['échanges'],
      querystring: OffersExportQuery,
      response: { 200: OfferFeatureCollection, 400: ErrorBody },
    },
  },
  offersXml: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/offers.xml',
    schema: {
      summary: 'Offre de formation au format LHEO 2.3 (XML)',
      description: `Document LHEO 2.3 valide (http://lheo.gouv.fr/2.3), une <formation> par offre. 404 quand aucune offre. ${STREAMED}`,
      tags: ['échanges'],
      querystring: LheoExportQuery,
      response: { 200: Type.String({ description: 'le document LHEO 2.3 (application/xml)' }), 400: ErrorBody, 404: ErrorBody },
    },
  },
  occupationsCsv: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/occupations.csv',
    schema: {
      summary: 'Métiers (fiches ROME 4.0) en CSV',
      description: `Une ligne par fiche ROME : domaines, appellations, correspondances ESCO. ${STREAMED}`,
      tags: ['échanges'],
      response: { 200: Csv('les fiches métiers') },
    },
  },
  occupationsJson: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/exports/occupations.json',
    schema: {
      summary: 'Métiers (fiches ROME 4.0) en JSON (les mêmes lignes que le CSV)',
      tags: ['échanges'],
      response: { 200: Type.Array(OccupationExportRow) },
    },
  },
} as const satisfies RouteTable;
