/**
 * The HTTP contract of the needs per sector and territory: per occupation domain (FAP, the letter
 * that opens the métier code) × bassin BMO, the recruitment projects and their difficult share (BMO,
 * latest vintage), the tension of the domain's métiers in the bassin (France Travail, ROME × bassin,
 * linked to the domain through the FAP 2009 ↔ ROME table), the initial-training places of the
 * bassin's schools (Affelnet, Parcoursup) and the continuing-training actions of the catalogue;
 * « offre de formation à construire » where projects are many and places few. Public figures.
 */
import { Type, type Static } from 'typebox';
import { ErrorBody, Nullable, type RouteTable } from '../platform/http/route-contract.ts';

/**
 * The 22 domains of the FAP (familles professionnelles, DARES), by the letter that opens every FAP
 * code; FAP 2009 (the ROME table, the DARES tensions) and FAP 2021 (the BMO survey) keep the same
 * letters for the same domains, which is why the figures meet at this level and no finer.
 */
export const FAP_DOMAINS: Record<string, string> = {
  A: 'Agriculture, marine, pêche',
  B: 'Bâtiment, travaux publics',
  C: 'Électricité, électronique',
  D: 'Mécanique, travail des métaux',
  E: 'Industries de process',
  F: 'Matériaux souples, bois, industries graphiques',
  G: 'Maintenance',
  H: 'Ingénieurs, cadres et agents des fonctions transverses de l’industrie',
  J: 'Transports, logistique et tourisme',
  K: 'Artisanat',
  L: 'Gestion et administration des entreprises et des établissements publics',
  M: 'Informatique et télécommunications',
  N: 'Études et recherche',
  P: 'Administration publique, professions juridiques, armée et police',
  Q: 'Banque et assurances',
  R: 'Commerce',
  S: 'Hôtellerie, restauration, alimentation',
  T: 'Services aux particuliers et aux collectivités',
  U: 'Communication, information, art et spectacle',
  V: 'Santé, action sociale, culturelle et sportive',
  W: 'Enseignement, formation',
  X: 'Politique, religion',
};
/** A cell needs training to be built with at least this many non-seasonal recruitment projects… */
export const MIN_PROJECTS = 300;
/**
 * …and fewer initial-training places per 100 of them than this share of the région's own ratio (all
 * domains): places cover only first years of CAP, bac pro and BTS, far fewer than the projects
 * everywhere, so only a ratio well under the région's says that places are few.
 */
export const RATIO_SHARE = 0.5;
/** From this tension (1 to 5) the reason says the métiers are hard to fill. */
export const HIGH_TENSION = 4;

export const NeedsQuery = Type.Object({
  region: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: 'code de la région (52 par défaut)' })),
  bassin: Type.Optional(Type.String({ pattern: '^\\d{3,5}$', description: 'code du bassin BMO (ex. 5218)' })),
  famille: Type.Optional(Type.String({ pattern: '^[A-Z]$', description: 'domaine professionnel FAP, une lettre (ex. B : bâtiment)' })),
});
export type NeedsQuery = Static<typeof NeedsQuery>;

export const NeedsCellSchema = Type.Object({
  bassin: Type.String(),
  bassinName: Type.String(),
  departement: Type.String(),
  famille: Type.String(),
  familleLabel: Type.String(),
  projets: Type.Integer({ description: 'projets de recrutement (cellules non publiées exclues)' }),
  saisonniers: Type.Integer({ description: 'dont projets saisonniers' }),
  difficiles: Type.Integer(),
  difficultShare: Nullable(Type.Number({ description: 'part des projets jugés difficiles, entre 0 et 1' })),
  secretMetiers: Type.Integer({ description: 'métiers dont le nombre de projets n’est pas publié (secret)' }),
  tension: Nullable(
    Type.Number({ description: 'tension moyenne des métiers ROME du domaine dans le bassin, de 1 à 5, pondérée par les offres' }),
  ),
  places: Type.Integer({ description: 'places de formation initiale (Affelnet, Parcoursup) des établissements du bassin' }),
  placesPer100Projects: Nullable(Type.Number({ description: 'places pour 100 projets non saisonniers' })),
  continuingActions: Type.Integer({ description: 'actions de formation continue du catalogue rattachées au domaine par leur code ROME' }),
  toBuild: Type.Boolean(),
  reason: Nullable(Type.String()),
});
export type NeedsCell = Static<typeof NeedsCellSchema>;

export const NeedsSchema = Type.Object({
  region: Type.Object({ code: Type.String(), name: Type.String() }),
  filters: Type.Object({ bassin: Nullable(Type.String()), famille: Nullable(Type.String()) }),
  vintages: Type.Object({
    bmo: Nullable(Type.String()),
    tension: Nullable(Type.String()),
    bassins: Nullable(Type.String({ description: 'découpage des bassins (communes → bassin)' })),
    affelnet: Nullable(Type.String()),
    parcoursup: Nullable(Type.String()),
  }),
  bassins: Type.Array(Type.Object({ code: Type.String(), name: Type.String(), departement: Type.String() })),
  familles: Type.Array(Type.Object({ code: Type.String(), label: Type.String() })),
  byFamily: Type.Array(
    Type.Object({
      famille: Type.String(),
      familleLabel: Type.String(),
      projets: Type.Integer(),
      difficiles: Type.Integer(),
      difficultShare: Nullable(Type.Number()),
      places: Type.Integer(),
      toBuild: Type.Integer({ description: 'bassins où l’offre de formation est à construire' }),
    }),
  ),
  cells: Type.Array(NeedsCellSchema, { description: 'bassin × domaine, le plus de projets d’abord' }),
  toBuild: Type.Array(NeedsCellSchema, { description: 'offre de formation à construire' }),
  regionalPlacesPer100: Nullable(
    Type.Number({ description: 'places de formation initiale pour 100 projets non saisonniers, toute la région, tous domaines' }),
  ),
  unplacedPlaces: Type.Integer({ description: 'places des établissements de la région sans bassin connu' }),
  unlinkedPlaces: Type.Integer({ description: 'places dont le diplôme ne mène à aucun domaine (pas de code ROME)' }),
  rules: Type.Array(Type.String()),
  notes: Type.Array(Type.String()),
});
export type Needs = Static<typeof NeedsSchema>;

export const needsRoutes = {
  needs: {
    method: 'GET',
    access: 'public',
    url: '/api/v1/steering/needs',
    schema: {
      summary: 'Besoins par secteur et territoire : projets de recrutement, tension, places de formation, offre à construire',
      description:
        'Par domaine professionnel (FAP) × bassin BMO : projets de recrutement et part difficile (BMO), tension des métiers (France Travail), ' +
        `places de formation initiale ; offre à construire : au moins ${MIN_PROJECTS} projets non saisonniers et moins de places pour 100 projets ` +
        'que la moitié du rapport de la région.',
      tags: ['pilotage'],
      querystring: NeedsQuery,
      response: { 200: NeedsSchema, 400: ErrorBody, 404: ErrorBody },
    },
  },
} as const satisfies RouteTable;
