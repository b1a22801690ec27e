/**
 * Streaming LHEO reader, low level: decodes the file in the encoding its XML declaration names,
 * feeds saxes chunk by chunk and hands over one `<formation>` element tree at a time, so that
 * memory stays flat whatever the file size.
 *
 * A file that is not well-formed XML (truncated, undeclared entity, mismatched tags…), whose bytes
 * are invalid for the declared encoding, or whose root is not `<lheo>` throws an ImportError naming
 * the line and column: the caller's transaction then leaves the database as it was.
 * saxes never reads a DTD nor fetches anything: no external entity can be expanded.
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
    'iso-8859-1': 'latin1', 'latin1': 'latin1', 'latin-1': 'latin1', 'l1': 'latin1', 'iso8859-1': 'latin1',
    'iso-8859-15': 'iso-8859-15', 'latin-9': 'iso-8859-15', 'latin9': 'iso-8859-15', 'iso8859-15': 'iso-8859-15',
    'windows-1252': 'windows-1252', 'cp1252': 'windows-1252',
  };
  const iconvName = single[key];
  if (!iconvName) {
    throw new ImportError(label, 1,
      `encodage « ${encoding} » non pris en charge (UTF-8, ISO-8859-1, ISO-8859-15 ou windows-1252 attendu)`, 1);
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
  return new ImportError(label, line,
    `octets invalides pour l’encodage ${encoding} déclaré (0x${hex}) : le fichier est-il dans un autre encodage ?`, column);
}

/** French reasons for saxes' well-formedness errors. */
function wellFormednessReason(message: string, entity: string | undefined): string {
  const m = message.replace(/^[^:]*:?\d+:\d+: /, '');
  if (m.startsWith('undefined entity')) {
    return `entité non déclarée${entity ? ` « &${entity}; »` : ''} (seules &amp; &lt; &gt; &quot; &apos; ` +
      'et les références numériques sont permises ; les DTD ne sont pas lues)';
  }
  if (m.startsWith('unclosed tag')) return `fin de fichier inattendue : élément <${m.slice(14)}> non fermé (fichier tronqué ?)`;
  if (m.startsWith('unexpected end')) return 'fin de fichier inattendue (fichier tronqué ?)';
  if (m.startsWith('unmatched closing tag')) return `balise fermante </${m.slice(23).replace(/\.$/, '')}> sans balise ouvrante correspondante`;
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
 * Streams the events of an LHEO file: its root (version), then each `<formation>` as a tree.
 * `lheo/offres/formation` is all that is kept; other children of the root (its `extras`) are
 * skipped.
 */
export async function* readLheoXml(
  file: string,
  options: { label: string; onBytes?: (bytes: number) => void; input?: Iterable<Buffer> | AsyncIterable<Buffer> },
): AsyncGenerator<XmlEvent> {
  const { label } = options;
  const parser = new SaxesParser({ xmlns: true, position: true });
  // Name of the last entity looked up, for the message of an undefined one (saxes does not say).
  let lastEntity: string | undefined;
  const p = parser as unknown as { ENTITIES: Record<string, string> };
  p.ENTITIES = new Proxy(p.ENTITIES, {
    get(target, key) {
      if (typeof key === 'string') lastEntity = key;
      return target[key as string];
    },
  });

  const out: XmlEvent[] = [];
  const stack: El[] = [];
  let depth = 0;
  let rootNs = '';
  let formation: El | undefined;
  let skipped = 0;
  let failure: ImportError | undefined;

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
    failure ??= new ImportError(label, parser.line, reason, parser.column + 1);
    throw failure;
  });
  parser.on('doctype', () => out.push({ type: 'note', text: 'déclaration DOCTYPE ignorée (les DTD ne sont pas lues)' }));
  // Where the tag being read starts: saxes has read its name and the character after it.
  const where = { startLine: 1, startColumn: 1 };
  parser.on('opentagstart', (tag) => {
    where.startLine = parser.line;
    where.startColumn = Math.max(1, parser.column - tag.name.length - 1);
  });
  parser.on('opentag', (tag: SaxesTagNS) => {
    depth++;
    if (depth === 1) {
      if (tag.local !== 'lheo' || !(tag.uri in NAMESPACES)) {
        throw new ImportError(label, where.startLine,
          `élément racine <${tag.name}>${tag.uri ? ` (espace de noms ${tag.uri})` : ''} : un fichier LHEO commence par <lheo> ` +
          `dans l’espace de noms ${LHEO_NS_23} ou ${LHEO_NS_22}`, where.startColumn);
      }
      rootNs = tag.uri;
      out.push({ type: 'root', version: NAMESPACES[tag.uri], namespace: tag.uri, encoding });
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
    const el: El = { name: tag.local, ns: tag.uri, attrs: attributesOf(tag), kids: [], line: where.startLine, column: where.startColumn };
    if (formation) stack[stack.length - 1].kids.push(el);
    else formation = el;
    stack.push(el);
  });
  // saxes hands over each text run whole (it emits at the next markup). Whitespace-only runs
  // between elements mean nothing in LHEO: not kept, unless they follow a CDATA section.
  parser.on('text', (text) => {
    if (!stack.length) return;
    const kids = stack[stack.length - 1].kids;
    if (kids.length === 0 || typeof kids[kids.length - 1] !== 'string') {
      if (/^\s*$/.test(text)) return;
    }
    kids.push(text);
  });
  parser.on('cdata', (text) => {
    if (stack.length) stack[stack.length - 1].kids.push(text);
  });
  parser.on('closetag', (tag) => {
    lastClosed = tag.name;
    depth--;
    if (!formation) return;
    const el = stack.pop();
    if (stack.length === 0 && el) {
      out.push({ type: 'formation', el });
      formation = undefined;
    }
  });

  // 64 KB chunks: the offers of a chunk stay young for the garbage collector (measured: less peak
  // RSS than 256 KB, same speed).
  const input = options.input ?? fs.createReadStream(file, { highWaterMark: 64 * 1024 });
  let bytes = 0;
  let lines = 0;
  let decode: Decoder | undefined;
  let encoding = 'UTF-8';
  try {
    for await (const raw of input as AsyncIterable<Buffer>) {
      let chunk = raw;
      if (!decode) {
        if (chunk[0] === 0xfe && chunk[1] === 0xff || chunk[0] === 0xff && chunk[1] === 0xfe) {
          throw new ImportError(label, 1, 'fichier en UTF-16 : encodage non pris en charge (UTF-8 ou ISO-8859-1 attendu)', 1);
        }
        if (chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) chunk = chunk.subarray(3);
        encoding = declaredEncoding(chunk);
        decode = makeDecoder(label, encoding, () => lines);
      }
      const text = decode(chunk, false);
      if (text) parser.write(text);
      for (let i = chunk.indexOf(0x0a); i !== -1; i = chunk.indexOf(0x0a, i + 1)) lines++;
      bytes += raw.length;
      options.onBytes?.(bytes);
      if (out.length) yield* out.splice(0);
    }
    if (!decode) throw new ImportError(label, 1, 'fichier vide', 1);
    const tail = decode(Buffer.alloc(0), true);
    if (tail) parser.write(tail);
    parser.close();
    if (out.length) yield* out.splice(0);
  } catch (error) {
    if (error instanceof ImportError) throw error;
    if (failure) throw failure;
    const e = error as NodeJS.ErrnoException;
    if (e?.code === 'ENOENT') throw new ImportError(label, 0, 'fichier introuvable');
    throw error;
  } finally {
    if (input instanceof fs.ReadStream) input.destroy();
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
