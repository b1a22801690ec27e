/**
 * Checks one `<formation>` tree against LHEO 2.3 (schema.ts: order and cardinality of children,
 * text facets, code lists) and the rules the schema cannot say: real calendar dates, début ≤ fin,
 * SIRET and code formats. The first fault rejects the offer; its line, column and a French reason
 * go to the import report. Attributes are metadata: a wrong one is dropped with a warning, not
 * the offer.
 */
import { COMMON_ATTRIBUTES, ELEMENTS, EXTRA_ATTRIBUTES, type ElementRule } from './schema.ts';
import { DICTIONARIES, ELEMENT_DICTIONARY } from './dictionaries.ts';
import type { El } from './xml.ts';
import { COMMUNE_CODE, FORMACODE, ROME_CODE, SIRET } from '../../common/codes.ts';

export interface Fault {
  line: number;
  column: number;
  reason: string;
}

class Invalid extends Error {
  constructor(readonly fault: Fault) {
    super(fault.reason);
  }
}

/** Largest value our integer columns hold (xs:long allows more, no LHEO quantity needs it). */
const MAX_INT = 2_147_483_647;

const DATE_TIME = /^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/;

/** Extra checks on the text of some elements, after the schema's facets. */
const FORMATS: Record<string, { re: RegExp; what: string }> = {
  SIRET: { re: SIRET, what: '14 chiffres' },
  'code-INSEE-commune': { re: COMMUNE_CODE, what: 'un code INSEE de commune (5 caractères, ex. 44109 ou 2A004)' },
  'code-ROME': { re: ROME_CODE, what: 'un code ROME (une lettre A–N et 4 chiffres, ex. F1604)' },
  'code-FORMACODE': { re: FORMACODE, what: 'un code FORMACODE (5 chiffres)' },
  'code-public-vise': { re: FORMACODE, what: 'un code FORMACODE (5 chiffres)' },
  'reference-code-FORMACODE': { re: FORMACODE, what: 'un code FORMACODE (5 chiffres)' },
  'code-RNCP': { re: /^(RNCP)?\d{1,6}$/, what: 'un code RNCP (chiffres, précédés ou non de « RNCP »)' },
  'reference-code-RNCP': { re: /^(RNCP)?\d{1,6}$/, what: 'un code RNCP (chiffres, précédés ou non de « RNCP »)' },
  'code-CERTIFINFO': { re: /^\d{1,10}$/, what: 'un code CertifInfo (chiffres)' },
  'reference-code-CERTIFINFO': { re: /^\d{1,10}$/, what: 'un code CertifInfo (chiffres)' },
};

const DATE_ELEMENTS = new Set(['debut', 'fin', 'date']);

/** Allowed attributes of an element (LHEO common set plus its own). */
export function allowedAttributes(name: string): ReadonlySet<string> {
  let set = allowedCache.get(name);
  if (!set) allowedCache.set(name, (set = new Set([...COMMON_ATTRIBUTES, ...(EXTRA_ATTRIBUTES[name] ?? [])])));
  return set;
}
const allowedCache = new Map<string, ReadonlySet<string>>();

