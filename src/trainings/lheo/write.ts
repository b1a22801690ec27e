/**
 * LHEO 2.3 writer: one document (`<lheo xmlns="http://lheo.gouv.fr/2.3">`) from a stream of
 * offers, written offer by offer with backpressure, elements in the order of lheo.xsd. Every text
 * and attribute value is escaped: text stored from an offer (HTML, scripts, SQL) comes back as
 * text, never as markup.
 */
import type { Writable } from 'node:stream';
import {
  DEMO_EXTRA_INFO,
  DEMO_EXTRAS_INFO,
  LHEO_NS_23,
  type Action,
  type Adresse,
  type CodeRef,
  type Contact,
  type Coordonnees,
  type Cycle,
  type LheoOffer,
  type OrganismeResponsable,
  type Periode,
  type Recrutement,
  type ReferenceCertification,
  type Session,
  type WriteLheoOptions,
  type XmlElement,
} from './model.ts';

/** Characters XML 1.0 cannot carry at all (C0 controls but tab/LF/CR, U+FFFE/U+FFFF, lone surrogates). */
// eslint-disable-next-line no-control-regex
const INVALID_XML =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

export function escapeText(value: string): string {
  return value.replace(INVALID_XML, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

export function escapeAttribute(value: string): string {
  return escapeText(value).replace(/"/g, '&quot;').replace(/\t/g, '&#9;').replace(/\n/g, '&#10;');
}

/** No offer to write: a LHEO document needs at least one `<formation>`. */
export class EmptyExportError extends Error {
  constructor() {
    super('aucune offre de formation à exporter (un document LHEO en contient au moins une)');
    this.name = 'EmptyExportError';
  }
}

/**
 * Writes `offers` as one LHEO 2.3 document to `out` (left open). Nothing is written when there is
 * no offer: EmptyExportError is thrown instead, before the first byte.
 */
export async function writeLheo(
  offers: AsyncIterable<LheoOffer> | Iterable<LheoOffer>,
  out: Writable,
  options: WriteLheoOptions = {},
): Promise<{ offers: number }> {
  const indent = options.indent ?? true;
  const exportedAt = (options.exportedAt ?? new Date()).toISOString();
  let count = 0;
  const send = async (text: string) => {
    if (out.destroyed) throw new Error('export LHEO interrompu : flux de sortie fermé');
    if (!out.write(text)) await drained(out);
  };
  for await (const offer of offers as AsyncIterable<LheoOffer>) {
    if (count === 0) {
      await send(
        `<?xml version="1.0" encoding="UTF-8"?>${indent ? '\n' : ''}` +
          `<lheo xmlns="${LHEO_NS_23}" horodatage-export="${exportedAt}">${indent ? '\n' : ''}` +
          `${indent ? '  ' : ''}<offres>${indent ? '\n' : ''}`,
      );
    }
    count++;
    const x = new XmlOut(indent, 2);
    formation(x, offer);
    await send(x.text());
  }
  if (count === 0) throw new EmptyExportError();
  await send(`${indent ? '  ' : ''}</offres>${indent ? '\n' : ''}</lheo>\n`);
  return { offers: count };
}

/** Waits for 'drain'; fails when the stream closes or errs first (a client that went away). */
function drained(out: Writable): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', done);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new Error('export LHEO interrompu : flux de sortie fermé'));
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', done);
  });
}

/** A small indenting XML builder for one offer. */
class XmlOut {
  private readonly parts: string[] = [];
  constructor(
    private readonly indent: boolean,
    private depth: number,
  ) {}

  private pad(): string {
    return this.indent ? '  '.repeat(this.depth) : '';
  }

  private nl(): string {
    return this.indent ? '\n' : '';
  }

  open(name: string, attrs?: Record<string, string | undefined>): void {
    this.parts.push(`${this.pad()}<${name}${attributes(attrs)}>${this.nl()}`);
    this.depth++;
  }

