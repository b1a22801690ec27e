/**
 * Texts of training offers (objectives, contents, expected results…) often carry a little HTML:
 * `<p>`, `<br>`, `<ul><li>`, `<b>`. This reads such a text into **blocks of plain strings**
 * (paragraphs and lists, with bold, italics and line breaks) for a page to render as its own
 * elements: nothing of the input is ever markup.
 *
 * Kept as structure: p, br, ul, ol, li, strong/b, em/i (headings, div and other blocks only end a
 * paragraph). Every other tag and every attribute is dropped, its text kept; the content of
 * script, style, iframe, object, svg, math, template, noscript, textarea, title, select is dropped
 * whole, as are comments, CDATA, doctypes and processing instructions. Entities are decoded
 * (named, decimal, hexadecimal). A text without any tag is plain text: a blank line separates
 * paragraphs and a newline is a line break. A text that is escaped HTML as a whole (`&lt;p&gt;…`,
 * as some feeds double-escape it) is read as HTML.
 *
 * Pure and linear in the length of the text.
 */

/** A run of text with one style; the text "\n" is a line break. */
export interface Span {
  text: string;
  strong?: true;
  em?: true;
}

export type Block = { type: 'paragraph'; spans: Span[] } | { type: 'list'; ordered: boolean; items: Span[][] };

/** Elements whose whole content is dropped. */
const DROPPED = new Set([
  'script',
  'style',
  'iframe',
  'object',
  'embed',
  'svg',
  'math',
  'template',
  'noscript',
  'noembed',
  'noframes',
  'textarea',
  'title',
  'select',
  'xmp',
  'plaintext',
  'head',
  'applet',
  'frameset',
]);

/** Elements that end a paragraph (their text becomes a paragraph of its own). */
const BLOCKS = new Set([
  'p',
  'div',
  'section',
  'article',
  'aside',
  'header',
  'footer',
  'main',
  'nav',
  'blockquote',
  'pre',
  'address',
  'figure',
  'figcaption',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'caption',
  'dl',
  'dt',
  'dd',
  'hr',
  'fieldset',
  'form',
  'details',
  'summary',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'center',
  'body',
  'html',
]);

const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);

// ---- entities -------------------------------------------------------------------------------------

const LATIN1 = (
  'nbsp iexcl cent pound curren yen brvbar sect uml copy ordf laquo not shy reg macr deg plusmn sup2 sup3 ' +
  'acute micro para middot cedil sup1 ordm raquo frac14 frac12 frac34 iquest Agrave Aacute Acirc Atilde Auml Aring ' +
  'AElig Ccedil Egrave Eacute Ecirc Euml Igrave Iacute Icirc Iuml ETH Ntilde Ograve Oacute Ocirc Otilde Ouml times ' +
  'Oslash Ugrave Uacute Ucirc Uuml Yacute THORN szlig agrave aacute acirc atilde auml aring aelig ccedil egrave eacute ' +
  'ecirc euml igrave iacute icirc iuml eth ntilde ograve oacute ocirc otilde ouml divide oslash ugrave uacute ucirc ' +
  'uuml yacute thorn yuml'
).split(' ');

const NAMED: Record<string, string> = Object.assign(Object.create(null) as Record<string, string>, {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  OElig: 'Œ',
  oelig: 'œ',
  Scaron: 'Š',
  scaron: 'š',
  Yuml: 'Ÿ',
  circ: 'ˆ',
  tilde: '˜',
  ensp: '\u2002',
  emsp: '\u2003',
  thinsp: '\u2009',
  zwnj: '\u200c',
  zwj: '\u200d',
  lrm: '',
  rlm: '',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  dagger: '†',
  Dagger: '‡',
  bull: '•',
  hellip: '…',
  permil: '‰',
  prime: '′',
  Prime: '″',
  lsaquo: '‹',
  rsaquo: '›',
  euro: '€',
  trade: '™',
  larr: '←',
  rarr: '→',
  uarr: '↑',
  darr: '↓',
  harr: '↔',
  le: '≤',
  ge: '≥',
  ne: '≠',
  asymp: '≈',
  infin: '∞',
  minus: '−',
  check: '✓',
  hearts: '♥',
  laquo: '«',
  raquo: '»',
  nnbsp: '\u202f',
  NewLine: '\n',
  Tab: '\t',
});
LATIN1.forEach((name, i) => (NAMED[name] = String.fromCharCode(160 + i)));

