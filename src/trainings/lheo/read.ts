/**
 * LHEO reader: streams a file (2.2 or 2.3, any namespace prefix, UTF-8 or ISO-8859-1/15) and
 * yields each `<formation>` either as a valid `LheoOffer` or as a fault (identifier, line, column,
 * French reason). Only one formation is in memory at a time.
 */
import { PassThrough } from 'node:stream';
import type {
  Action,
  Adresse,
  BlocsCompetences,
  Certification,
  CodeRef,
  Contact,
  Coordonnees,
  Cycle,
  LheoAttributes,
  LheoOffer,
  LieuFormation,
  Module,
  OrganismeFinanceur,
  OrganismeFormateur,
  OrganismeResponsable,
  Periode,
  Recrutement,
  ReferenceCertification,
  Session,
  XmlChild,
  XmlElement,
} from './model.ts';
import { DEMO_EXTRA_INFO, DEMO_EXTRAS_INFO } from './model.ts';
import { ELEMENTS } from './schema.ts';
import { simpleValue, validateFormation, type Fault } from './validate.ts';
import { readLheoXml, type El } from './xml.ts';
import { writeLheo } from './write.ts';

export type LheoItem =
  | { type: 'root'; version: string; namespace: string; encoding: string }
  | { type: 'offer'; offer: LheoOffer; line: number; column: number }
  | { type: 'invalid'; numero: string | undefined; line: number; column: number; reason: string }
  | { type: 'note'; text: string };

export interface ReadLheoOptions {
  /** Name used in error messages (path relative to the bundle, or the file name). */
  label: string;
  onBytes?: (bytes: number) => void;
  /** Bytes to read instead of the file. */
  input?: Iterable<Buffer> | AsyncIterable<Buffer>;
}

/**
 * Reads an LHEO file. Structural faults (not well-formed, bad encoding, not LHEO) throw an
 * ImportError; an invalid offer is yielded as `invalid` and reading goes on. A formation whose
 * identifier repeats an earlier one of the file is invalid too (the first one is kept).
 */
export async function* readLheo(file: string, options: ReadLheoOptions): AsyncGenerator<LheoItem> {
  let ns = '';
  const warnings = new Map<string, number>();
  const seen = new Map<string, number>();
  for await (const event of readLheoXml(file, options)) {
    if (event.type === 'root') {
      ns = event.namespace;
      yield event;
    } else if (event.type === 'note') {
      yield event;
    } else {
      const el = event.el;
      const numero = identifierOf(el);
      const invalid = (f: Fault) => ({ type: 'invalid' as const, numero, line: f.line, column: f.column, reason: f.reason });
      if (numero === undefined) {
        yield invalid({ line: el.line, column: el.column, reason: 'identifiant absent : <formation> sans attribut numero (ni id)' });
        continue;
      }
      const fault = validateFormation(el, ns, (w) => warnings.set(w, (warnings.get(w) ?? 0) + 1));
      if (fault) {
        yield invalid(fault);
        continue;
      }
      const first = seen.get(numero);
      if (first !== undefined) {
        yield invalid({ line: el.line, column: el.column, reason: `identifiant en double : déjà vu ligne ${first}` });
        continue;
      }
      seen.set(numero, el.line);
      try {
        yield { type: 'offer', offer: toOffer(el, numero), line: el.line, column: el.column };
      } catch (e) {
        if (e instanceof Refused) yield invalid(e.fault);
        else throw e;
      }
    }
  }
  for (const [text, n] of warnings) yield { type: 'note', text: `${text} (${n} fois) : ignoré` };
}

/**
 * Checks an offer built in code (demonstration data…) against the rules an imported one passes:
 * it is written as LHEO 2.3 and read back. Returns the first fault, null when the offer is valid.
 */
export async function checkOffer(offer: LheoOffer): Promise<Fault | null> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await writeLheo([offer], out);
  out.end();
  for await (const item of readLheo('offre', { label: 'offre', input: [Buffer.concat(chunks)] })) {
    if (item.type === 'invalid') return { line: item.line, column: item.column, reason: item.reason };
  }
  return null;
}

/** A rule checked while converting (identifiers of actions and sessions). */
class Refused extends Error {
  constructor(readonly fault: Fault) {
    super(fault.reason);
  }
}

function identifierOf(el: El): string | undefined {
  const v = (el.attrs.numero ?? el.attrs.id ?? '').trim();
  return v || undefined;
}