  close(name: string): void {
    this.depth--;
    this.parts.push(`${this.pad()}</${name}>${this.nl()}`);
  }

  leaf(name: string, value: string | number | boolean, attrs?: Record<string, string | undefined>): void {
    const text = typeof value === 'boolean' ? (value ? '1' : '0') : String(value);
    this.parts.push(`${this.pad()}<${name}${attributes(attrs)}>${escapeText(text)}</${name}>${this.nl()}`);
  }

  opt(name: string, value: string | number | boolean | undefined): void {
    if (value !== undefined) this.leaf(name, value);
  }

  all(name: string, values: readonly (string | number)[], max = Infinity): void {
    for (const v of values.slice(0, max)) this.leaf(name, v);
  }

  /** Free content (extras), as stored. */
  element(el: XmlElement): void {
    const onlyText = el.children.every((c) => typeof c === 'string');
    if (onlyText) {
      this.leaf(el.name, el.children.join(''), el.attrs);
      return;
    }
    this.open(el.name, el.attrs);
    for (const c of el.children) {
      if (typeof c === 'string') this.parts.push(`${this.pad()}${escapeText(c)}${this.nl()}`);
      else this.element(c);
    }
    this.close(el.name);
  }

  extras(list: readonly XmlElement[]): void {
    for (const e of list) this.element(e);
  }

  text(): string {
    return this.parts.join('');
  }
}

function attributes(attrs?: Record<string, string | undefined>): string {
  if (!attrs) return '';
  let out = '';
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) out += ` ${k}="${escapeAttribute(v)}"`;
  return out;
}

function codes(x: XmlOut, name: string, list: readonly CodeRef[], max = Infinity): void {
  for (const c of list.slice(0, max)) x.leaf(name, c.code, c.ref ? { ref: c.ref } : undefined);
}

function urls(x: XmlOut, name: string, list: readonly string[]): void {
  if (!list.length) return;
  x.open(name);
  x.all('urlweb', list, 3);
  x.close(name);
}

function formation(x: XmlOut, o: LheoOffer): void {
  x.open('formation', { numero: o.numero, ...o.attrs });
  x.open('domaine-formation');
  codes(x, 'code-FORMACODE', o.domaine.formacodes, 5);
  x.all('code-NSF', o.domaine.nsf, 3);
  codes(x, 'code-ROME', o.domaine.rome, 5);
  x.close('domaine-formation');
  x.leaf('intitule-formation', o.intitule);
  x.leaf('objectif-formation', o.objectif);
  x.leaf('resultats-attendus', o.resultatsAttendus);
  x.leaf('contenu-formation', o.contenu);
  x.leaf('certifiante', o.certifiante);
  contacts(x, 'contact-formation', o.contacts);
  x.leaf('parcours-de-formation', o.parcours);
  x.leaf('code-niveau-entree', o.niveauEntree);
  x.opt('objectif-general-formation', o.objectifGeneral);
  for (const c of o.certifications.slice(0, 5)) {
    x.open('certification');
    x.opt('code-RNCP', c.rncp);
    x.opt('code-CERTIFINFO', c.certifinfo);
    x.opt('code-RS', c.rs);
    x.opt('code-CPF', c.cpf);
    x.opt('reference-code-FORMACODE', c.formacode);
    x.close('certification');
  }
  for (const t of o.typesFormation.slice(0, 5)) {
    x.open('code-type-formation');
    x.opt('code-CPF', t.cpf);
    x.opt('code-ELU', t.elu);
    x.close('code-type-formation');
  }
  x.opt('code-niveau-sortie', o.niveauSortie);
  urls(x, 'url-formation', o.urls);
  for (const a of o.actions) action(x, a);
  organisme(x, o.organisme);
  if (o.module) {
    x.opt('identifiant-module', o.module.identifiant);
    x.opt('positionnement', o.module.positionnement);
    if (o.module.sousModules.length) {
      x.open('sous-modules');
      for (const s of o.module.sousModules) {
        x.open('sous-module');
        x.leaf('reference-module', s.reference);
        x.leaf('type-module', s.type);
        x.close('sous-module');
      }
      x.close('sous-modules');
    }
    if (o.module.prerequis.length) {
      x.open('modules-prerequis');
      x.all('reference-module', o.module.prerequis);
      x.close('modules-prerequis');
    }
  }
  x.extras(o.extras);
  if (o.demo) {
    x.element({
      name: 'extras',
      attrs: { info: DEMO_EXTRAS_INFO },
      children: [{ name: 'extra', attrs: { info: DEMO_EXTRA_INFO }, children: ['1'] }],
    });
  }
  x.close('formation');
}