/** How browsers read the C1 range of a numeric reference (windows-1252). */
const C1: Record<number, string> = {
  0x80: '€',
  0x82: '‚',
  0x83: 'ƒ',
  0x84: '„',
  0x85: '…',
  0x86: '†',
  0x87: '‡',
  0x88: 'ˆ',
  0x89: '‰',
  0x8a: 'Š',
  0x8b: '‹',
  0x8c: 'Œ',
  0x8e: 'Ž',
  0x91: '‘',
  0x92: '’',
  0x93: '“',
  0x94: '”',
  0x95: '•',
  0x96: '–',
  0x97: '—',
  0x98: '˜',
  0x99: '™',
  0x9a: 'š',
  0x9b: '›',
  0x9c: 'œ',
  0x9e: 'ž',
  0x9f: 'Ÿ',
};

function fromCodePoint(cp: number): string {
  if (C1[cp]) return C1[cp];
  if (!Number.isFinite(cp) || cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
  // Other control characters mean nothing on a page.
  if ((cp < 0x20 && cp !== 0x09 && cp !== 0x0a && cp !== 0x0d) || (cp >= 0x7f && cp < 0xa0)) return '';
  return String.fromCodePoint(cp);
}

/** Decodes character references; an unknown name is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(?:#(\d{1,8})|#[xX]([0-9a-fA-F]{1,7})|([A-Za-z][A-Za-z0-9]{1,31}));/g, (all, dec, hex, name) => {
    if (dec !== undefined) return fromCodePoint(Number(dec));
    if (hex !== undefined) return fromCodePoint(parseInt(hex, 16));
    return NAMED[name] ?? all;
  });
}

// ---- blocks ---------------------------------------------------------------------------------------

class Builder {
  readonly blocks: Block[] = [];
  private paragraph: Span[] = [];
  private list: { ordered: boolean; items: Span[][] } | null = null;
  private listDepth = 0;
  private item: Span[] | null = null;
  private strong = 0;
  private em = 0;

  /** Where text goes now: the list item, or the paragraph. */
  private target(): Span[] {
    if (this.list) {
      this.item ??= [];
      return this.item;
    }
    return this.paragraph;
  }

  /** Text already decoded; whitespace collapsed as HTML does. */
  text(raw: string): void {
    let text = raw.replace(/[ \t\n\r\f]+/g, ' ');
    if (this.list && !this.item && text.trim() === '') return;
    const spans = this.target();
    const last = spans[spans.length - 1];
    // No space at the start of a block or a line, nor two in a row.
    if (!last || last.text === '\n' || last.text.endsWith(' ')) text = text.replace(/^ /, '');
    if (!text) return;
    const style: Span = { text };
    if (this.strong) style.strong = true;
    if (this.em) style.em = true;
    if (last && last.text !== '\n' && !!last.strong === !!style.strong && !!last.em === !!style.em) last.text += text;
    else spans.push(style);
  }

  lineBreak(): void {
    const spans = this.target();
    const last = spans[spans.length - 1];
    if (!last) return;
    if (last.text === '\n') {
      // Two breaks in a row: a new paragraph (in a list, one break is enough).
      if (!this.list) this.endParagraph();
      return;
    }
    spans.push({ text: '\n' });
  }

  /** A block element starts or ends: in a list item, a line break; elsewhere, a new paragraph. */
  blockBoundary(): void {
    if (this.list) {
      if (this.item?.length) this.lineBreak();
    } else this.endParagraph();
  }

  bold(delta: 1 | -1): void {
    this.strong = Math.max(0, this.strong + delta);
  }

  italic(delta: 1 | -1): void {
    this.em = Math.max(0, this.em + delta);
  }

  openList(ordered: boolean): void {
    if (this.list) {
      // A nested list: its items follow in the same list.
      this.endItem();
      this.listDepth++;
      return;
    }
    this.endParagraph();
    this.list = { ordered, items: [] };
    this.listDepth = 1;
  }

  closeList(): void {
    if (!this.list) return;
    this.endItem();
    if (--this.listDepth > 0) return;
    if (this.list.items.length) this.blocks.push({ type: 'list', ordered: this.list.ordered, items: this.list.items });
    this.list = null;
  }

  openItem(): void {
    if (!this.list) this.openList(false);
    this.endItem();
    this.item = [];
  }

  endItem(): void {
    if (!this.list || !this.item) return;
    const spans = trim(this.item);
    if (spans.length) this.list.items.push(spans);
    this.item = null;
  }

  endParagraph(): void {
    const spans = trim(this.paragraph);
    if (spans.length) this.blocks.push({ type: 'paragraph', spans });
    this.paragraph = [];
  }

  finish(): Block[] {
    while (this.list) this.closeList();
    this.endParagraph();
    return this.blocks;
  }
}

/** Without line breaks or spaces at either end. */
function trim(spans: Span[]): Span[] {
  const out = spans.filter((s) => s.text !== '');
  while (out.length && out[out.length - 1].text === '\n') out.pop();
  while (out.length && out[0].text === '\n') out.shift();
  if (out.length) {
    out[0] = { ...out[0], text: out[0].text.replace(/^ +/, '') };
    const l = out.length - 1;
    out[l] = { ...out[l], text: out[l].text.replace(/ +$/, '') };
  }
  return out.filter((s) => s.text !== '');
}

