/**
 * The content model of LHEO 2.3 (lheo.xsd, http://lheo.gouv.fr/2.3/lheo.xsd): for each element,
 * its children in order with their cardinality, or the facets of its text. Transcribed once at
 * development time from the official schema; validate.ts applies it to every offer read, so that
 * what is imported (and hence exported) is valid LHEO 2.3. `extras` holds any sequence of
 * `extras` / `extra`, and `extra` anything (xs:anyType).
 */

/** A child of a sequence: element name, minOccurs, maxOccurs (-1 = unbounded). */
export type Particle = readonly [name: string, min: number, max: number];

export type ElementRule =
  | { seq: readonly Particle[] }
  | {
      type: 'string' | 'token' | 'long';
      enum?: readonly string[];
      minLength?: number;
      maxLength?: number;
      length?: number;
      pattern?: string;
    };

export const ELEMENTS: Readonly<Record<string, ElementRule>> = {
  'domaine-formation': {
    seq: [
      ['code-FORMACODE', 0, 5],
      ['code-NSF', 0, 3],
      ['code-ROME', 0, 5],
      ['extras', 0, -1],
    ],
  },
  'contact-formation': {
    seq: [
      ['type-contact', 0, 1],
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'contact-session': {
    seq: [
      ['type-contact', 0, 1],
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  certification: {
    seq: [
      ['code-RNCP', 0, 1],
      ['code-CERTIFINFO', 0, 1],
      ['code-RS', 0, 1],
      ['code-CPF', 0, 1],
      ['reference-code-FORMACODE', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'reference-certification': {
    seq: [
      ['reference-code-RNCP', 0, 1],
      ['reference-code-CERTIFINFO', 0, 1],
      ['reference-code-RS', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'code-type-formation': {
    seq: [
      ['code-CPF', 0, 1],
      ['code-ELU', 0, 1],
      ['extras', 0, -1],
    ],
  },
  lheo: {
    seq: [
      ['offres', 1, 1],
      ['extras', 0, -1],
    ],
  },
  offres: {
    seq: [
      ['formation', 1, -1],
      ['extras', 0, -1],
    ],
  },
  formation: {
    seq: [
      ['domaine-formation', 1, 1],
      ['intitule-formation', 1, 1],
      ['objectif-formation', 1, 1],
      ['resultats-attendus', 1, 1],
      ['contenu-formation', 1, 1],
      ['certifiante', 1, 1],
      ['contact-formation', 1, -1],
      ['parcours-de-formation', 1, 1],
      ['code-niveau-entree', 1, 1],
      ['objectif-general-formation', 0, 1],
      ['certification', 0, 5],
      ['code-type-formation', 0, 5],
      ['code-niveau-sortie', 0, 1],
      ['url-formation', 0, 1],
      ['action', 1, -1],
      ['organisme-formation-responsable', 1, 1],
      ['identifiant-module', 0, 1],
      ['positionnement', 0, 1],
      ['sous-modules', 0, 1],
      ['modules-prerequis', 0, 1],
      ['extras', 0, -1],
    ],
  },
  action: {
    seq: [
      ['rythme-formation', 1, 1],
      ['code-public-vise', 1, 10],
      ['info-public-vise', 0, 1],
      ['niveau-entree-obligatoire', 1, 1],
      ['modalites-alternance', 1, 1],
      ['modalites-enseignement', 1, 1],
      ['conditions-specifiques', 1, 1],
      ['prise-en-charge-frais-possible', 1, 1],
      ['lieu-de-formation', 0, -1],
      ['modalites-entrees-sorties', 1, 1],
      ['url-action', 0, 1],
      ['duree-cycle', 0, 1],
      ['session', 1, -1],
      ['adresse-information', 0, 1],
      ['date-information', 0, 3],
      ['restauration', 0, 1],
      ['hebergement', 0, 1],
      ['transport', 0, 1],
      ['acces-handicapes', 0, 1],
      ['langue-formation', 0, 5],
      ['modalites-recrutement', 0, 1],
      ['modalites-pedagogiques', 0, 1],
      ['code-modalite-pedagogique', 0, 5],
      ['equipement', 0, -1],
      ['frais-restants', 0, 1],
      ['code-perimetre-recrutement', 0, 1],
      ['infos-perimetre-recrutement', 0, 1],
      ['prix-horaire-TTC', 0, 1],
      ['prix-total-TTC', 0, 1],
      ['duree-indicative', 0, 1],
      ['nombre-heures-centre', 0, 1],
      ['nombre-heures-entreprise', 0, 1],
      ['nombre-heures-total', 0, 1],
      ['detail-conditions-prise-en-charge', 0, 1],
      ['conventionnement', 0, 1],
      ['duree-conventionnee', 0, 1],
      ['organisme-formateur', 0, -1],
      ['organisme-financeur', 0, 8],
      ['enseignement', 0, -1],
      ['extras', 0, -1],
    ],
  },
  'organisme-formation-responsable': {
    seq: [
      ['numero-activite', 1, 1],
      ['SIRET-organisme-formation', 1, 1],
      ['nom-organisme', 1, 1],
      ['raison-sociale', 1, 1],
      ['coordonnees-organisme', 1, 1],
      ['contact-organisme', 1, -1],
      ['renseignements-specifiques', 0, 1],
      ['potentiel', 0, 1],
      ['code-UAI-organisme-formation', 0, 1],
      ['extras', 0, -1],
    ],
  },
  potentiel: {
    seq: [
      ['code-FORMACODE', 1, 25],
      ['extras', 0, -1],
    ],
  },
  'organisme-formateur': {
    seq: [
      ['SIRET-formateur', 1, 1],
      ['raison-sociale-formateur', 1, 1],
      ['contact-formateur', 0, -1],
      ['potentiel', 0, 1],
      ['code-UAI-formateur', 0, 1],
      ['reference-certification', 0, 5],
      ['extras', 0, -1],
    ],
  },
  'url-formation': {
    seq: [
      ['urlweb', 1, 3],
      ['extras', 0, -1],
    ],
  },
  'lieu-de-formation': {
    seq: [
      ['SIRET-lieu-formation', 0, 1],
      ['code-UAI-lieu-formation', 0, 1],
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  recrutement: {
    seq: [
      ['modalite-recrutement', 1, 1],
      ['code-perimetre-recrutement', 0, 1],
      ['infos-perimetre-recrutement', 0, 1],
      ['a-distance', 0, 1],
      ['adresse', 0, 1],
      ['urlweb', 0, 1],
      ['nb-places', 0, 1],
      ['periode', 0, 1],
      ['heure-debut', 0, 1],
      ['heure-fin', 0, 1],
      ['commentaire', 0, 1],
      ['extras', 0, -1],
    ],
  },
  enseignement: {
    seq: [
      ['libelle-enseignement', 1, 1],
      ['type-enseignement', 1, 1],
      ['obligatoire', 1, 1],
      ['commentaire', 0, 1],
      ['extras', 0, -1],
    ],
  },
  equipement: {
    seq: [
      ['type-equipement', 1, 1],
      ['cout-indicatif-equipement', 0, 1],
      ['commentaire', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'rythme-alternance': {
    seq: [
      ['unite-rythme-alternance', 1, 1],
      ['unites-entreprise', 1, 1],
      ['unites-centre', 1, 1],
      ['extras', 0, -1],
    ],
  },
  alternance: {
    seq: [
      ['type-alternance', 1, 1],
      ['rythme-alternance', 0, 1],
      ['extras', 0, -1],
    ],
  },
  cycle: {
    seq: [
      ['type-cycle', 1, 1],
      ['annee-cycle', 0, -1],
      ['effectif-minimal', 0, 1],
      ['capacite-simultanee', 0, 1],
      ['capacite-cumulee', 0, 1],
      ['alternance', 0, 1],
      ['extras', 0, -1],
    ],
  },
  session: {
    seq: [
      ['periode', 1, 1],
      ['adresse-inscription', 1, 1],
      ['modalites-inscription', 0, 1],
      ['periode-inscription', 0, 1],
      ['etat-recrutement', 0, 1],
      ['recrutement', 0, -1],
      ['url-session', 0, 1],
      ['contact-session', 0, -1],
      ['reference-certification', 0, 5],
      ['blocs-competences', 0, -1],
      ['cycle', 0, -1],
      ['extras', 0, -1],
    ],
  },
  'adresse-inscription': {
    seq: [
      ['adresse', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'adresse-information': {
    seq: [
      ['adresse', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'date-information': {
    seq: [
      ['date', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'url-action': {
    seq: [
      ['urlweb', 1, 3],
      ['extras', 0, -1],
    ],
  },
  'url-session': {
    seq: [
      ['urlweb', 1, 3],
      ['extras', 0, -1],
    ],
  },
  'SIRET-organisme-formation': {
    seq: [
      ['SIRET', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'code-UAI-organisme-formation': {
    seq: [
      ['code-UAI', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'SIRET-lieu-formation': {
    seq: [
      ['SIRET', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'code-UAI-lieu-formation': {
    seq: [
      ['code-UAI', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'coordonnees-organisme': {
    seq: [
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'contact-organisme': {
    seq: [
      ['type-contact', 0, 1],
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'contact-formateur': {
    seq: [
      ['type-contact', 0, 1],
      ['coordonnees', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'organisme-financeur': {
    seq: [
      ['code-financeur', 1, 1],
      ['nb-places-financees', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'SIRET-formateur': {
    seq: [
      ['SIRET', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'code-UAI-formateur': {
    seq: [
      ['code-UAI', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'bloc-competences': {
    seq: [
      ['libelle-bloc', 1, 1],
      ['code-bloc', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'blocs-competences': {
    seq: [
      ['validation-blocs', 1, 1],
      ['reference-certification', 1, 1],
      ['bloc-competences', 1, -1],
      ['extras', 0, -1],
    ],
  },
  'sous-modules': {
    seq: [
      ['sous-module', 1, -1],
      ['extras', 0, -1],
    ],
  },
  'modules-prerequis': {
    seq: [
      ['reference-module', 1, -1],
      ['extras', 0, -1],
    ],
  },
  'sous-module': {
    seq: [
      ['reference-module', 1, 1],
      ['type-module', 1, 1],
      ['extras', 0, -1],
    ],
  },
  coordonnees: {
    seq: [
      ['civilite', 0, 1],
      ['nom', 0, 1],
      ['prenom', 0, 1],
      ['ligne', 0, 3],
      ['adresse', 0, 1],
      ['telfixe', 0, 1],
      ['portable', 0, 1],
      ['fax', 0, 1],
      ['courriel', 0, 1],
      ['web', 0, 1],
      ['extras', 0, -1],
    ],
  },
  adresse: {
    seq: [
      ['denomination', 0, 1],
      ['ligne', 1, 4],
      ['codepostal', 1, 1],
      ['ville', 1, 1],
      ['departement', 0, 1],
      ['code-INSEE-commune', 0, 1],
      ['code-INSEE-canton', 0, 1],
      ['region', 0, 1],
      ['pays', 0, 1],
      ['geolocalisation', 0, 1],
      ['extras', 0, -1],
    ],
  },
  geolocalisation: {
    seq: [
      ['latitude', 1, 1],
      ['longitude', 1, 1],
      ['extras', 0, -1],
    ],
  },
  web: {
    seq: [
      ['urlweb', 1, 3],
      ['extras', 0, -1],
    ],
  },
  telfixe: {
    seq: [
      ['numtel', 1, 3],
      ['extras', 0, -1],
    ],
  },
  portable: {
    seq: [
      ['numtel', 1, 3],
      ['extras', 0, -1],
    ],
  },
  fax: {
    seq: [
      ['numtel', 1, 3],
      ['extras', 0, -1],
    ],
  },
  periode: {
    seq: [
      ['debut', 1, 1],
      ['fin', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'periode-inscription': { seq: [['periode', 1, 1]] },
  'lheo-index': {
    seq: [
      ['resumes-offres', 0, 1],
      ['resumes-organismes', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'resumes-offres': {
    seq: [
      ['resume-offre', 0, -1],
      ['extras', 0, -1],
    ],
  },
  'resumes-organismes': {
    seq: [
      ['resume-organisme', 0, -1],
      ['extras', 0, -1],
    ],
  },
  'resume-offre': {
    seq: [
      ['domaine-formation', 1, 1],
      ['intitule-formation', 1, 1],
      ['nom-organisme', 1, 1],
      ['SIRET', 1, 1],
      ['codepostal', 0, 1],
      ['code-INSEE-commune', 0, 1],
      ['ville', 1, 1],
      ['departement', 1, 1],
      ['region', 0, 1],
      ['certifiante', 1, 1],
      ['code-niveau-entree', 1, 1],
      ['prise-en-charge-frais-possible', 1, 1],
      ['modalites-enseignement', 0, 1],
      ['code-public-vise', 1, 10],
      ['nombre-heures-total', 0, 1],
      ['session', 0, -1],
      ['contact-formation-resume', 0, -1],
      ['certification', 0, 5],
      ['extras', 0, -1],
    ],
  },
  'resume-organisme': {
    seq: [
      ['nom-organisme', 1, 1],
      ['raison-sociale', 1, 1],
      ['SIRET', 1, 1],
      ['numero-activite', 1, 1],
      ['extras', 0, -1],
    ],
  },
  'contact-formation-resume': {
    seq: [
      ['type-contact', 0, 1],
      ['nom', 0, 1],
      ['telfixe', 0, 1],
      ['courriel', 0, 1],
      ['extras', 0, -1],
    ],
  },
  'lheo-plus': {
    seq: [
      ['lheo', 0, 1],
      ['organisme-formation-responsable', 0, -1],
      ['extras', 0, -1],
    ],
  },
  'intitule-formation': { type: 'string', minLength: 1, maxLength: 255 },
  'nom-organisme': { type: 'string', minLength: 1, maxLength: 250 },
  'objectif-formation': { type: 'string', minLength: 1, maxLength: 3000 },
  'resultats-attendus': { type: 'string', minLength: 1, maxLength: 3000 },
  'contenu-formation': { type: 'string', minLength: 1, maxLength: 3000 },
  certifiante: { type: 'token', enum: ['0', '1'] },
  'rythme-formation': { type: 'string', minLength: 1, maxLength: 3000 },
  'duree-indicative': { type: 'string', maxLength: 150 },
  'parcours-de-formation': { type: 'token', enum: ['1', '2', '3', '4'] },
  'objectif-general-formation': { type: 'token', enum: ['1', '6', '7', '8', '5', '9', '2', '3', '4'] },
  'niveau-entree-obligatoire': { type: 'token', enum: ['0', '1'] },
  'code-niveau-entree': {
    type: 'token',
    enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '11', '12', '13', '14', '15', '16', '17', '18'],
  },
  'code-niveau-sortie': {
    type: 'token',
    enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '11', '12', '13', '14', '15', '16', '17', '18'],
  },
  'modalites-alternance': { type: 'string', minLength: 1, maxLength: 3000 },
  'modalites-enseignement': { type: 'token', enum: ['0', '1', '2'] },
  'conditions-specifiques': { type: 'string', minLength: 1, maxLength: 3000 },
  'code-modalite-pedagogique': { type: 'string', minLength: 5, maxLength: 5 },
  'prise-en-charge-frais-possible': { type: 'token', enum: ['0', '1'] },
  'frais-restants': { type: 'string', maxLength: 200 },
  'langue-formation': { type: 'string', minLength: 2, maxLength: 2 },
  'nb-places': { type: 'long' },
  'a-distance': { type: 'token', enum: ['0', '1'] },
  'type-equipement': { type: 'token', enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'] },
  'cout-indicatif-equipement': { type: 'long' },
  obligatoire: { type: 'token', enum: ['0', '1'] },
  'modalite-recrutement': { type: 'token', enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] },
  'libelle-enseignement': { type: 'string', minLength: 1, maxLength: 255 },
  'type-enseignement': { type: 'token', enum: ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'] },
  'modalites-entrees-sorties': { type: 'token', enum: ['0', '1'] },
  'effectif-minimal': { type: 'long' },
  'capacite-simultanee': { type: 'long' },
  'capacite-cumulee': { type: 'long' },
  'type-alternance': { type: 'token', enum: ['0', '1', '2'] },
  'unite-rythme-alternance': { type: 'token', enum: ['0', '1', '2', '3', '4'] },
  'unites-entreprise': { type: 'long' },
  'unites-centre': { type: 'long' },
  'type-cycle': { type: 'token', enum: ['0', '1'] },
  'duree-cycle': { type: 'long' },
  'annee-cycle': { type: 'long' },
  'numero-activite': { type: 'string', minLength: 11, maxLength: 11 },
  'raison-sociale': { type: 'string', minLength: 1, maxLength: 250 },
  'type-contact': { type: 'token', enum: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12', '13', '14'] },
  'renseignements-specifiques': { type: 'string', maxLength: 3000 },
  'nb-places-financees': { type: 'long' },
  'modalites-recrutement': { type: 'string', maxLength: 3000 },
  'modalites-pedagogiques': { type: 'string', maxLength: 200 },
  'raison-sociale-formateur': { type: 'string', maxLength: 250 },
  'code-perimetre-recrutement': { type: 'token', enum: ['0', '1', '2', '3', '4', '5', '6'] },
  'infos-perimetre-recrutement': { type: 'string', maxLength: 50 },
  'prix-horaire-TTC': { type: 'string', minLength: 1, maxLength: 6 },
  'prix-total-TTC': { type: 'string', minLength: 1, maxLength: 10 },
  'nombre-heures-centre': { type: 'long' },
  'nombre-heures-entreprise': { type: 'long' },
  'nombre-heures-total': { type: 'long' },
  'detail-conditions-prise-en-charge': { type: 'string', minLength: 1, maxLength: 600 },
  conventionnement: { type: 'token', enum: ['0', '1'] },
  'duree-conventionnee': { type: 'long' },
  'code-financeur': {
    type: 'token',
    enum: ['11', '12', '13', '2', '3', '4', '5', '6', '7', '8', '9', '15', '10', '0', '14', '16', '17', '18', '19', '20', '1'],
  },
  restauration: { type: 'string', minLength: 1, maxLength: 250 },
  hebergement: { type: 'string', minLength: 1, maxLength: 250 },
  transport: { type: 'string', minLength: 1, maxLength: 250 },
  'acces-handicapes': { type: 'string', minLength: 1, maxLength: 250 },
  positionnement: { type: 'token', enum: ['1', '2'] },
  'etat-recrutement': { type: 'token', enum: ['1', '2', '3'] },
  'identifiant-module': { type: 'string', minLength: 1, maxLength: 3000 },
  'reference-module': { type: 'string', minLength: 1, maxLength: 3000 },
  'reference-code-FORMACODE': { type: 'string', minLength: 5, maxLength: 5 },
  'reference-code-CERTIFINFO': { type: 'string', minLength: 1, maxLength: 10 },
  'reference-code-RNCP': { type: 'string', minLength: 1, maxLength: 10 },
  'reference-code-RS': { type: 'string', minLength: 1, maxLength: 10 },
  'libelle-bloc': { type: 'string', minLength: 1, maxLength: 500 },
  'code-bloc': { type: 'string', minLength: 8, maxLength: 40 },
  'validation-blocs': { type: 'token', enum: ['0', '1', '2'] },
  'type-module': { type: 'token', enum: ['0', '1', '2'] },
  'code-NSF': { type: 'string', minLength: 3, maxLength: 3 },
  'code-FORMACODE': { type: 'string', minLength: 5, maxLength: 5 },
  'code-ROME': { type: 'string', minLength: 5, maxLength: 5 },
  'code-public-vise': { type: 'string', minLength: 5, maxLength: 5 },
  'info-public-vise': { type: 'string', minLength: 1, maxLength: 250 },
  'code-RNCP': { type: 'string', minLength: 1, maxLength: 10 },
  'code-CERTIFINFO': { type: 'string', minLength: 1, maxLength: 10 },
  'code-UAI': { type: 'string', minLength: 8, maxLength: 8 },
  'code-RS': { type: 'string', minLength: 3, maxLength: 10 },
  'code-CPF': { type: 'string', minLength: 4, maxLength: 10 },
  'code-ELU': { type: 'string', minLength: 4, maxLength: 10 },
  SIRET: { type: 'string', minLength: 14, maxLength: 14 },
  ligne: { type: 'string', minLength: 1, maxLength: 50 },
  denomination: { type: 'string', minLength: 1, maxLength: 255 },
  prenom: { type: 'string', minLength: 1, maxLength: 50 },
  civilite: { type: 'string', minLength: 1, maxLength: 50 },
  nom: { type: 'string', minLength: 1, maxLength: 50 },
  codepostal: { type: 'string', minLength: 5, maxLength: 5 },
  'code-INSEE-commune': { type: 'string', minLength: 5, maxLength: 5 },
  'code-INSEE-canton': { type: 'string', minLength: 4, maxLength: 5 },
  ville: { type: 'string', minLength: 1, maxLength: 50 },
  departement: { type: 'string', minLength: 2, maxLength: 3 },
  region: { type: 'string', minLength: 2, maxLength: 2 },
  pays: { type: 'string', minLength: 2, maxLength: 2 },
  latitude: { type: 'string', maxLength: 30 },
  longitude: { type: 'string', maxLength: 30 },
  courriel: { type: 'string', minLength: 3, maxLength: 160 },
  urlweb: { type: 'string', minLength: 3, maxLength: 400 },
  commentaire: { type: 'string', minLength: 1, maxLength: 500 },
  numtel: { type: 'string', minLength: 1, maxLength: 25 },
  'modalites-inscription': { type: 'string', minLength: 1, maxLength: 255 },
  debut: { type: 'token', length: 8, pattern: '[0-9][0-9][0-9][0-9][019][0-9][01239][0-9]' },
  fin: { type: 'token', length: 8, pattern: '[0-9][0-9][0-9][0-9][019][0-9][01239][0-9]' },
  'heure-debut': { type: 'string', minLength: 2, maxLength: 5 },
  'heure-fin': { type: 'string', minLength: 2, maxLength: 5 },
  date: { type: 'token', length: 8, pattern: '[0-9][0-9][0-9][0-9][019][0-9][01239][0-9]' },
};

/** Attributes every LHEO element takes (horodatage-* are xs:dateTime, uri xs:anyURI). */
export const COMMON_ATTRIBUTES: readonly string[] = [
  'numero',
  'info',
  'ref',
  'id',
  'idref',
  'tag',
  'horodatage-creation',
  'horodatage-modification',
  'horodatage-export',
  'uri',
];

/** Attributes some elements take besides the common ones. */
export const EXTRA_ATTRIBUTES: Readonly<Record<string, readonly string[]>> = {
  lheo: ['datemaj', 'datecrea'],
  formation: ['href', 'file', 'datemaj', 'datecrea'],
  action: ['datemaj', 'datecrea'],
  'organisme-formation-responsable': ['href', 'file'],
  session: ['datemaj', 'datecrea'],
  'lheo-index': ['datemaj', 'datecrea'],
  'resume-offre': ['href', 'file', 'datemaj', 'datecrea'],
  'resume-organisme': ['href', 'file', 'datemaj', 'datecrea'],
};