// ---- helpers over a validated tree ------------------------------------------------------------

function kids(el: El, name: string): El[] {
  const out: El[] = [];
  for (const k of el.kids) if (typeof k !== 'string' && k.name === name) out.push(k);
  return out;
}

function kid(el: El, name: string): El | undefined {
  for (const k of el.kids) if (typeof k !== 'string' && k.name === name) return k;
  return undefined;
}

/** Trimmed text of a child (undefined when absent or empty). */
function str(el: El, name: string): string | undefined {
  const k = kid(el, name);
  if (!k) return undefined;
  return simpleValue(k, ELEMENTS[name]) || undefined;
}

/** Text of a required child (validation guarantees it is there). */
function req(el: El, name: string): string {
  const k = kid(el, name);
  return k ? simpleValue(k, ELEMENTS[name]) : '';
}

function strs(el: El, name: string): string[] {
  return kids(el, name).map((k) => simpleValue(k, ELEMENTS[name]));
}

function bool(el: El, name: string): boolean | undefined {
  const v = str(el, name);
  return v === undefined ? undefined : v === '1';
}

function int(el: El, name: string): number | undefined {
  const v = str(el, name);
  return v === undefined ? undefined : Number(v);
}

function codeRefs(el: El, name: string): CodeRef[] {
  return kids(el, name).map((k) => {
    const ref = k.attrs.ref?.trim();
    return ref ? { code: simpleValue(k, ELEMENTS[name]), ref } : { code: simpleValue(k, ELEMENTS[name]) };
  });
}

/** LHEO attributes kept on the main elements (numero is the key). */
function attrsOf(el: El): LheoAttributes {
  const out: LheoAttributes = {};
  for (const [k, v] of Object.entries(el.attrs)) if (k !== 'numero') out[k] = v;
  return out;
}

function urls(el: El | undefined): string[] {
  return el ? strs(el, 'urlweb') : [];
}

function extras(el: El): XmlElement[] {
  return kids(el, 'extras').map(toXml);
}

/** Free content (extras): whitespace-only text dropped, other text trimmed. */
function toXml(el: El): XmlElement {
  const children: XmlChild[] = [];
  // saxes may split one text run (at chunk ends): join adjacent pieces before trimming.
  let run = '';
  const flush = () => {
    const t = run.trim();
    if (t) children.push(t);
    run = '';
  };
  for (const k of el.kids) {
    if (typeof k === 'string') run += k;
    else {
      flush();
      children.push(toXml(k));
    }
  }
  flush();
  return { name: el.name, attrs: { ...el.attrs }, children };
}

function adresse(el: El): Adresse {
  const a: Adresse = { lignes: strs(el, 'ligne'), codepostal: req(el, 'codepostal'), ville: req(el, 'ville') };
  set(a, 'denomination', str(el, 'denomination'));
  set(a, 'departement', str(el, 'departement'));
  set(a, 'codeInseeCommune', str(el, 'code-INSEE-commune'));
  set(a, 'codeInseeCanton', str(el, 'code-INSEE-canton'));
  set(a, 'region', str(el, 'region'));
  set(a, 'pays', str(el, 'pays'));
  const geo = kid(el, 'geolocalisation');
  if (geo) a.geolocalisation = { latitude: req(geo, 'latitude'), longitude: req(geo, 'longitude') };
  return a;
}

function coordonnees(el: El): Coordonnees {
  const tel = (name: string) => {
    const k = kid(el, name);
    return k ? strs(k, 'numtel') : [];
  };
  const c: Coordonnees = {
    lignes: strs(el, 'ligne'),
    telfixe: tel('telfixe'),
    portable: tel('portable'),
    fax: tel('fax'),
    web: urls(kid(el, 'web')),
  };
  set(c, 'civilite', str(el, 'civilite'));
  set(c, 'nom', str(el, 'nom'));
  set(c, 'prenom', str(el, 'prenom'));
  const a = kid(el, 'adresse');
  if (a) c.adresse = adresse(a);
  set(c, 'courriel', str(el, 'courriel'));
  return c;
}

function contacts(el: El, name: string): Contact[] {
  return kids(el, name).map((k) => {
    const c: Contact = { coordonnees: coordonnees(kid(k, 'coordonnees')!) };
    set(c, 'typeContact', str(k, 'type-contact'));
    return c;
  });
}

function periode(el: El): Periode {
  return { debut: req(el, 'debut'), fin: req(el, 'fin') };
}

