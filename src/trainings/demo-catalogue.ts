/**
 * Demonstration catalogue: a valid LHEO 2.3 file of made-up offers built on real referentials
 * (Certif Info certifications and their ROME links, ROME savoir-faire and savoirs for the
 * contents, communes of the region with their population and position). No regional LHEO export
 * is in the bundle: this feeds the demo and the benchmarks.
 *
 * Every offer is marked as demonstration data (`demo`, written by the LHEO writer as
 * `<extras info="passerelles"><extra info="demonstration">1</extra></extras>`); bodies, SIRET,
 * addresses, prices and dates are invented. The same seed, size, region and day give the same
 * bytes: the referentials are read in a fixed order and every choice comes from one seeded PRNG.
 * Offers are produced one at a time and written as they come, so memory stays flat for 50,000
 * actions.
 */
import type { Writable } from 'node:stream';
import { sql, type Kysely } from 'kysely';
import type { TrainingSchema } from './db.ts';
import type { Action, Adresse, Contact, LheoOffer, OrganismeFinanceur, Session, XmlElement } from './lheo/model.ts';
import { writeLheo } from './lheo/write.ts';
import { FORMACODE, ROME_CODE } from '../common/codes.ts';

type Db = Kysely<TrainingSchema>;

export const DEFAULT_DEMO_SEED = 'passerelles';

export interface DemoCatalogueOptions {
  /** Number of actions (an offer has 1 to 3 actions; the last one is cut to fit). */
  size: number;
  /** PRNG seed: the same seed gives the same file. */
  seed?: string;
  /** First day of the 18 months the sessions fall in (YYYY-MM-DD, default today in UTC). */
  today?: string;
  /** INSEE region code of the communes used (default 52, Pays de la Loire). */
  region?: string;
}

export interface DemoCatalogueStats {
  offers: number;
  actions: number;
  sessions: number;
  /** Offers whose texts carry hostile markup (HTML, script, SQL fragments). */
  hostile: number;
}

// ---- referentials ------------------------------------------------------------------------------

interface DemoCertification {
  code: string;
  label: string;
  type: string | null;
  niveau: number | null;
  rncp: string | null;
  rs: string | null;
  formacode: string | null;
  formacodeLabel: string | null;
  nsf: string | null;
  apprentissage: boolean;
  romes: string[];
  weight: number;
}

interface DemoCommune {
  code: string;
  name: string;
  postcode: string;
  departement: string;
  region: string;
  lat: number;
  lon: number;
}

export interface DemoReferentials {
  region: string;
  certifications: DemoCertification[];
  /** Cumulative certification weights (same order), for weighted picks. */
  certificationCumulative: number[];
  communes: DemoCommune[];
  /** Cumulative commune weights (population). */
  communeCumulative: number[];
  romeLabels: Map<string, string>;
  /** Up to 12 savoir-faire and savoirs of each ROME fiche, for the contents. */
  romeItems: Map<string, string[]>;
}