function action(x: XmlOut, a: Action): void {
  x.open('action', { numero: a.numero.startsWith('#') ? undefined : a.numero, ...a.attrs });
  x.leaf('rythme-formation', a.rythme);
  codes(x, 'code-public-vise', a.publicsVises, 10);
  x.opt('info-public-vise', a.infoPublicVise);
  x.leaf('niveau-entree-obligatoire', a.niveauEntreeObligatoire);
  x.leaf('modalites-alternance', a.modalitesAlternance);
  x.leaf('modalites-enseignement', a.modalitesEnseignement);
  x.leaf('conditions-specifiques', a.conditionsSpecifiques);
  x.leaf('prise-en-charge-frais-possible', a.priseEnChargeFraisPossible);
  for (const l of a.lieux) {
    x.open('lieu-de-formation');
    if (l.siret) wrap(x, 'SIRET-lieu-formation', 'SIRET', l.siret);
    if (l.uai) wrap(x, 'code-UAI-lieu-formation', 'code-UAI', l.uai);
    coordonnees(x, l.coordonnees);
    x.extras(l.extras);
    x.close('lieu-de-formation');
  }
  x.leaf('modalites-entrees-sorties', a.entreesSortiesPermanentes ? '1' : '0');
  urls(x, 'url-action', a.urls);
  x.opt('duree-cycle', a.dureeCycle);
  for (const s of a.sessions) session(x, s);
  if (a.adresseInformation) {
    x.open('adresse-information');
    adresse(x, a.adresseInformation);
    x.close('adresse-information');
  }
  for (const d of a.datesInformation.slice(0, 3)) {
    x.open('date-information');
    x.leaf('date', d);
    x.close('date-information');
  }
  x.opt('restauration', a.restauration);
  x.opt('hebergement', a.hebergement);
  x.opt('transport', a.transport);
  x.opt('acces-handicapes', a.accesHandicapes);
  x.all('langue-formation', a.langues, 5);
  x.opt('modalites-recrutement', a.modalitesRecrutement);
  x.opt('modalites-pedagogiques', a.modalitesPedagogiques);
  x.all('code-modalite-pedagogique', a.codesModalitePedagogique, 5);
  for (const e of a.equipements) {
    x.open('equipement');
    x.leaf('type-equipement', e.type);
    x.opt('cout-indicatif-equipement', e.coutIndicatif);
    x.opt('commentaire', e.commentaire);
    x.close('equipement');
  }
  x.opt('frais-restants', a.fraisRestants);
  x.opt('code-perimetre-recrutement', a.codePerimetreRecrutement);
  x.opt('infos-perimetre-recrutement', a.infosPerimetreRecrutement);
  x.opt('prix-horaire-TTC', a.prixHoraireTTC);
  x.opt('prix-total-TTC', a.prixTotalTTC);
  x.opt('duree-indicative', a.dureeIndicative);
  x.opt('nombre-heures-centre', a.nombreHeuresCentre);
  x.opt('nombre-heures-entreprise', a.nombreHeuresEntreprise);
  x.opt('nombre-heures-total', a.nombreHeuresTotal);
  x.opt('detail-conditions-prise-en-charge', a.detailConditionsPriseEnCharge);
  x.opt('conventionnement', a.conventionnement);
  x.opt('duree-conventionnee', a.dureeConventionnee);
  for (const f of a.formateurs) {
    x.open('organisme-formateur');
    wrap(x, 'SIRET-formateur', 'SIRET', f.siret);
    x.leaf('raison-sociale-formateur', f.raisonSociale);
    contacts(x, 'contact-formateur', f.contacts);
    potentiel(x, f.potentiel);
    if (f.uai) wrap(x, 'code-UAI-formateur', 'code-UAI', f.uai);
    for (const r of f.referencesCertification.slice(0, 5)) referenceCertification(x, r);
    x.extras(f.extras);
    x.close('organisme-formateur');
  }
  for (const f of a.financeurs.slice(0, 8)) {
    x.open('organisme-financeur');
    x.leaf('code-financeur', f.code);
    x.opt('nb-places-financees', f.nbPlaces);
    x.extras(f.extras);
    x.close('organisme-financeur');
  }
  for (const e of a.enseignements) {
    x.open('enseignement');
    x.leaf('libelle-enseignement', e.libelle);
    x.leaf('type-enseignement', e.type);
    x.leaf('obligatoire', e.obligatoire);
    x.opt('commentaire', e.commentaire);
    x.close('enseignement');
  }
  x.extras(a.extras);
  x.close('action');
}