function referenceCertification(el: El): ReferenceCertification {
  const r: ReferenceCertification = {};
  set(r, 'rncp', str(el, 'reference-code-RNCP'));
  set(r, 'certifinfo', str(el, 'reference-code-CERTIFINFO'));
  set(r, 'rs', str(el, 'reference-code-RS'));
  return r;
}

function set<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

// ---- conversion ---------------------------------------------------------------------------------

function toOffer(el: El, numero: string): LheoOffer {
  const domaine = kid(el, 'domaine-formation')!;
  const all = extras(el);
  let demo = false;
  const kept: XmlElement[] = [];
  for (const x of all) {
    if (x.attrs.info === DEMO_EXTRAS_INFO) {
      const marker = x.children.find(
        (c): c is XmlElement => typeof c !== 'string' && c.name === 'extra' && c.attrs.info === DEMO_EXTRA_INFO,
      );
      if (marker) {
        demo = marker.children.join('').trim() === '1';
        const rest = x.children.filter((c) => c !== marker);
        if (rest.length) kept.push({ ...x, children: rest });
        continue;
      }
    }
    kept.push(x);
  }
  const offer: LheoOffer = {
    numero,
    attrs: attrsOf(el),
    domaine: { formacodes: codeRefs(domaine, 'code-FORMACODE'), nsf: strs(domaine, 'code-NSF'), rome: codeRefs(domaine, 'code-ROME') },
    intitule: req(el, 'intitule-formation'),
    objectif: req(el, 'objectif-formation'),
    resultatsAttendus: req(el, 'resultats-attendus'),
    contenu: req(el, 'contenu-formation'),
    certifiante: bool(el, 'certifiante')!,
    contacts: contacts(el, 'contact-formation'),
    parcours: req(el, 'parcours-de-formation'),
    niveauEntree: req(el, 'code-niveau-entree'),
    certifications: kids(el, 'certification').map((c) => {
      const out: Certification = {};
      set(out, 'rncp', str(c, 'code-RNCP'));
      set(out, 'certifinfo', str(c, 'code-CERTIFINFO'));
      set(out, 'rs', str(c, 'code-RS'));
      set(out, 'cpf', str(c, 'code-CPF'));
      set(out, 'formacode', str(c, 'reference-code-FORMACODE'));
      return out;
    }),
    typesFormation: kids(el, 'code-type-formation').map((c) => {
      const out: { cpf?: string; elu?: string } = {};
      set(out, 'cpf', str(c, 'code-CPF'));
      set(out, 'elu', str(c, 'code-ELU'));
      return out;
    }),
    urls: urls(kid(el, 'url-formation')),
    actions: [],
    organisme: organismeResponsable(kid(el, 'organisme-formation-responsable')!),
    extras: kept,
    demo,
  };
  set(offer, 'objectifGeneral', str(el, 'objectif-general-formation'));
  set(offer, 'niveauSortie', str(el, 'code-niveau-sortie'));
  const module: Module = {
    sousModules: kid(el, 'sous-modules')
      ? kids(kid(el, 'sous-modules')!, 'sous-module').map((s) => ({ reference: req(s, 'reference-module'), type: req(s, 'type-module') }))
      : [],
    prerequis: kid(el, 'modules-prerequis') ? strs(kid(el, 'modules-prerequis')!, 'reference-module') : [],
  };
  set(module, 'identifiant', str(el, 'identifiant-module'));
  set(module, 'positionnement', str(el, 'positionnement'));
  if (module.identifiant || module.positionnement || module.sousModules.length || module.prerequis.length) offer.module = module;

  const actionIds = new Set<string>();
  kids(el, 'action').forEach((a, i) => {
    const id = identifierOf(a) ?? `#${i + 1}`;
    if (actionIds.has(id)) throw new Refused({ line: a.line, column: a.column, reason: `action « ${id} » en double dans la formation` });
    actionIds.add(id);
    offer.actions.push(action(a, id));
  });
  return offer;
}

