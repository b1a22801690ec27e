import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportError } from './errors.ts';

export type Encoding = 'utf-8' | 'iso-8859-15' | 'windows-1252';

/**
 * No official CSV of the bundle has a line over 20,000 characters: a line past 1 MiB is a damaged
 * file (or one without line ends), refused before it fills memory.
 */
export const MAX_LINE_BYTES = 1 << 20;
/** Same bound for a record, whose quoted fields may span several lines. */
export const MAX_RECORD_CHARS = 1 << 20;

export interface CsvOptions {
  /** Declared, never guessed: one official ROME file named `_utf8` is ISO-8859-15. */
  encoding: Encoding;
  delimiter?: string;
  /** 1-based line of the header (metadata lines above it are skipped). */
  headerLine?: number;
  /** Columns that must be in the header. */
  columns: readonly string[];
  /**
   * False for exports that never quote (Certif Info, BCN): a double quote there is an ordinary
   * character, and each line is one record.
   */
  quoted?: boolean;
  /** Name used in error messages (defaults to the path relative to the bundle). */
  label?: string;
  /** Fewer data rows than this refuses the file (the floor of an official file). */
  minRows?: number;
  /** Longest physical line accepted, in bytes (default MAX_LINE_BYTES). */
  maxLineBytes?: number;
  /** Called with the number of bytes read so far, for progress bars. */
  onBytes?: (bytes: number) => void;
}

export interface CsvRow {
  /** 1-based line where the record starts. */
  line: number;
  row: Record<string, string>;
}

/**
 * Streams a CSV file as objects keyed by header names. Structural faults (invalid bytes for the
 * declared encoding, unbalanced quotes, wrong column count, missing columns, a line or record over
 * its limit) and files without data (empty, header only, fewer rows than `minRows`) throw an
 * ImportError naming the file and line: such a file is refused whole. Memory stays bounded by the
 * line and record limits whatever the input.
 */
export async function* readCsv(file: string, options: CsvOptions): AsyncGenerator<CsvRow> {
  const label = options.label ?? path.basename(file);
  const headerLine = options.headerLine ?? 1;
  const input = fs.createReadStream(file);
  let bytes = 0;
  if (options.onBytes) {
    input.on('data', (chunk) => {
      bytes += chunk.length;
      options.onBytes!(bytes);
    });
  }
  const maxLine = options.maxLineBytes ?? MAX_LINE_BYTES;
  const decoder = options.encoding === 'utf-8' ? strictUtf8(label, maxLine) : singleByte(options.encoding, label, maxLine);
  // Start line of each record, tracked synchronously as the parser goes (records may be buffered
  // ahead of the consumer, and an error discards them).
  let previousEnd = headerLine;
  let header: string[] | undefined;
  let rows = 0;
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    quote: options.quoted === false ? false : '"',
    bom: true,
    from_line: headerLine,
    max_record_size: MAX_RECORD_CHARS,
    columns: (head: string[]) => {
      const names = head.map((h) => h.trim());
      const missing = options.columns.filter((c) => !names.includes(c));
      if (missing.length) {
        throw new ImportError(label, headerLine, `colonne(s) absente(s) de l'en-tête : ${missing.join(', ')}`);
      }
      header = names;
      return names;
    },
    on_record: (record: Record<string, string>, context: { lines: number }) => {
      const row: CsvRow = { line: previousEnd + 1, row: record };
      previousEnd = context.lines;
      return row;
    },
    skip_empty_lines: true,
    relax_column_count: false,
  });
  // Errors from any stage of the pipe surface through the parser's async iterator.
  input.on('error', (e) => parser.destroy(e));
  decoder.on('error', (e) => parser.destroy(e));
  input.pipe(decoder).pipe(parser);

  try {
    for await (const row of parser as AsyncIterable<CsvRow>) {
      rows++;
      yield row;
    }
  } catch (error) {
    throw toImportError(error, label, previousEnd + 1, header);
  } finally {
    input.destroy();
  }
  if (!header)
    throw new ImportError(label, headerLine, headerLine > 1 ? `fichier vide : pas d’en-tête à la ligne ${headerLine}` : 'fichier vide');
  if (rows === 0) throw new ImportError(label, headerLine, 'en-tête seul : aucune ligne de données');
  if (options.minRows && rows < options.minRows) {
    throw new ImportError(
      label,
      previousEnd,
      `${rows} ligne(s) de données seulement, or le fichier officiel en compte au moins ${options.minRows} : fichier tronqué ?`,
    );
  }
}

type CsvErrorInfo = CsvError & { lines?: number; index?: number; column?: string | number };