/** Text content of a simple element as the schema reads it (token: whitespace collapsed). */
export function simpleValue(el: El, rule?: ElementRule): string {
  let text = '';
  for (const k of el.kids) if (typeof k === 'string') text += k;
  return rule && 'type' in rule && rule.type !== 'string' ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

/**
 * Validates a formation. Returns its first fault, or null; `warnings` receives one line per
 * attribute dropped (name and reason), for a summary note.
 */
export function validateFormation(el: El, ns: string, warnings: (text: string) => void): Fault | null {
  try {
    visit(el, ns, warnings);
    return null;
  } catch (e) {
    if (e instanceof Invalid) return e.fault;
    throw e;
  }
}

function fail(el: El, reason: string): never {
  throw new Invalid({ line: el.line, column: el.column, reason });
}

function visit(el: El, ns: string, warnings: (text: string) => void): void {
  if (el.ns !== ns) fail(el, `élément <${el.name}> hors de l’espace de noms LHEO du fichier`);
  checkAttributes(el, warnings);
  if (el.name === 'extras') return visitExtras(el, ns, warnings);
  const rule = ELEMENTS[el.name];
  if (!rule) fail(el, `élément <${el.name}> inconnu de LHEO 2.3`);
  if ('seq' in rule) {
    const kids: El[] = [];
    for (const k of el.kids) {
      if (typeof k === 'string') {
        if (k.trim()) fail(el, `texte inattendu dans <${el.name}> (des éléments sont attendus)`);
      } else kids.push(k);
    }
    let i = 0;
    const misplaced = (k: El) =>
      fail(k, `élément <${k.name}> mal placé dans <${el.name}> (l’ordre des éléments du schéma LHEO 2.3 n’est pas respecté)`);
    for (const [p, [name, min, max]] of rule.seq.entries()) {
      let n = 0;
      while (i < kids.length && kids[i].name === name && kids[i].ns === ns) {
        n++;
        if (max !== -1 && n > max) fail(kids[i], `trop d’éléments <${name}> dans <${el.name}> (au plus ${max})`);
        visit(kids[i], ns, warnings);
        i++;
      }
      if (n < min) {
        const at = kids[i];
        if (at && rule.seq.findIndex(([other]) => other === at.name) < p && at.ns === ns) misplaced(at);
        fail(at ?? el, `élément <${name}> obligatoire absent de <${el.name}>`);
      }
    }
    if (i < kids.length) {
      const k = kids[i];
      if (rule.seq.some(([name]) => name === k.name)) misplaced(k);
      fail(k, `élément <${k.name}> inattendu dans <${el.name}>`);
    }
    if (el.name === 'periode') checkPeriode(el);
    return;
  }
  for (const k of el.kids) {
    if (typeof k !== 'string') fail(k, `élément <${k.name}> inattendu dans <${el.name}> (une valeur simple est attendue)`);
  }
  const value = simpleValue(el, rule);
  const length = value.length > 200 ? [...value].length : value.length;
  const exact = rule.length ?? (rule.minLength !== undefined && rule.minLength === rule.maxLength ? rule.minLength : undefined);
  if (exact !== undefined && length !== exact) {
    fail(el, value ? `<${el.name}> doit faire ${exact} caractères (« ${short(value)} » en fait ${length})` : `<${el.name}> vide`);
  }
  if (rule.minLength !== undefined && length < rule.minLength) {
    fail(el, value ? `<${el.name}> trop court : au moins ${rule.minLength} caractères (« ${short(value)} »)` : `<${el.name}> vide`);
  }
  if (rule.maxLength !== undefined && length > rule.maxLength) {
    fail(el, `<${el.name}> trop long : ${length} caractères, au plus ${rule.maxLength}`);
  }
  if (rule.enum && !rule.enum.includes(value)) {
    const dict = ELEMENT_DICTIONARY[el.name];
    const keys = dict ? Object.keys(DICTIONARIES[dict].entries) : rule.enum;
    fail(el, `code « ${short(value)} » inconnu pour <${el.name}>${dict ? ` (table ${dict})` : ''} : valeurs permises ${keys.join(', ')}`);
  }
  if (rule.type === 'long') {
    if (!/^[+-]?\d+$/.test(value)) fail(el, `<${el.name}> : nombre entier attendu, « ${short(value)} » trouvé`);
    if (Math.abs(Number(value)) > MAX_INT) fail(el, `<${el.name}> : valeur ${short(value)} hors limites`);
  }
  if (DATE_ELEMENTS.has(el.name) && !isLheoDate(value)) {
    fail(
      el,
      `<${el.name}> : date « ${short(value)} » invalide (AAAAMMJJ attendu, AAAAMM00 pour un mois, ` + '00000000 ou 99999999 si inconnue)',
    );
  }
  const format = FORMATS[el.name];
  if (format && !format.re.test(value)) fail(el, `<${el.name}> : « ${short(value)} » n’est pas ${format.what}`);
}

function visitExtras(el: El, ns: string, warnings: (text: string) => void): void {
  for (const k of el.kids) {
    if (typeof k === 'string') {
      if (k.trim()) fail(el, 'texte inattendu dans <extras> (des éléments <extras> ou <extra> sont attendus)');
    } else if (k.ns !== ns || (k.name !== 'extras' && k.name !== 'extra')) {
      fail(k, `élément <${k.name}> inattendu dans <extras> (<extras> ou <extra> attendu)`);
    } else if (k.name === 'extras') {
      visit(k, ns, warnings);
    } else {
      // <extra> is xs:anyType: any content; only its LHEO attributes are checked.
      checkAttributes(k, warnings, true);
    }
  }
}

function checkAttributes(el: El, warnings: (text: string) => void, open = false): void {
  let any = false;
  for (const _ in el.attrs) {
    any = true;
    break;
  }
  if (!any) return;
  const allowed = allowedAttributes(el.name);
  for (const [name, value] of Object.entries(el.attrs)) {
    if (name === 'id' || name === 'idref') {
      // xs:ID values must be unique in a document: not portable to an export that merges sources.
      delete el.attrs[name];
      continue;
    }
    if (!allowed.has(name)) {
      if (open) continue;
      warnings(`attribut ${name} non prévu par LHEO 2.3 sur <${el.name}>`);
      delete el.attrs[name];
    } else if (name.startsWith('horodatage-') && !(DATE_TIME.test(value.trim()) && !Number.isNaN(Date.parse(value.trim())))) {
      warnings(`attribut ${name} : date-heure ISO 8601 invalide`);
      delete el.attrs[name];
    } else if (name === 'uri' && !/^[^\s<>"{}|\\^`]+$/.test(value.trim())) {
      warnings('attribut uri : URI invalide');
      delete el.attrs[name];
    }
  }
}

/** AAAAMMJJ with a real date, AAAAMM00 (month only), 00000000 or 99999999 (unknown). */
export function isLheoDate(value: string): boolean {
  if (value === '00000000' || value === '99999999') return true;
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < 1900 || mo < 1 || mo > 12) return false;
  return d === 0 || d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

export function isUnknownDate(value: string): boolean {
  return value === '00000000' || value === '99999999';
}

/** Earliest and latest days a LHEO date may mean (AAAAMM00 spans its month). */
export function dateRange(value: string): { first: string; last: string } | null {
  if (isUnknownDate(value)) return null;
  if (value.endsWith('00')) {
    const y = Number(value.slice(0, 4));
    const m = Number(value.slice(4, 6));
    const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return { first: `${value.slice(0, 6)}01`, last: `${value.slice(0, 6)}${String(days).padStart(2, '0')}` };
  }
  return { first: value, last: value };
}

function checkPeriode(el: El): void {
  const kid = (name: string) => el.kids.find((k): k is El => typeof k !== 'string' && k.name === name);
  const debut = simpleValue(kid('debut')!, ELEMENTS.debut);
  const fin = simpleValue(kid('fin')!, ELEMENTS.fin);
  const d = dateRange(debut);
  const f = dateRange(fin);
  if (d && f && d.first > f.last) {
    fail(el, `période incohérente : début ${debut} postérieur à la fin ${fin}`);
  }
}

function short(value: string): string {
  return value.length > 40 ? `${value.slice(0, 40)}…` : value;
}