/** The referentials a catalogue is drawn from; throws a French message when one is missing. */
export async function loadDemoReferentials(db: Db, region = '52'): Promise<DemoReferentials> {
  const { rows: certs } = await sql<{
    code: string;
    label: string;
    type: string | null;
    niveau: number | null;
    rncp: string | null;
    rs: string[];
    formacode: string | null;
    formacode_label: string | null;
    nsf: string | null;
    acces_ca: boolean | null;
    romes: string[];
  }>`
    SELECT c.code, c.label, c.type_label AS type, c.niveau_europeen AS niveau, c.rncp, c.rs, c.formacode,
      c.formacode_label, c.nsf, c.acces_ca,
      array_agg(l.rome ORDER BY l.rang, l.rome) AS romes
    FROM certification c JOIN certification_rome l ON l.certification = c.code
    WHERE l.status = 'fiche'
    GROUP BY c.code
    ORDER BY c.code`.execute(db);
  if (!certs.length) {
    throw new Error('aucune certification reliée à une fiche ROME en base : importez Certif Info et le ROME (passerelles data import)');
  }
  const { rows: communes } = await sql<{
    code: string;
    name: string;
    postcodes: string[];
    departement: string;
    region: string;
    population: number | null;
    lat: number;
    lon: number;
  }>`
    SELECT code, name, postcodes, departement, region, population, lat, lon FROM commune
    WHERE region = ${region} AND lat IS NOT NULL AND lon IS NOT NULL AND cardinality(postcodes) > 0
    ORDER BY code`.execute(db);
  if (!communes.length) throw new Error(`aucune commune géolocalisée pour la région ${region} : importez les territoires`);

  const romes = [...new Set(certs.flatMap((c) => c.romes))].sort();
  const { rows: fiches } = await sql<{ code: string; label: string }>`
    SELECT code, label FROM rome_fiche WHERE code = ANY(${romes}::text[]) ORDER BY code`.execute(db);
  // Savoir-faire (bloc 5, rubrique 1) and savoirs (rubrique 3), cœur de métier first.
  const { rows: items } = await sql<{ code: string; label: string }>`
    SELECT code, label FROM (
      SELECT l.code_rome AS code, i.label,
        row_number() OVER (PARTITION BY l.code_rome ORDER BY (l.coeur_metier IS NULL), l.rubrique, l.code_ogr) AS n
      FROM rome_fiche_item l JOIN rome_item i ON i.code_ogr = l.code_ogr
      WHERE l.code_rome = ANY(${romes}::text[]) AND l.bloc = '5' AND l.rubrique IN ('1', '3')) x
    WHERE n <= 12 ORDER BY code, n`.execute(db);
  const romeItems = new Map<string, string[]>();
  for (const r of items) (romeItems.get(r.code) ?? romeItems.set(r.code, []).get(r.code)!).push(r.label);

  const certifications = certs
    .map(
      (c): DemoCertification => ({
        code: c.code,
        label: c.label,
        type: c.type,
        niveau: c.niveau,
        rncp: c.rncp && /^\d{1,6}$/.test(c.rncp) ? c.rncp : null,
        rs: c.rs.map((r) => r.replace(/^RS/i, '')).find((r) => /^\d{1,8}$/.test(r)) ?? null,
        formacode: c.formacode && FORMACODE.test(c.formacode) ? c.formacode : null,
        formacodeLabel: c.formacode_label,
        nsf: c.nsf && /^\d{3}$/.test(c.nsf) ? c.nsf : null,
        apprentissage: c.acces_ca === true,
        romes: c.romes.filter((r) => ROME_CODE.test(r)).slice(0, 5),
        weight: certificationWeight(c.type),
      }),
    )
    .filter((c) => c.romes.length > 0 && c.code.length <= 10 && /^\d+$/.test(c.code));
  return {
    region,
    certifications,
    certificationCumulative: cumulative(certifications.map((c) => c.weight)),
    communes: communes.map((c) => ({
      code: c.code,
      name: c.name,
      postcode: c.postcodes[0],
      departement: c.departement,
      region: c.region,
      lat: c.lat,
      lon: c.lon,
    })),
    // Training places follow population; the smallest villages still get a chance.
    communeCumulative: cumulative(communes.map((c) => Math.max(c.population ?? 0, 200))),
    romeLabels: new Map(fiches.map((f) => [f.code, f.label])),
    romeItems,
  };
}

/**
 * How often a kind of certification is offered, roughly, in a region's continuing education:
 * titres professionnels and CAP far more than masters.
 */
function certificationWeight(type: string | null): number {
  const t = (type ?? '').toLowerCase();
  if (t.startsWith('titre professionnel')) return 6;
  if (
    /certificat d'aptitude|brevet professionnel|baccalauréat professionnel|mention complémentaire|brevet d'études professionnelles/.test(t)
  )
    return 4;
  if (t.startsWith('certificat de qualification professionnelle')) return 3;
  if (t.startsWith('habilitation') || /brevet de technicien supérieur|bachelor universitaire|diplôme universitaire de technologie/.test(t))
    return 2;
  if (/ingénieur|master|mastère|doctorat|magistère/.test(t)) return 0.5;
  return 1;
}

function cumulative(weights: number[]): number[] {
  let sum = 0;
  return weights.map((w) => (sum += w));
}

// ---- seeded PRNG (sfc32 seeded by cyrb128: small, fast, same numbers on every platform) -------

