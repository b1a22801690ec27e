/**
 * The training offer as LHEO 2.3 describes it (http://lheo.gouv.fr/2.3): one `LheoOffer` is one
 * `<formation>` with its actions, sessions, organismes and places. The reader produces it, the
 * database stores it (store.ts) and the writer turns it back into LHEO 2.3.
 *
 * Property names follow the LHEO element names (camelCased) so that the mapping stays obvious.
 * Codes of LHEO dictionaries are kept as their keys (strings, see dictionaries.ts); dict-boolean
 * values become booleans. Dates stay in the LHEO form `AAAAMMJJ` (00000000 / 99999999 = unknown,
 * `AAAAMM00` = month only). Optional elements are `undefined` when absent; repeated elements are
 * arrays (possibly empty), in document order.
 */
import type { Writable } from 'node:stream';

export const LHEO_NS_23 = 'http://lheo.gouv.fr/2.3';
export const LHEO_NS_22 = 'http://www.lheo.org/2.2';

/** An element kept as it came (the content of `<extras>`, LHEO's free extension). */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlChild[];
}
export type XmlChild = XmlElement | string;

/** Attributes kept on formation, action, session and organisme responsable (LHEO `numero`, `id`
 * and `idref` excepted: the identifier is the element's key, xs:ID values are not portable). */
export type LheoAttributes = Record<string, string>;

export interface Geolocalisation {
  /** As written (xs:string ≤ 30): decimal degrees WGS84, sometimes with a decimal comma. */
  latitude: string;
  longitude: string;
}

export interface Adresse {
  denomination?: string;
  /** 1 to 4 lines. */
  lignes: string[];
  codepostal: string;
  ville: string;
  departement?: string;
  /** Code INSEE (COG) of the commune. */
  codeInseeCommune?: string;
  codeInseeCanton?: string;
  region?: string;
  pays?: string;
  geolocalisation?: Geolocalisation;
}

export interface Coordonnees {
  civilite?: string;
  nom?: string;
  prenom?: string;
  /** 0 to 3 lines. */
  lignes: string[];
  adresse?: Adresse;
  telfixe: string[];
  portable: string[];
  fax: string[];
  courriel?: string;
  web: string[];
}

export interface Contact {
  /** dict-type-contact key. */
  typeContact?: string;
  coordonnees: Coordonnees;
}

/** A code with the version of its referential (`ref`, e.g. FORMACODE "V12", ROME "V4"). */
export interface CodeRef {
  code: string;
  ref?: string;
}

export interface Certification {
  rncp?: string;
  certifinfo?: string;
  rs?: string;
  cpf?: string;
  /** reference-code-FORMACODE. */
  formacode?: string;
}

export interface ReferenceCertification {
  rncp?: string;
  certifinfo?: string;
  rs?: string;
}

export interface CodeTypeFormation {
  cpf?: string;
  elu?: string;
}

export interface Periode {
  debut: string;
  fin: string;
}

export interface Recrutement {
  /** dict-modalite-recrutement key. */
  modalite: string;
  codePerimetre?: string;
  infosPerimetre?: string;
  aDistance?: boolean;
  adresse?: Adresse;
  urlweb?: string;
  nbPlaces?: number;
  periode?: Periode;
  heureDebut?: string;
  heureFin?: string;
  commentaire?: string;
}

export interface BlocCompetences {
  libelle: string;
  /** e.g. RNCP34826BC01. */
  code: string;
}

export interface BlocsCompetences {
  /** dict-type-validation-blocs key: 0 partielle, 1 totale, 2 mixte. */
  validation: string;
  reference: ReferenceCertification;
  blocs: BlocCompetences[];
}

export interface Cycle {
  /** dict-type-cycle key: 0 formation initiale, 1 apprentissage. */
  typeCycle: string;
  annees: number[];
  effectifMinimal?: number;
  capaciteSimultanee?: number;
  capaciteCumulee?: number;
  alternance?: {
    /** dict-type-alternance key. */
    type: string;
    rythme?: { unite: string; unitesEntreprise: number; unitesCentre: number };
  };
}

export interface Session {
  /** LHEO `numero` (or `id`); `#n` when the file gives none (n = rank in the action). */
  numero: string;
  attrs: LheoAttributes;
  periode: Periode;
  adresseInscription: Adresse;
  modalitesInscription?: string;
  periodeInscription?: Periode;
  /** dict-etat-recrutement key: 1 ouvert, 2 fermé, 3 suspendu. */
  etatRecrutement?: string;
  recrutements: Recrutement[];
  urls: string[];
  contacts: Contact[];
  referencesCertification: ReferenceCertification[];
  blocsCompetences: BlocsCompetences[];
  cycles: Cycle[];
  extras: XmlElement[];
}

export interface LieuFormation {
  siret?: string;
  uai?: string;
  coordonnees: Coordonnees;
  extras: XmlElement[];
}

export interface Equipement {
  type: string;
  coutIndicatif?: number;
  commentaire?: string;
}