function organismeResponsable(el: El): OrganismeResponsable {
  const o: OrganismeResponsable = {
    attrs: attrsOf(el),
    numeroActivite: req(el, 'numero-activite'),
    siret: req(kid(el, 'SIRET-organisme-formation')!, 'SIRET'),
    nom: req(el, 'nom-organisme'),
    raisonSociale: req(el, 'raison-sociale'),
    coordonnees: coordonnees(kid(kid(el, 'coordonnees-organisme')!, 'coordonnees')!),
    contacts: contacts(el, 'contact-organisme'),
    potentiel: kid(el, 'potentiel') ? codeRefs(kid(el, 'potentiel')!, 'code-FORMACODE') : [],
    extras: extras(el),
  };
  set(o, 'numero', el.attrs.numero?.trim() || undefined);
  set(o, 'renseignementsSpecifiques', str(el, 'renseignements-specifiques'));
  const uai = kid(el, 'code-UAI-organisme-formation');
  if (uai) o.uai = req(uai, 'code-UAI');
  return o;
}

function action(el: El, numero: string): Action {
  const a: Action = {
    numero,
    attrs: attrsOf(el),
    rythme: req(el, 'rythme-formation'),
    publicsVises: codeRefs(el, 'code-public-vise'),
    niveauEntreeObligatoire: bool(el, 'niveau-entree-obligatoire')!,
    modalitesAlternance: req(el, 'modalites-alternance'),
    modalitesEnseignement: req(el, 'modalites-enseignement'),
    conditionsSpecifiques: req(el, 'conditions-specifiques'),
    priseEnChargeFraisPossible: bool(el, 'prise-en-charge-frais-possible')!,
    lieux: kids(el, 'lieu-de-formation').map(lieu),
    entreesSortiesPermanentes: req(el, 'modalites-entrees-sorties') === '1',
    urls: urls(kid(el, 'url-action')),
    sessions: [],
    datesInformation: kids(el, 'date-information').map((d) => req(d, 'date')),
    langues: strs(el, 'langue-formation'),
    codesModalitePedagogique: strs(el, 'code-modalite-pedagogique'),
    equipements: kids(el, 'equipement').map((e) => {
      const out: Action['equipements'][number] = { type: req(e, 'type-equipement') };
      set(out, 'coutIndicatif', int(e, 'cout-indicatif-equipement'));
      set(out, 'commentaire', str(e, 'commentaire'));
      return out;
    }),
    formateurs: kids(el, 'organisme-formateur').map(formateur),
    financeurs: kids(el, 'organisme-financeur').map((f) => {
      const out: OrganismeFinanceur = { code: req(f, 'code-financeur'), extras: extras(f) };
      set(out, 'nbPlaces', int(f, 'nb-places-financees'));
      return out;
    }),
    enseignements: kids(el, 'enseignement').map((e) => {
      const out: Action['enseignements'][number] = {
        libelle: req(e, 'libelle-enseignement'),
        type: req(e, 'type-enseignement'),
        obligatoire: bool(e, 'obligatoire')!,
      };
      set(out, 'commentaire', str(e, 'commentaire'));
      return out;
    }),
    extras: extras(el),
  };
  set(a, 'infoPublicVise', str(el, 'info-public-vise'));
  set(a, 'dureeCycle', int(el, 'duree-cycle'));
  const info = kid(el, 'adresse-information');
  if (info) a.adresseInformation = adresse(kid(info, 'adresse')!);
  for (const [key, name] of [
    ['restauration', 'restauration'],
    ['hebergement', 'hebergement'],
    ['transport', 'transport'],
    ['accesHandicapes', 'acces-handicapes'],
    ['modalitesRecrutement', 'modalites-recrutement'],
    ['modalitesPedagogiques', 'modalites-pedagogiques'],
    ['fraisRestants', 'frais-restants'],
    ['codePerimetreRecrutement', 'code-perimetre-recrutement'],
    ['infosPerimetreRecrutement', 'infos-perimetre-recrutement'],
    ['prixHoraireTTC', 'prix-horaire-TTC'],
    ['prixTotalTTC', 'prix-total-TTC'],
    ['dureeIndicative', 'duree-indicative'],
    ['detailConditionsPriseEnCharge', 'detail-conditions-prise-en-charge'],
  ] as const)
    set(a, key, str(el, name));
  set(a, 'nombreHeuresCentre', int(el, 'nombre-heures-centre'));
  set(a, 'nombreHeuresEntreprise', int(el, 'nombre-heures-entreprise'));
  set(a, 'nombreHeuresTotal', int(el, 'nombre-heures-total'));
  set(a, 'conventionnement', bool(el, 'conventionnement'));
  set(a, 'dureeConventionnee', int(el, 'duree-conventionnee'));

  const ids = new Set<string>();
  kids(el, 'session').forEach((s, i) => {
    const id = identifierOf(s) ?? `#${i + 1}`;
    if (ids.has(id))
      throw new Refused({ line: s.line, column: s.column, reason: `session « ${id} » en double dans l’action « ${numero} »` });
    ids.add(id);
    a.sessions.push(session(s, id));
  });
  return a;
}

