/**
 * Streaming LHEO reader, low level: decodes the file in the encoding its XML declaration names,
 * feeds saxes chunk by chunk and hands over one `<formation>` element tree at a time, so that
 * memory stays flat whatever the file size.
 *
 * A file that is not well-formed XML (truncated, undeclared entity, mismatched tags…), whose bytes
 * are invalid for the declared encoding, whose root is not `<lheo>`, or that goes past LIMITS (a
 * run of text without markup too long to be a field, nesting too deep, one formation too big)
 * throws an ImportError naming the line and column: the caller's transaction then leaves the
 * database as it was. saxes never reads a DTD nor fetches anything: no external entity can be
 * expanded.
 */
import fs from 'node:fs';
import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { ImportError } from '../../platform/import/errors.ts';
import { LHEO_NS_22, LHEO_NS_23 } from './model.ts';

/** An element of the tree of one formation, with where it starts (1-based line and column). */
export interface El {
  name: string;
  /** Namespace URI ('' when none). */
  ns: string;
  attrs: Record<string, string>;
  kids: (El | string)[];
  line: number;
  column: number;
}

export type XmlEvent =
  | { type: 'root'; version: string; namespace: string; encoding: string }
  | { type: 'formation'; el: El }
  | { type: 'note'; text: string };

const NAMESPACES: Record<string, string> = { [LHEO_NS_23]: '2.3', [LHEO_NS_22]: '2.2', '': '2.3' };

type Decoder = (chunk: Buffer, last: boolean) => string;

/** Reads the encoding named by the XML declaration (UTF-8 when there is none). */
function declaredEncoding(head: Buffer): string {
  const text = head.subarray(0, 512).toString('latin1');
  const decl = /^<\?xml\s[^?]*?encoding\s*=\s*["']([^"']*)["']/.exec(text);
  return decl ? decl[1] : 'UTF-8';
}

function makeDecoder(label: string, encoding: string, lines: () => number): Decoder {
  const key = encoding.toLowerCase().replace(/_/g, '-');
  if (key === 'utf-8' || key === 'utf8') return utf8Decoder(label, lines);
  if (key === 'us-ascii' || key === 'ascii') {
    const utf8 = utf8Decoder(label, lines, 'US-ASCII');
    return (chunk, last) => {
      const bad = chunk.findIndex((b) => b > 0x7f);
      if (bad !== -1) throw invalidBytes(label, chunk, bad, lines(), 'US-ASCII');
      return utf8(chunk, last);
    };
  }
  const single: Record<string, string> = {
    'iso-8859-1': 'latin1',
    latin1: 'latin1',
    'latin-1': 'latin1',
    l1: 'latin1',
    'iso8859-1': 'latin1',
    'iso-8859-15': 'iso-8859-15',
    'latin-9': 'iso-8859-15',
    latin9: 'iso-8859-15',
    'iso8859-15': 'iso-8859-15',
    'windows-1252': 'windows-1252',
    cp1252: 'windows-1252',
  };
  const iconvName = single[key];
  if (!iconvName) {
    throw new ImportError(
      label,
      1,
      `encodage « ${encoding} » non pris en charge (UTF-8, ISO-8859-1, ISO-8859-15 ou windows-1252 attendu)`,
      1,
    );
  }
  // Single-byte encodings: every byte is a character, chunks decode independently.
  return (chunk) => iconv.decode(chunk, iconvName);
}

/** Strict UTF-8: an invalid byte sequence stops the file, naming its line and column. */
function utf8Decoder(label: string, lines: () => number, name = 'UTF-8'): Decoder {
  let carry: Buffer = Buffer.alloc(0);
  return (chunk, last) => {
    const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    const cut = last ? data.length : completeUtf8Length(data);
    const part = data.subarray(0, cut);
    carry = Buffer.from(data.subarray(cut));
    if (!isUtf8(part)) throw invalidBytes(label, part, firstInvalidUtf8(part), lines(), name);
    return part.toString('utf8');
  };
}

/** Length of the prefix of `buf` that does not end inside a multi-byte sequence. */
function completeUtf8Length(buf: Buffer): number {
  let i = buf.length - 1;
  let back = 0;
  while (i >= 0 && back < 3 && (buf[i] & 0xc0) === 0x80) {
    i--;
    back++;
  }
  if (i < 0) return buf.length;
  const b = buf[i];
  const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
  return buf.length - i < need ? i : buf.length;
}