export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: string) {
    let h1 = 1779033703,
      h2 = 3144134277,
      h3 = 1013904242,
      h4 = 2773480762;
    for (let i = 0; i < seed.length; i++) {
      const k = seed.charCodeAt(i);
      h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
      h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
      h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
      h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    this.a = (h1 ^ h2 ^ h3 ^ h4) >>> 0;
    this.b = (h2 ^ h1) >>> 0;
    this.c = (h3 ^ h1) >>> 0;
    this.d = (h4 ^ h1) >>> 0;
    for (let i = 0; i < 12; i++) this.next();
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.a >>>= 0;
    this.b >>>= 0;
    this.c >>>= 0;
    this.d >>>= 0;
    const t = (this.a + this.b) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.d = (this.d + 1) | 0;
    const r = (t + this.d) | 0;
    this.c = (this.c + r) | 0;
    return (r >>> 0) / 4294967296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.next() * list.length)];
  }

  /** A value by weight: [[value, weight], …]. */
  weighted<T>(choices: readonly (readonly [T, number])[]): T {
    const total = choices.reduce((s, [, w]) => s + w, 0);
    let x = this.next() * total;
    for (const [v, w] of choices) if ((x -= w) < 0) return v;
    return choices[choices.length - 1][0];
  }

  /** An index by cumulative weights (binary search). */
  cumulative(cum: readonly number[]): number {
    const x = this.next() * cum[cum.length - 1];
    let lo = 0,
      hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

// ---- made-up bodies ----------------------------------------------------------------------------

/** Luhn check digit of a digit string (SIREN and SIRET use it). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function luhnComplete(prefix: string): string {
  for (let d = 0; d <= 9; d++) if (luhnValid(prefix + d)) return prefix + d;
  throw new Error('unreachable');
}

/** A made-up SIRET: a Luhn-valid SIREN followed by a NIC making the 14 digits Luhn-valid too. */
function makeSiret(rng: Prng): string {
  let body = String(rng.int(1, 9));
  for (let i = 0; i < 7; i++) body += rng.int(0, 9);
  const siren = luhnComplete(body);
  return luhnComplete(`${siren}000${rng.int(1, 9)}`);
}

interface DemoOrganisme {
  siret: string;
  numeroActivite: string;
  nom: string;
  raisonSociale: string;
  slug: string;
  commune: DemoCommune;
  adresse: Adresse;
  /** The same, short (sessions repeat it). */
  inscription: Adresse;
  /** ROME grands domaines (letters) it teaches. */
  domaines: string[];
}

const THEMES: Record<string, string[]> = {
  A: ['des métiers du vivant', 'agricole', 'du paysage'],
  B: ['des arts appliqués', 'des métiers d’art'],
  C: ['de la banque et de l’assurance', 'des métiers de la finance'],
  D: ['du commerce', 'de la vente et de la relation client'],
  E: ['de la communication', 'des médias'],
  F: ['du bâtiment', 'des travaux publics', 'de la construction durable'],
  G: ['de l’hôtellerie-restauration', 'du tourisme'],
  H: ['de l’industrie', 'de la métallurgie', 'de la production'],
  I: ['de la maintenance', 'de l’automobile'],
  J: ['de la santé', 'du soin'],
  K: ['du social et des services', 'de l’accompagnement'],
  L: ['du spectacle', 'des arts de la scène'],
  M: ['du numérique', 'du management', 'de la gestion'],
  N: ['de la logistique', 'du transport'],
};
const KINDS = ['Institut', 'Centre de formation', 'École', 'Campus', 'Atelier', 'Pôle formation', 'Maison de la formation'];
const AREAS = ['Atlantique', 'Val de Loire', 'de l’Ouest', 'Ligérien', 'Océan', 'Bocage', 'Estuaire'];
const FORMS = ['SAS', 'SARL', 'association', 'SCOP', 'GIP'];
const STREETS = [
  'rue des Tanneurs',
  'avenue de la Gare',
  'rue du Port',
  'boulevard des Métiers',
  'rue Pasteur',
  'allée des Tilleuls',
  'rue de la Loire',
  'place du Marché',
  'rue des Artisans',
  'chemin des Écoles',
  'rue Jules Verne',
  'impasse des Forges',
  'rue de l’Industrie',
  'avenue des Sciences',
  'rue des Ardoisiers',
  'quai de la Fosse',
];

/** "de Nantes", "d'Angers", "du Mans", "des Sables-d'Olonne", "de La Roche-sur-Yon". */
function ofTown(name: string): string {
  if (name.startsWith('Le ')) return `du ${name.slice(3)}`;
  if (name.startsWith('Les ')) return `des ${name.slice(4)}`;
  if (/^[AEIOUYÉÈÊÂÎÔH]/.test(name)) return `d’${name}`;
  return `de ${name}`;
}

function slugify(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40);
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function pickCommune(rng: Prng, refs: DemoReferentials): DemoCommune {
  return refs.communes[rng.cumulative(refs.communeCumulative)];
}

function address(rng: Prng, c: DemoCommune, denomination?: string): Adresse {
  const a: Adresse = {
    lignes: [clip(`${rng.int(1, 140)} ${rng.pick(STREETS)}`, 50)],
    codepostal: c.postcode,
    ville: clip(c.name, 50),
    departement: c.departement,
    codeInseeCommune: c.code,
    region: c.region,
    pays: 'FR',
    geolocalisation: { latitude: c.lat.toFixed(5), longitude: c.lon.toFixed(5) },
  };
  if (denomination) a.denomination = clip(denomination, 255);
  return a;
}

function makeOrganismes(rng: Prng, refs: DemoReferentials, count: number): DemoOrganisme[] {
  const letters = Object.keys(THEMES);
  const out: DemoOrganisme[] = [];
  const names = new Set<string>();
  for (let i = 0; i < count; i++) {
    const commune = pickCommune(rng, refs);
    const domaines = [rng.pick(letters)];
    if (rng.chance(0.5)) domaines.push(rng.pick(letters));
    let nom = '';
    for (let tries = 0; !nom || names.has(nom); tries++) {
      const theme = rng.pick(THEMES[domaines[0]]);
      nom = rng.chance(0.6) ? `${rng.pick(KINDS)} ${theme} ${ofTown(commune.name)}` : `${rng.pick(KINDS)} ${rng.pick(AREAS)} ${theme}`;
      if (tries > 3) nom += ` ${i + 1}`;
    }
    names.add(nom);
    const siret = makeSiret(rng);
    const adresse = address(rng, commune, nom);
    out.push({
      siret,
      numeroActivite: `52${commune.departement.slice(0, 2)}${String(rng.int(0, 9_999_999)).padStart(7, '0')}`,
      nom: clip(nom, 250),
      raisonSociale: clip(`${nom} ${rng.pick(FORMS)}`, 250),
      slug: slugify(nom),
      commune,
      adresse,
      inscription: { lignes: adresse.lignes, codepostal: adresse.codepostal, ville: adresse.ville, codeInseeCommune: commune.code },
      domaines,
    });
  }
  return out;
}

// ---- offers ------------------------------------------------------------------------------------

/** Texts written into a few offers so that escaping is exercised end to end. */
export const HOSTILE_TEXTS = {
  intitule: 'Atelier <script>alert("démo")</script> soudure & sécurité',
  objectif: 'Découvrir la soudure <img src=x onerror="alert(1)"> <b>sans risque</b> & « sereinement »',
  contenu:
    "Programme : '; DROP TABLE training_formation; -- \n1' OR '1'='1 \n<!-- commentaire --> ]]> &amp; <iframe src=\"javascript:alert(2)\"></iframe>",
};

const FINANCEURS: readonly (readonly [string, number])[] = [
  ['2', 30],
  ['4', 20],
  ['10', 15],
  ['16', 15],
  ['5', 10],
  ['3', 5],
  ['7', 3],
  ['17', 2],
];
const RYTHMES = ['Temps plein', 'Temps partiel', 'Temps plein, cours du jour', 'Cours du soir', 'Temps plein, modulaire'];

function lheoDate(day: Date): string {
  return day.toISOString().slice(0, 10).replace(/-/g, '');
}

function addDays(day: Date, n: number): Date {
  return new Date(day.getTime() + n * 86_400_000);
}

export function parseDay(text: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== text) {
    throw new Error(`date invalide : ${text} (AAAA-MM-JJ attendu)`);
  }
  return d;
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/** Offers one at a time, `size` actions in all. */
export function* demoOffers(refs: DemoReferentials, options: DemoCatalogueOptions, stats?: DemoCatalogueStats): Generator<LheoOffer> {
  const rng = new Prng(`${options.seed ?? DEFAULT_DEMO_SEED}|${options.size}|${refs.region}`);
  const today = parseDay(options.today ?? todayUtc());
  const organismes = makeOrganismes(rng, refs, Math.max(8, Math.round(options.size / 25)));
  const byDomaine = new Map<string, DemoOrganisme[]>();
  for (const o of organismes) for (const d of o.domaines) (byDomaine.get(d) ?? byDomaine.set(d, []).get(d)!).push(o);

  let actions = 0;
  for (let n = 1; actions < options.size; n++) {
    const count = Math.min(
      rng.weighted([
        [1, 50],
        [2, 30],
        [3, 20],
      ] as const),
      options.size - actions,
    );
    const hostile = n % 997 === 3 || n === 7;
    const offer = makeOffer(rng, refs, organismes, byDomaine, today, n, count, hostile);
    actions += offer.actions.length;
    if (stats) {
      stats.offers++;
      stats.actions += offer.actions.length;
      stats.sessions += offer.actions.reduce((s, a) => s + a.sessions.length, 0);
      if (hostile) stats.hostile++;
    }
    yield offer;
  }
}

function makeOffer(
  rng: Prng,
  refs: DemoReferentials,
  organismes: DemoOrganisme[],
  byDomaine: Map<string, DemoOrganisme[]>,
  today: Date,
  n: number,
  actionCount: number,
  hostile: boolean,
): LheoOffer {
  const cert = refs.certifications[rng.cumulative(refs.certificationCumulative)];
  const rome = cert.romes[0];
  const romeLabel = refs.romeLabels.get(rome) ?? rome;
  const pool = byDomaine.get(rome[0]);
  const org = pool && rng.chance(0.85) ? rng.pick(pool) : rng.pick(organismes);
  const numero = `DEMO-${String(n).padStart(6, '0')}`;
  const certifiante = cert.rncp !== null || cert.rs !== null;
  const cpf = certifiante && rng.chance(0.75);
  const niveau = cert.niveau && cert.niveau >= 1 && cert.niveau <= 8 ? cert.niveau : null;
  const web = `https://www.${org.slug}.example`;

  let intitule = cert.label;
  const variant = rng.next();
  if (variant < 0.08) intitule = `Préparation : ${cert.label}`;
  else if (variant < 0.14) intitule = `${cert.label} – parcours accéléré`;
  else if (variant < 0.18) intitule = `${cert.label} – blocs de compétences`;

  const items = refs.romeItems.get(rome) ?? [];
  const chosen = items.filter(() => rng.chance(0.6)).slice(0, 8);
  let objectif =
    `Préparer ${certifiante ? 'la certification' : 'la formation'} « ${cert.label} »` +
    `${cert.type ? ` (${cert.type})` : ''} et exercer le métier ${/^[aeiouyéèêh]/i.test(romeLabel) ? 'd’' : 'de '}${romeLabel.toLowerCase()} (fiche ROME ${rome}).` +
    `${cert.formacodeLabel ? ` Domaine de formation : ${cert.formacodeLabel.toLowerCase()}.` : ''}`;
  let contenu = chosen.length
    ? `Au programme :\n${chosen.map((i) => `- ${i}`).join('\n')}`
    : `Au programme : les savoir-faire du métier ${romeLabel.toLowerCase()}, mises en situation et évaluation.`;
  if (hostile) {
    intitule = `${HOSTILE_TEXTS.intitule} – ${cert.label}`;
    objectif = `${HOSTILE_TEXTS.objectif}. ${objectif}`;
    contenu = `${HOSTILE_TEXTS.contenu}\n${contenu}`;
  }

  const contact: Contact = {
    coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], courriel: `contact@${org.slug}.example`, web: [web] },
  };
  const offer: LheoOffer = {
    numero,
    attrs: {},
    domaine: {
      formacodes: cert.formacode ? [{ code: cert.formacode, ref: 'V14' }] : [],
      nsf: cert.nsf ? [cert.nsf] : [],
      rome: cert.romes.map((code) => ({ code, ref: 'V4' })),
    },
    intitule: clip(intitule, 255),
    objectif: clip(objectif, 3000),
    resultatsAttendus: certifiante
      ? `Obtention de la certification « ${clip(cert.label, 200)} » (${cert.rncp ? `RNCP${cert.rncp}` : `RS${cert.rs}`}), totale ou par blocs de compétences.`
      : 'Attestation de fin de formation et livret de compétences.',
    contenu: clip(contenu, 3000),
    certifiante,
    contacts: [contact],
    parcours: rng.weighted([
      ['1', 70],
      ['2', 15],
      ['3', 10],
      ['4', 5],
    ] as const),
    niveauEntree: niveau && niveau >= 4 ? String(10 + niveau - 1) : '0',
    objectifGeneral: certifiante ? '6' : rng.pick(['7', '2']),
    certifications: [
      {
        ...(cert.rncp ? { rncp: `RNCP${cert.rncp}` } : cert.rs ? { rs: `RS${cert.rs}` } : {}),
        certifinfo: cert.code,
      },
    ],
    typesFormation: [],
    urls: [`${web}/formations/${numero.toLowerCase()}`],
    actions: [],
    organisme: {
      attrs: {},
      numeroActivite: org.numeroActivite,
      siret: org.siret,
      nom: org.nom,
      raisonSociale: org.raisonSociale,
      coordonnees: {
        lignes: [],
        adresse: org.adresse,
        telfixe: [],
        portable: [],
        fax: [],
        courriel: `contact@${org.slug}.example`,
        web: [web],
      },
      contacts: [
        {
          typeContact: '4',
          coordonnees: { lignes: [], telfixe: [], portable: [], fax: [], courriel: `accueil@${org.slug}.example`, web: [] },
        },
      ],
      potentiel: [],
      extras: [],
    },
    extras: [],
    demo: true,
  };
  if (niveau) offer.niveauSortie = String(10 + niveau);

  for (let i = 1; i <= actionCount; i++) offer.actions.push(makeAction(rng, refs, org, cert, today, `${numero}-A${i}`, cpf));
  return offer;
}