export interface Enseignement {
  libelle: string;
  type: string;
  obligatoire: boolean;
  commentaire?: string;
}

export interface OrganismeFormateur {
  siret: string;
  /** Required by the schema but may be empty. */
  raisonSociale: string;
  contacts: Contact[];
  potentiel: CodeRef[];
  uai?: string;
  referencesCertification: ReferenceCertification[];
  extras: XmlElement[];
}

export interface OrganismeFinanceur {
  /** dict-financeurs key. */
  code: string;
  nbPlaces?: number;
  extras: XmlElement[];
}

export interface Action {
  /** LHEO `numero` (or `id`); `#n` when the file gives none (n = rank in the formation). */
  numero: string;
  attrs: LheoAttributes;
  rythme: string;
  /** code-public-vise: FORMACODE codes of the publics (1 to 10). */
  publicsVises: CodeRef[];
  infoPublicVise?: string;
  niveauEntreeObligatoire: boolean;
  modalitesAlternance: string;
  /** dict-modalites-enseignement key: 0 présentiel, 1 mixte, 2 à distance. */
  modalitesEnseignement: string;
  conditionsSpecifiques: string;
  priseEnChargeFraisPossible: boolean;
  lieux: LieuFormation[];
  /** modalites-entrees-sorties (dict-modalites-es): false = dates fixes, true = permanentes. */
  entreesSortiesPermanentes: boolean;
  urls: string[];
  dureeCycle?: number;
  sessions: Session[];
  adresseInformation?: Adresse;
  datesInformation: string[];
  restauration?: string;
  hebergement?: string;
  transport?: string;
  accesHandicapes?: string;
  /** ISO 639-1 codes. */
  langues: string[];
  modalitesRecrutement?: string;
  modalitesPedagogiques?: string;
  codesModalitePedagogique: string[];
  equipements: Equipement[];
  fraisRestants?: string;
  codePerimetreRecrutement?: string;
  infosPerimetreRecrutement?: string;
  /** As written (xs:string): "12.50", "1 200,00"… */
  prixHoraireTTC?: string;
  prixTotalTTC?: string;
  dureeIndicative?: string;
  nombreHeuresCentre?: number;
  nombreHeuresEntreprise?: number;
  nombreHeuresTotal?: number;
  detailConditionsPriseEnCharge?: string;
  conventionnement?: boolean;
  dureeConventionnee?: number;
  formateurs: OrganismeFormateur[];
  financeurs: OrganismeFinanceur[];
  enseignements: Enseignement[];
  extras: XmlElement[];
}

export interface OrganismeResponsable {
  /** LHEO `numero` of the element, when given. */
  numero?: string;
  attrs: LheoAttributes;
  numeroActivite: string;
  siret: string;
  nom: string;
  raisonSociale: string;
  coordonnees: Coordonnees;
  contacts: Contact[];
  renseignementsSpecifiques?: string;
  potentiel: CodeRef[];
  uai?: string;
  extras: XmlElement[];
}

export interface Module {
  identifiant?: string;
  /** dict-type-positionnement key. */
  positionnement?: string;
  sousModules: { reference: string; type: string }[];
  prerequis: string[];
}

export interface LheoOffer {
  /** LHEO `numero` of `<formation>` (or its `id`): the key of the offer within its source. */
  numero: string;
  attrs: LheoAttributes;
  domaine: { formacodes: CodeRef[]; nsf: string[]; rome: CodeRef[] };
  intitule: string;
  objectif: string;
  resultatsAttendus: string;
  contenu: string;
  certifiante: boolean;
  contacts: Contact[];
  /** dict-type-parcours key. */
  parcours: string;
  /** dict-niveaux key. */
  niveauEntree: string;
  /** dict-AIS key. */
  objectifGeneral?: string;
  certifications: Certification[];
  typesFormation: CodeTypeFormation[];
  niveauSortie?: string;
  urls: string[];
  actions: Action[];
  organisme: OrganismeResponsable;
  module?: Module;
  /** Formation-level extras, except the Passerelles marker that `demo` stands for. */
  extras: XmlElement[];
  /** Demonstration data, not a real offer (written as `<extras info="passerelles">`). */
  demo: boolean;
}

/** The `extras` block that marks demonstration offers. */
export const DEMO_EXTRAS_INFO = 'passerelles';
export const DEMO_EXTRA_INFO = 'demonstration';

export interface WriteLheoOptions {
  /** Written as `horodatage-export` on the root element (defaults to now). */
  exportedAt?: Date;
  /** Indentation: pretty output is easier to read, compact output is smaller. Default true. */
  indent?: boolean;
}

/** Writes offers as one LHEO 2.3 document, streaming (see write.ts). */
export type WriteLheo = (
  offers: AsyncIterable<LheoOffer> | Iterable<LheoOffer>,
  out: Writable,
  options?: WriteLheoOptions,
) => Promise<{ offers: number }>;