function session(x: XmlOut, s: Session): void {
  x.open('session', { numero: s.numero.startsWith('#') ? undefined : s.numero, ...s.attrs });
  periode(x, s.periode);
  x.open('adresse-inscription');
  adresse(x, s.adresseInscription);
  x.close('adresse-inscription');
  x.opt('modalites-inscription', s.modalitesInscription);
  if (s.periodeInscription) {
    x.open('periode-inscription');
    periode(x, s.periodeInscription);
    x.close('periode-inscription');
  }
  x.opt('etat-recrutement', s.etatRecrutement);
  for (const r of s.recrutements) recrutement(x, r);
  urls(x, 'url-session', s.urls);
  contacts(x, 'contact-session', s.contacts);
  for (const r of s.referencesCertification.slice(0, 5)) referenceCertification(x, r);
  for (const g of s.blocsCompetences) {
    x.open('blocs-competences');
    x.leaf('validation-blocs', g.validation);
    referenceCertification(x, g.reference);
    for (const b of g.blocs) {
      x.open('bloc-competences');
      x.leaf('libelle-bloc', b.libelle);
      x.leaf('code-bloc', b.code);
      x.close('bloc-competences');
    }
    x.close('blocs-competences');
  }
  for (const c of s.cycles) cycle(x, c);
  x.extras(s.extras);
  x.close('session');
}

function recrutement(x: XmlOut, r: Recrutement): void {
  x.open('recrutement');
  x.leaf('modalite-recrutement', r.modalite);
  x.opt('code-perimetre-recrutement', r.codePerimetre);
  x.opt('infos-perimetre-recrutement', r.infosPerimetre);
  x.opt('a-distance', r.aDistance);
  if (r.adresse) adresse(x, r.adresse);
  x.opt('urlweb', r.urlweb);
  x.opt('nb-places', r.nbPlaces);
  if (r.periode) periode(x, r.periode);
  x.opt('heure-debut', r.heureDebut);
  x.opt('heure-fin', r.heureFin);
  x.opt('commentaire', r.commentaire);
  x.close('recrutement');
}

function cycle(x: XmlOut, c: Cycle): void {
  x.open('cycle');
  x.leaf('type-cycle', c.typeCycle);
  x.all('annee-cycle', c.annees);
  x.opt('effectif-minimal', c.effectifMinimal);
  x.opt('capacite-simultanee', c.capaciteSimultanee);
  x.opt('capacite-cumulee', c.capaciteCumulee);
  if (c.alternance) {
    x.open('alternance');
    x.leaf('type-alternance', c.alternance.type);
    if (c.alternance.rythme) {
      x.open('rythme-alternance');
      x.leaf('unite-rythme-alternance', c.alternance.rythme.unite);
      x.leaf('unites-entreprise', c.alternance.rythme.unitesEntreprise);
      x.leaf('unites-centre', c.alternance.rythme.unitesCentre);
      x.close('rythme-alternance');
    }
    x.close('alternance');
  }
  x.close('cycle');
}