function makeAction(
  rng: Prng,
  refs: DemoReferentials,
  org: DemoOrganisme,
  cert: DemoCertification,
  today: Date,
  numero: string,
  cpf: boolean,
): Action {
  const apprentissage = cert.apprentissage && rng.chance(0.25);
  const modalite = rng.weighted([
    ['0', 70],
    ['1', 20],
    ['2', 10],
  ] as const);
  // The body's own site, or a branch in another commune.
  const commune = rng.chance(0.65) ? org.commune : pickCommune(rng, refs);
  const centre = rng.int(3, 36) * 35;
  const entreprise = apprentissage ? Math.round(centre * 1.8) : rng.chance(0.5) ? rng.int(2, 12) * 35 : 0;
  const hourly = rng.int(9, 24) + rng.pick([0, 0.5]);
  const permanent = !apprentissage && rng.chance(0.1);
  const weeks = Math.max(1, Math.ceil((centre + entreprise) / 35));

  const sessions: Session[] = [];
  const sessionCount = permanent
    ? 1
    : rng.weighted([
        [1, 45],
        [2, 35],
        [3, 20],
      ] as const);
  const starts = permanent ? [rng.int(-60, 0)] : Array.from({ length: sessionCount }, () => rng.int(7, 540)).sort((a, b) => a - b);
  starts.forEach((offset, i) => {
    const debut = addDays(today, offset);
    const fin = permanent ? addDays(today, rng.int(300, 540)) : addDays(debut, weeks * 7 - 3);
    const session: Session = {
      numero: `${numero}-S${i + 1}`,
      attrs: {},
      periode: { debut: lheoDate(debut), fin: lheoDate(fin) },
      adresseInscription: org.inscription,
      etatRecrutement: rng.weighted([
        ['1', 85],
        ['2', 10],
        ['3', 5],
      ] as const),
      recrutements: [],
      urls: [],
      contacts: [],
      referencesCertification: [],
      blocsCompetences: [],
      cycles: [],
      extras: cpf ? [cpfExtras()] : [],
    };
    if (!permanent) {
      session.periodeInscription = { debut: lheoDate(addDays(debut, -rng.int(30, 90))), fin: lheoDate(addDays(debut, -3)) };
    }
    sessions.push(session);
  });

  const financeurs: OrganismeFinanceur[] = [];
  const codes = new Set<string>([rng.weighted(FINANCEURS)]);
  if (rng.chance(0.35)) codes.add(rng.weighted(FINANCEURS));
  for (const code of codes) financeurs.push({ code, nbPlaces: rng.int(4, 16), extras: [] });

  const action: Action = {
    numero,
    attrs: {},
    rythme: rng.pick(RYTHMES),
    publicsVises: [{ code: '83056', ref: 'V12' }],
    niveauEntreeObligatoire: rng.chance(0.3),
    modalitesAlternance: apprentissage
      ? 'Alternance : 2 semaines en centre de formation, 3 semaines en entreprise'
      : entreprise
        ? `Stage en entreprise de ${entreprise} heures`
        : 'Sans objet',
    modalitesEnseignement: modalite,
    conditionsSpecifiques: rng.pick([
      'Aucune',
      'Entretien de motivation',
      'Tests de positionnement et entretien',
      'Visite médicale préalable',
    ]),
    priseEnChargeFraisPossible: rng.chance(0.7),
    lieux: [
      { coordonnees: { lignes: [], adresse: address(rng, commune, org.nom), telfixe: [], portable: [], fax: [], web: [] }, extras: [] },
    ],
    entreesSortiesPermanentes: permanent,
    urls: [],
    sessions,
    datesInformation: [],
    langues: ['fr'],
    codesModalitePedagogique: [],
    equipements: [],
    prixHoraireTTC: hourly.toFixed(2),
    prixTotalTTC: (hourly * centre).toFixed(2),
    dureeIndicative: `${weeks} semaine${weeks > 1 ? 's' : ''}`,
    nombreHeuresCentre: centre,
    nombreHeuresEntreprise: entreprise,
    nombreHeuresTotal: centre + entreprise,
    formateurs: [
      { siret: org.siret, raisonSociale: org.raisonSociale, contacts: [], potentiel: [], referencesCertification: [], extras: [] },
    ],
    financeurs,
    enseignements: [],
    extras: apprentissage ? [dispositif()] : [],
  };
  return action;
}