function toImportError(error: unknown, label: string, line: number, header: string[] | undefined): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    const e = error as CsvErrorInfo;
    // An unclosed quote runs to the end of the file: name the line where its record starts.
    const at = e.code === 'CSV_QUOTE_NOT_CLOSED' ? line : (e.lines ?? line);
    // A CSV column is a field, not a character position: named in the reason, `file:line: reason`.
    const index = typeof e.index === 'number' ? e.index : typeof e.column === 'number' ? e.column : undefined;
    const name = typeof e.column === 'string' ? e.column : index !== undefined ? header?.[index] : undefined;
    return new ImportError(label, at, csvReason(e, name));
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new ImportError(label, 0, 'fichier introuvable');
  return new ImportError(label, line, e instanceof Error ? e.message : String(e));
}

/** French reasons for every csv-parse error a file can cause (its own messages are in English). */
function csvReason(error: CsvError, column: string | undefined): string {
  const field = column ? ` (colonne « ${column} »)` : '';
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'guillemet non fermé (ligne tronquée ou guillemets déséquilibrés)';
    case 'CSV_RECORD_INCONSISTENT_FIELDS_LENGTH':
    case 'CSV_RECORD_INCONSISTENT_COLUMNS': {
      const m = /length is (\d+), got (\d+)/.exec(error.message);
      return m ? `nombre de colonnes incorrect (${m[1]} attendues, ${m[2]} trouvées)` : 'nombre de colonnes incorrect';
    }
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return `guillemets déséquilibrés (caractère inattendu après un guillemet fermant)${field}`;
    case 'INVALID_OPENING_QUOTE':
      return `guillemet inattendu au milieu d’un champ${field} : un champ qui contient des guillemets doit être entre guillemets`;
    case 'CSV_MAX_RECORD_SIZE':
      return `enregistrement de plus de ${MAX_RECORD_CHARS.toLocaleString('fr-FR')} caractères${field} : guillemet non fermé ou fichier corrompu ?`;
    case 'CSV_OPTION_COLUMNS_MISSING_NAME':
    case 'CSV_INVALID_COLUMN_MAPPING':
      return 'en-tête invalide : une colonne n’a pas de nom';
    default:
      return `structure CSV invalide (${error.code})`;
  }
}

/**
 * Decodes whole lines (the tail after the last newline waits for the next chunk), so that a line
 * number is exact and CRLF can be folded to LF before parsing (csv-parse miscounts lines on CRLF
 * inside quoted fields).
 */
function lineDecoder(label: string, maxLineBytes: number, decode: (buf: Buffer, firstLine: number) => string): Transform {
  // The unfinished line, as the chunks it spans: joined once, when its end arrives (joining on
  // every chunk would copy a long line over and over).
  let carry: Buffer[] = [];
  let carried = 0;
  let line = 1;
  const emit = (buf: Buffer): string => {
    const text = decode(buf, line);
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) line++;
    return text.replace(/\r\n/g, '\n');
  };
  const tooLong = () =>
    new ImportError(
      label,
      line,
      `ligne de plus de ${maxLineBytes.toLocaleString('fr-FR')} octets : fichier corrompu ou sans fins de ligne ?`,
    );
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const cut = chunk.lastIndexOf(0x0a);
      if (cut === -1) {
        carry.push(chunk);
        carried += chunk.length;
        return done(carried > maxLineBytes ? tooLong() : undefined);
      }
      const head = carried ? Buffer.concat([...carry, chunk.subarray(0, cut + 1)]) : chunk.subarray(0, cut + 1);
      const rest = chunk.subarray(cut + 1);
      carry = rest.length ? [Buffer.from(rest)] : [];
      carried = rest.length;
      try {
        // A complete line longer than the limit (lines shorter than a chunk are measured here).
        let start = 0;
        for (let i = head.indexOf(0x0a); i !== -1; i = head.indexOf(0x0a, i + 1)) {
          if (i - start > maxLineBytes) {
            line += head.subarray(0, start).filter((b) => b === 0x0a).length;
            throw tooLong();
          }
          start = i + 1;
        }
        done(null, emit(head));
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, carried ? emit(Buffer.concat(carry)) : undefined);
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** UTF-8 that refuses invalid bytes and says on which line they are. */
function strictUtf8(label: string, maxLineBytes: number): Transform {
  return lineDecoder(label, maxLineBytes, (buf, firstLine) => {
    if (!isUtf8(buf)) {
      let start = 0;
      for (let l = firstLine; ; l++) {
        const end = buf.indexOf(0x0a, start);
        const piece = buf.subarray(start, end === -1 ? buf.length : end);
        if (!isUtf8(piece)) throw new ImportError(label, l, 'octets invalides pour l’encodage UTF-8 déclaré');
        if (end === -1) break;
        start = end + 1;
      }
    }
    return buf.toString('utf8');
  });
}

function singleByte(encoding: Encoding, label: string, maxLineBytes: number): Transform {
  return lineDecoder(label, maxLineBytes, (buf) => iconv.decode(buf, encoding));
}