function organisme(x: XmlOut, o: OrganismeResponsable): void {
  x.open('organisme-formation-responsable', { numero: o.numero, ...o.attrs });
  x.leaf('numero-activite', o.numeroActivite);
  wrap(x, 'SIRET-organisme-formation', 'SIRET', o.siret);
  x.leaf('nom-organisme', o.nom);
  x.leaf('raison-sociale', o.raisonSociale);
  x.open('coordonnees-organisme');
  coordonnees(x, o.coordonnees);
  x.close('coordonnees-organisme');
  contacts(x, 'contact-organisme', o.contacts);
  x.opt('renseignements-specifiques', o.renseignementsSpecifiques);
  potentiel(x, o.potentiel);
  if (o.uai) wrap(x, 'code-UAI-organisme-formation', 'code-UAI', o.uai);
  x.extras(o.extras);
  x.close('organisme-formation-responsable');
}

function potentiel(x: XmlOut, list: readonly CodeRef[]): void {
  if (!list.length) return;
  x.open('potentiel');
  codes(x, 'code-FORMACODE', list, 25);
  x.close('potentiel');
}

function wrap(x: XmlOut, outer: string, inner: string, value: string): void {
  x.open(outer);
  x.leaf(inner, value);
  x.close(outer);
}

function referenceCertification(x: XmlOut, r: ReferenceCertification): void {
  x.open('reference-certification');
  x.opt('reference-code-RNCP', r.rncp);
  x.opt('reference-code-CERTIFINFO', r.certifinfo);
  x.opt('reference-code-RS', r.rs);
  x.close('reference-certification');
}

function periode(x: XmlOut, p: Periode): void {
  x.open('periode');
  x.leaf('debut', p.debut);
  x.leaf('fin', p.fin);
  x.close('periode');
}

function contacts(x: XmlOut, name: string, list: readonly Contact[]): void {
  for (const c of list) {
    x.open(name);
    x.opt('type-contact', c.typeContact);
    coordonnees(x, c.coordonnees);
    x.close(name);
  }
}

function coordonnees(x: XmlOut, c: Coordonnees): void {
  x.open('coordonnees');
  x.opt('civilite', c.civilite);
  x.opt('nom', c.nom);
  x.opt('prenom', c.prenom);
  x.all('ligne', c.lignes, 3);
  if (c.adresse) adresse(x, c.adresse);
  for (const [name, list] of [
    ['telfixe', c.telfixe],
    ['portable', c.portable],
    ['fax', c.fax],
  ] as const) {
    if (!list.length) continue;
    x.open(name);
    x.all('numtel', list, 3);
    x.close(name);
  }
  x.opt('courriel', c.courriel);
  urls(x, 'web', c.web);
  x.close('coordonnees');
}

function adresse(x: XmlOut, a: Adresse): void {
  x.open('adresse');
  x.opt('denomination', a.denomination);
  x.all('ligne', a.lignes, 4);
  x.leaf('codepostal', a.codepostal);
  x.leaf('ville', a.ville);
  x.opt('departement', a.departement);
  x.opt('code-INSEE-commune', a.codeInseeCommune);
  x.opt('code-INSEE-canton', a.codeInseeCanton);
  x.opt('region', a.region);
  x.opt('pays', a.pays);
  if (a.geolocalisation) {
    x.open('geolocalisation');
    x.leaf('latitude', a.geolocalisation.latitude);
    x.leaf('longitude', a.geolocalisation.longitude);
    x.close('geolocalisation');
  }
  x.close('adresse');
}