/** As Carif-Oref files mark CPF eligibility on sessions (the store derives `eligible_cpf` from it). */
function cpfExtras(): XmlElement {
  return {
    name: 'extras',
    attrs: { info: 'eligibilite-cpf' },
    children: [{ name: 'extra', attrs: { info: 'source' }, children: ['Données de démonstration'] }],
  };
}

function dispositif(): XmlElement {
  return {
    name: 'extras',
    attrs: { info: 'dispositif' },
    children: [
      { name: 'extra', attrs: { info: 'contrat-apprentissage' }, children: ['1'] },
      { name: 'extra', attrs: { info: 'contrat-professionnalisation' }, children: ['0'] },
    ],
  };
}

/**
 * Writes a demonstration catalogue of `options.size` actions as LHEO 2.3 to `out` (left open).
 * The export timestamp is the reference day, so that the bytes depend only on the options.
 */
export async function writeDemoCatalogue(db: Db, out: Writable, options: DemoCatalogueOptions): Promise<DemoCatalogueStats> {
  if (!Number.isInteger(options.size) || options.size < 1) throw new Error('taille invalide : un nombre entier d’actions ≥ 1 est attendu');
  const today = options.today ?? todayUtc();
  parseDay(today);
  const refs = await loadDemoReferentials(db, options.region ?? '52');
  const stats: DemoCatalogueStats = { offers: 0, actions: 0, sessions: 0, hostile: 0 };
  await writeLheo(demoOffers(refs, { ...options, today }, stats), out, { exportedAt: new Date(`${today}T00:00:00Z`), indent: false });
  return stats;
}