function lieu(el: El): LieuFormation {
  const l: LieuFormation = { coordonnees: coordonnees(kid(el, 'coordonnees')!), extras: extras(el) };
  const siret = kid(el, 'SIRET-lieu-formation');
  if (siret) l.siret = req(siret, 'SIRET');
  const uai = kid(el, 'code-UAI-lieu-formation');
  if (uai) l.uai = req(uai, 'code-UAI');
  return l;
}

function formateur(el: El): OrganismeFormateur {
  const f: OrganismeFormateur = {
    siret: req(kid(el, 'SIRET-formateur')!, 'SIRET'),
    raisonSociale: req(el, 'raison-sociale-formateur'),
    contacts: contacts(el, 'contact-formateur'),
    potentiel: kid(el, 'potentiel') ? codeRefs(kid(el, 'potentiel')!, 'code-FORMACODE') : [],
    referencesCertification: kids(el, 'reference-certification').map(referenceCertification),
    extras: extras(el),
  };
  const uai = kid(el, 'code-UAI-formateur');
  if (uai) f.uai = req(uai, 'code-UAI');
  return f;
}

function session(el: El, numero: string): Session {
  const s: Session = {
    numero,
    attrs: attrsOf(el),
    periode: periode(kid(el, 'periode')!),
    adresseInscription: adresse(kid(kid(el, 'adresse-inscription')!, 'adresse')!),
    recrutements: kids(el, 'recrutement').map(recrutement),
    urls: urls(kid(el, 'url-session')),
    contacts: contacts(el, 'contact-session'),
    referencesCertification: kids(el, 'reference-certification').map(referenceCertification),
    blocsCompetences: kids(el, 'blocs-competences').map(
      (b): BlocsCompetences => ({
        validation: req(b, 'validation-blocs'),
        reference: referenceCertification(kid(b, 'reference-certification')!),
        blocs: kids(b, 'bloc-competences').map((x) => ({ libelle: req(x, 'libelle-bloc'), code: req(x, 'code-bloc') })),
      }),
    ),
    cycles: kids(el, 'cycle').map(cycle),
    extras: extras(el),
  };
  set(s, 'modalitesInscription', str(el, 'modalites-inscription'));
  const pi = kid(el, 'periode-inscription');
  if (pi) s.periodeInscription = periode(kid(pi, 'periode')!);
  set(s, 'etatRecrutement', str(el, 'etat-recrutement'));
  return s;
}

function recrutement(el: El): Recrutement {
  const r: Recrutement = { modalite: req(el, 'modalite-recrutement') };
  set(r, 'codePerimetre', str(el, 'code-perimetre-recrutement'));
  set(r, 'infosPerimetre', str(el, 'infos-perimetre-recrutement'));
  set(r, 'aDistance', bool(el, 'a-distance'));
  const a = kid(el, 'adresse');
  if (a) r.adresse = adresse(a);
  set(r, 'urlweb', str(el, 'urlweb'));
  set(r, 'nbPlaces', int(el, 'nb-places'));
  const p = kid(el, 'periode');
  if (p) r.periode = periode(p);
  set(r, 'heureDebut', str(el, 'heure-debut'));
  set(r, 'heureFin', str(el, 'heure-fin'));
  set(r, 'commentaire', str(el, 'commentaire'));
  return r;
}

function cycle(el: El): Cycle {
  const c: Cycle = { typeCycle: req(el, 'type-cycle'), annees: strs(el, 'annee-cycle').map(Number) };
  set(c, 'effectifMinimal', int(el, 'effectif-minimal'));
  set(c, 'capaciteSimultanee', int(el, 'capacite-simultanee'));
  set(c, 'capaciteCumulee', int(el, 'capacite-cumulee'));
  const alt = kid(el, 'alternance');
  if (alt) {
    c.alternance = { type: req(alt, 'type-alternance') };
    const r = kid(alt, 'rythme-alternance');
    if (r) {
      c.alternance.rythme = {
        unite: req(r, 'unite-rythme-alternance'),
        unitesEntreprise: Number(req(r, 'unites-entreprise')),
        unitesCentre: Number(req(r, 'unites-centre')),
      };
    }
  }
  return c;
}