/** `<` that opens markup in HTML: a tag, an end tag, a comment or declaration, a processing instruction. */
const MARKUP = /<[A-Za-z/!?]/;
const ESCAPED_HTML = /&lt;\/?(?:p|br|ul|ol|li|b|strong|em|i|div|span|h[1-6])\b[^&]*?\/?&gt;/i;

function plainText(text: string): Block[] {
  const b = new Builder();
  for (const paragraph of decodeEntities(text).split(/\r?\n[ \t]*(?:\r?\n[ \t]*)+/)) {
    paragraph.split(/\r?\n/).forEach((line, i) => {
      if (i > 0) b.lineBreak();
      b.text(line);
    });
    b.endParagraph();
  }
  return b.finish();
}

/** Index just past the `>` that ends the tag starting at `from`, quotes respected; -1 when none. */
function tagEnd(s: string, from: number): number {
  let quote = '';
  for (let i = from; i < s.length; i++) {
    const c = s[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '>') return i + 1;
  }
  return -1;
}

/**
 * Reads a text that may contain a little HTML into blocks of plain strings (see the module's
 * comment). Empty when the text has nothing to show.
 */
export function richText(input: string | null | undefined): Block[] {
  if (!input) return [];
  let s = input;
  if (!MARKUP.test(s)) {
    if (!ESCAPED_HTML.test(s)) return plainText(s);
    // HTML escaped as a whole: unescape once, then read it as HTML (never as markup).
    s = decodeEntities(s);
  }
  const b = new Builder();
  let i = 0;
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const textEnd = lt === -1 ? s.length : lt;
    if (textEnd > i) b.text(decodeEntities(s.slice(i, textEnd)));
    if (lt === -1) break;
    const next = s[lt + 1] ?? '';
    if (s.startsWith('<!--', lt)) {
      const end = s.indexOf('-->', lt + 4);
      i = end === -1 ? s.length : end + 3;
      continue;
    }
    if (next === '!' || next === '?') {
      // Doctype, CDATA, processing instruction: dropped.
      const end = s.startsWith('<![CDATA[', lt) ? s.indexOf(']]>', lt) : s.indexOf('>', lt);
      i = end === -1 ? s.length : end + (s.startsWith('<![CDATA[', lt) ? 3 : 1);
      continue;
    }
    const closing = next === '/';
    const nameMatch = /^[A-Za-z][A-Za-z0-9:-]*/.exec(s.slice(lt + (closing ? 2 : 1), lt + (closing ? 2 : 1) + 64));
    if (!nameMatch) {
      if (closing) {
        // `</ …>` or `</>`: dropped, as a browser does.
        const end = s.indexOf('>', lt);
        i = end === -1 ? s.length : end + 1;
        continue;
      }
      // A `<` that opens nothing ("1 < 2") is text.
      b.text('<');
      i = lt + 1;
      continue;
    }
    const end = tagEnd(s, lt + 1);
    // A tag never closed: the rest is its attributes, dropped.
    if (end === -1) break;
    const name = nameMatch[0].toLowerCase();
    i = end;
    if (!closing && DROPPED.has(name)) {
      const close = new RegExp(`</${name}[\\s/>]`, 'ig');
      close.lastIndex = end;
      const m = close.exec(s + ' ');
      if (!m) break;
      const after = s.indexOf('>', m.index);
      i = after === -1 ? s.length : after + 1;
      continue;
    }
    if (name === 'br') b.lineBreak();
    else if (name === 'ul' || name === 'ol') {
      if (closing) b.closeList();
      else b.openList(name === 'ol');
    } else if (name === 'li') {
      if (closing) b.endItem();
      else b.openItem();
    } else if (name === 'b' || name === 'strong') b.bold(closing ? -1 : 1);
    else if (name === 'i' || name === 'em') b.italic(closing ? -1 : 1);
    else if (BLOCKS.has(name)) {
      b.blockBoundary();
      if (HEADINGS.has(name)) b.bold(closing ? -1 : 1);
    }
    // Any other tag: dropped, its text kept.
  }
  return b.finish();
}

/** The blocks as plain text (paragraphs separated by a blank line, items by "- "): for tests and logs. */
export function blocksToText(blocks: readonly Block[]): string {
  const spans = (x: Span[]) => x.map((s) => s.text).join('');
  return blocks
    .map((b) =>
      b.type === 'paragraph' ? spans(b.spans) : b.items.map((it, i) => `${b.ordered ? `${i + 1}.` : '-'} ${spans(it)}`).join('\n'),
    )
    .join('\n\n');
}