/** Index of the first byte that does not start a valid UTF-8 sequence. */
function firstInvalidUtf8(buf: Buffer): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i];
    const n = b < 0x80 ? 1 : b >= 0xc2 && b < 0xe0 ? 2 : b >= 0xe0 && b < 0xf0 ? 3 : b >= 0xf0 && b < 0xf5 ? 4 : 0;
    if (n === 0 || i + n > buf.length || !isUtf8(buf.subarray(i, i + n))) return i;
    i += n;
  }
  return buf.length;
}

function invalidBytes(label: string, buf: Buffer, at: number, linesBefore: number, encoding: string): ImportError {
  let line = linesBefore + 1;
  let lineStart = 0;
  for (let i = buf.indexOf(0x0a); i !== -1 && i < at; i = buf.indexOf(0x0a, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  // Characters before the fault on its line (the prefix is valid).
  const column = buf.subarray(lineStart, at).toString('utf8').length + 1;
  const hex = [...buf.subarray(at, at + 2)].map((b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ');
  return new ImportError(
    label,
    line,
    `octets invalides pour l’encodage ${encoding} déclaré (0x${hex}) : le fichier est-il dans un autre encodage ?`,
    column,
  );
}

/** French reasons for saxes' well-formedness errors. */
function wellFormednessReason(message: string, entity: string | undefined): string {
  const m = message.replace(/^[^:]*:?\d+:\d+: /, '');
  if (m.startsWith('undefined entity')) {
    return (
      `entité non déclarée${entity ? ` « &${entity}; »` : ''} (seules &amp; &lt; &gt; &quot; &apos; ` +
      'et les références numériques sont permises ; les DTD ne sont pas lues)'
    );
  }
  if (m.startsWith('unclosed tag')) return `fin de fichier inattendue : élément <${m.slice(14)}> non fermé (fichier tronqué ?)`;
  if (m.startsWith('unexpected end')) return 'fin de fichier inattendue (fichier tronqué ?)';
  if (m.startsWith('unmatched closing tag'))
    return `balise fermante </${m.slice(23).replace(/\.$/, '')}> sans balise ouvrante correspondante`;
  if (m.startsWith('unexpected close tag')) return 'balise fermante inattendue';
  if (m.startsWith('document must contain a root element')) return 'document vide : aucun élément racine';
  if (m.startsWith('disallowed character')) return 'caractère interdit en XML';
  if (m.startsWith('unbound namespace prefix')) return `préfixe d’espace de noms non déclaré ${m.slice(25).replace(/\.$/, '')}`;
  if (m.startsWith('duplicate attribute')) return `attribut en double : ${m.slice(21).replace(/\.$/, '')}`;
  if (m.startsWith('text data outside of root node')) return 'texte hors de l’élément racine';
  if (m.startsWith('documents may contain only one root')) return 'plusieurs éléments racines';
  return `XML mal formé : ${m}`;
}

/**
 * Bounds that keep memory flat whatever the file: saxes accumulates a whole text node (and a
 * whole attribute value, comment, CDATA section, tag) before handing it over, and keeps one
 * object per open element; the reader keeps one formation's tree at a time.
 */
export const LIMITS = {
  /**
   * Longest run of characters between two pieces of markup (text, attribute values, comment,
   * CDATA…). The longest LHEO fields are capped at 3,000 characters by the schema; entity escapes
   * (`&lt;p&gt;`) may inflate them a few times, never to a million.
   */
  run: 1_000_000,
  /** Deepest nesting of elements (LHEO nests about fifteen levels). */
  depth: 100,
  /** Elements of one `<formation>` (one offer of a thousand sessions has about 30,000). */
  formationElements: 200_000,
  /** Characters of text of one `<formation>`. */
  formationChars: 20_000_000,
} as const;

/** 1000000 → "1 000 000" (plain spaces, for messages). */
const thousands = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');

/** Longest string handed to saxes at once (characters): how far a run may go past the limit. */
const SLICE = 64 * 1024;

/** The root element of a file, where it starts. */
export interface XmlRoot {
  /** Qualified name as written (`lheo:lheo`). */
  name: string;
  local: string;
  /** Namespace URI ('' when none). */
  uri: string;
  attrs: Record<string, string>;
  line: number;
  column: number;
}

interface Handlers {
  /** An element opens; `depth` is 1 for the root. */
  open?(tag: SaxesTagNS, depth: number): void;
  close?(name: string, depth: number): void;
  text?(text: string): void;
  cdata?(text: string): void;
  doctype?(): void;
}

/**
 * saxes fed with a file, chunk by chunk, under LIMITS: well-formedness errors, invalid bytes,
 * runs too long and nesting too deep all become an ImportError naming the line and column.
 */
class XmlStream {
  readonly parser = new SaxesParser({ xmlns: true, position: true });
  encoding = 'UTF-8';
  depth = 0;
  root: XmlRoot | undefined;
  /** Where the tag being read starts: saxes has read its name and the character after it. */
  tagLine = 1;
  tagColumn = 1;
  private failure: ImportError | undefined;
  /** Characters handed to saxes so far. */
  private written = 0;
  /** Where the last event ended (position in characters, line, 0-based column): a run starts there. */
  private markPosition = 0;
  private markLine = 1;
  private markColumn = 0;

  constructor(
    readonly label: string,
    handlers: Handlers,
  ) {
    const { parser } = this;
    // Name of the last entity looked up, for the message of an undefined one (saxes does not say).
    let lastEntity: string | undefined;
    const p = parser as unknown as { ENTITIES: Record<string, string> };
    p.ENTITIES = new Proxy(p.ENTITIES, {
      get(target, key) {
        if (typeof key === 'string') lastEntity = key;
        return target[key as string];
      },
    });
    // For the message of a mismatched closing tag: the element saxes closed just before failing
    // (the one still waiting for its own closing tag) and the text read so far in the chunk.
    let lastClosed = '';
    const internals = parser as unknown as { chunk?: string; i?: number };
    parser.on('error', (e) => {
      let reason = wellFormednessReason(e.message, lastEntity);
      if (/unexpected close tag/.test(e.message)) {
        const closing = /<\/([^\s<>]+)\s*>$/.exec(internals.chunk?.slice(0, internals.i) ?? '')?.[1];
        reason = `balise fermante ${closing ? `</${closing}> ` : ''}inattendue : <${lastClosed}> attend sa propre balise fermante`;
      }
      // Keep the first fault: saxes goes on after reporting.
      this.failure ??= new ImportError(label, parser.line, reason, parser.column + 1);
      throw this.failure;
    });
    // Each event ends a run: the one it ends is checked too, so the limit is exact.
    const mark = () => {
      const at = parser.position;
      if (at - this.markPosition > LIMITS.run) throw this.runTooLong();
      this.markPosition = at;
      this.markLine = parser.line;
      this.markColumn = parser.column;
    };
    parser.on('xmldecl', mark);
    parser.on('comment', mark);
    parser.on('processinginstruction', mark);
    parser.on('doctype', () => {
      mark();
      handlers.doctype?.();
    });
    parser.on('opentagstart', (tag) => {
      mark();
      this.tagLine = parser.line;
      this.tagColumn = Math.max(1, parser.column - tag.name.length - 1);
    });
    parser.on('opentag', (tag: SaxesTagNS) => {
      mark();
      this.depth++;
      if (this.depth > LIMITS.depth) {
        throw new ImportError(
          label,
          this.tagLine,
          `éléments imbriqués sur plus de ${LIMITS.depth} niveaux (LHEO en compte une quinzaine) : fichier refusé`,
          this.tagColumn,
        );
      }
      if (this.depth === 1) {
        this.root = {
          name: tag.name,
          local: tag.local,
          uri: tag.uri,
          attrs: attributesOf(tag),
          line: this.tagLine,
          column: this.tagColumn,
        };
      }
      handlers.open?.(tag, this.depth);
    });
    parser.on('closetag', (tag) => {
      mark();
      lastClosed = tag.name;
      handlers.close?.(tag.name, this.depth);
      this.depth--;
    });
    // Without a text handler saxes does not even gather text: the root sniff stays cheap.
    if (handlers.text) {
      const text = handlers.text;
      parser.on('text', (t) => {
        mark();
        text(t);
      });
    }
    parser.on('cdata', (t) => {
      mark();
      handlers.cdata?.(t);
    });
  }

  /** Hands `text` to saxes in slices, refusing a run of characters without markup over the limit. */
  private write(text: string): void {
    for (let at = 0; at < text.length; at += SLICE) {
      const part = at === 0 && text.length <= SLICE ? text : text.slice(at, at + SLICE);
      this.parser.write(part);
      this.written += part.length;
      if (this.written - this.markPosition > LIMITS.run) throw this.runTooLong();
    }
  }

  private runTooLong(): ImportError {
    return new ImportError(
      this.label,
      this.markLine,
      `plus de ${thousands(LIMITS.run)} caractères à la suite sans balise (texte, valeur d’attribut, commentaire ` +
        `ou CDATA) à partir d’ici : fichier refusé (les plus longs champs LHEO en comptent 3 000)`,
      this.markColumn + 1,
    );
  }

  /**
   * Reads the file (or `input`), yielding after each chunk so that the caller can hand over what
   * its handlers gathered, or stop reading by leaving its loop.
   */
  async *chunks(
    file: string,
    options: { onBytes?: (bytes: number) => void; input?: Iterable<Buffer> | AsyncIterable<Buffer> },
  ): AsyncGenerator<void> {
    const { label, parser } = this;
    // 64 KB chunks: the offers of a chunk stay young for the garbage collector (measured: less peak
    // RSS than 256 KB, same speed).
    const input = options.input ?? fs.createReadStream(file, { highWaterMark: 64 * 1024 });
    let bytes = 0;
    let lines = 0;
    let decode: Decoder | undefined;
    try {
      for await (const raw of input as AsyncIterable<Buffer>) {
        let chunk = raw;
        if (!decode) {
          if ((chunk[0] === 0xfe && chunk[1] === 0xff) || (chunk[0] === 0xff && chunk[1] === 0xfe)) {
            throw new ImportError(label, 1, 'fichier en UTF-16 : encodage non pris en charge (UTF-8 ou ISO-8859-1 attendu)', 1);
          }
          if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
          this.encoding = declaredEncoding(chunk);
          decode = makeDecoder(label, this.encoding, () => lines);
        }
        const text = decode(chunk, false);
        if (text) this.write(text);
        for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
        bytes += raw.length;
        options.onBytes?.(bytes);
        yield;
      }
      if (!decode) throw new ImportError(label, 1, 'fichier vide', 1);
      const tail = decode(Buffer.alloc(0), true);
      if (tail) this.write(tail);
      parser.close();
      yield;
    } catch (error) {
      if (error instanceof ImportError) throw error;
      if (this.failure) throw this.failure;
      const e = error as NodeJS.ErrnoException;
      if (e?.code === 'ENOENT') throw new ImportError(label, 0, 'fichier introuvable');
      if (e?.code === 'EACCES' || e?.code === 'EISDIR' || e?.code === 'EPERM') {
        throw new ImportError(label, 0, `fichier illisible (${e.code === 'EISDIR' ? 'c’est un dossier' : 'accès refusé'})`);
      }
      throw error;
    } finally {
      if (input instanceof fs.ReadStream) input.destroy();
    }
  }
}

/** Whether a root element is that of an LHEO file (2.2, 2.3, or 2.3 without a namespace). */
export function isLheoRoot(root: Pick<XmlRoot, 'local' | 'uri'>): boolean {
  return root.local === 'lheo' && Object.hasOwn(NAMESPACES, root.uri);
}

/** The LHEO version a root names, as reports show it. */
export function lheoVersionOf(root: Pick<XmlRoot, 'uri'>): string {
  return root.uri === LHEO_NS_22 ? 'LHEO 2.2' : root.uri === LHEO_NS_23 ? 'LHEO 2.3' : 'LHEO';
}

/** Why a root element is not that of an LHEO file. */
export function notLheoReason(root: Pick<XmlRoot, 'name' | 'uri'>): string {
  return (
    `élément racine <${root.name}>${root.uri ? ` (espace de noms ${root.uri})` : ''} : un fichier LHEO commence par <lheo> ` +
    `dans l’espace de noms ${LHEO_NS_23} ou ${LHEO_NS_22}`
  );
}

/**
 * The root element of an XML file, reading no further than it (`whole`: the whole file, which
 * must then be well-formed). Whatever keeps it from being found (empty file, no root element, not
 * well-formed before it, invalid bytes, unreadable) throws an ImportError.
 */
export async function readXmlRoot(
  file: string,
  options: { label: string; whole?: boolean; onBytes?: (bytes: number) => void },
): Promise<XmlRoot> {
  const xml = new XmlStream(options.label, {});
  for await (const _ of xml.chunks(file, options)) {
    if (xml.root && !options.whole) break;
  }
  // saxes refuses a document without a root element when it closes.
  if (!xml.root) throw new ImportError(options.label, 1, 'document vide : aucun élément racine', 1);
  return xml.root;
}

/**
 * Streams the events of an LHEO file: its root (version), then each `<formation>` as a tree.
 * `lheo/offres/formation` is all that is kept; other children of the root (its `extras`) are
 * skipped.
 */
export async function* readLheoXml(
  file: string,
  options: { label: string; onBytes?: (bytes: number) => void; input?: Iterable<Buffer> | AsyncIterable<Buffer> },
): AsyncGenerator<XmlEvent> {
  const { label } = options;
  const out: XmlEvent[] = [];
  const stack: El[] = [];
  let rootNs = '';
  let formation: El | undefined;
  // Size of the formation being read, against LIMITS.
  let elements = 0;
  let chars = 0;
  let skipped = 0;
  const tooBig = (what: string): ImportError =>
    new ImportError(label, formation!.line, `<formation> trop volumineuse : plus de ${what} : fichier refusé`, formation!.column);

  const xml: XmlStream = new XmlStream(label, {
    doctype: () => out.push({ type: 'note', text: 'déclaration DOCTYPE ignorée (les DTD ne sont pas lues)' }),
    open(tag, depth) {
      if (depth === 1) {
        if (!isLheoRoot(tag)) throw new ImportError(label, xml.tagLine, notLheoReason(tag), xml.tagColumn);
        rootNs = tag.uri;
        out.push({ type: 'root', version: NAMESPACES[tag.uri], namespace: tag.uri, encoding: xml.encoding });
        return;
      }
      if (!formation) {
        const parent = depth === 2 ? 'lheo' : depth === 3 ? 'offres' : undefined;
        const expected = parent === 'lheo' ? 'offres' : parent === 'offres' ? 'formation' : undefined;
        if (expected && tag.local === expected && tag.uri === rootNs) {
          if (expected === 'offres') return;
        } else {
          if (depth === 2 || depth === 3) {
            if (!(tag.local === 'extras' && tag.uri === rootNs)) skipped++;
          }
          return;
        }
      }
      const el: El = { name: tag.local, ns: tag.uri, attrs: attributesOf(tag), kids: [], line: xml.tagLine, column: xml.tagColumn };
      if (formation) {
        if (++elements > LIMITS.formationElements) throw tooBig(`${thousands(LIMITS.formationElements)} éléments`);
        stack[stack.length - 1].kids.push(el);
      } else {
        formation = el;
        elements = 1;
        chars = 0;
      }
      stack.push(el);
    },
    // saxes hands over each text run whole (it emits at the next markup). Whitespace-only runs
    // between elements mean nothing in LHEO: not kept, unless they follow a CDATA section.
    text(text) {
      if (!stack.length) return;
      const kids = stack[stack.length - 1].kids;
      if (kids.length === 0 || typeof kids[kids.length - 1] !== 'string') {
        if (/^\s*$/.test(text)) return;
      }
      if ((chars += text.length) > LIMITS.formationChars) throw tooBig(`${thousands(LIMITS.formationChars)} caractères de texte`);
      kids.push(text);
    },
    cdata(text) {
      if (!stack.length) return;
      if ((chars += text.length) > LIMITS.formationChars) throw tooBig(`${thousands(LIMITS.formationChars)} caractères de texte`);
      stack[stack.length - 1].kids.push(text);
    },
    close() {
      if (!formation) return;
      const el = stack.pop();
      if (stack.length === 0 && el) {
        out.push({ type: 'formation', el });
        formation = undefined;
      }
    },
  });

  for await (const _ of xml.chunks(file, options)) {
    if (out.length) yield* out.splice(0);
  }
  if (skipped) out.push({ type: 'note', text: `${skipped} élément(s) hors de lheo/offres/formation ignoré(s)` });
  yield* out.splice(0);
}

const XMLNS = 'http://www.w3.org/2000/xmlns/';

/** Attributes by local name (LHEO attributes have no namespace); namespaced others keep their prefix. */
function attributesOf(tag: SaxesTagNS): Record<string, string> {
  const out: Record<string, string> = {};
  for (const a of Object.values(tag.attributes)) {
    if (a.uri === XMLNS || a.name === 'xmlns') continue;
    out[a.uri === '' || a.uri === tag.uri ? a.local : a.name] = a.value;
  }
  return out;
}
