import fs from 'node:fs';
import path from 'node:path';
import { isUtf8 } from 'node:buffer';
import { Transform, type TransformCallback } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import iconv from 'iconv-lite';
import { ImportError } from './errors.ts';

export type Encoding = 'utf-8' | 'iso-8859-15' | 'windows-1252';

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
 * declared encoding, unbalanced quotes, wrong column count, missing columns) throw an ImportError
 * naming the file and line: such a file is refused whole.
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
  const decoder = options.encoding === 'utf-8' ? strictUtf8(label) : singleByte(options.encoding);
  // Start line of each record, tracked synchronously as the parser goes (records may be buffered
  // ahead of the consumer, and an error discards them).
  let previousEnd = headerLine;
  const parser = parse({
    delimiter: options.delimiter ?? ',',
    quote: options.quoted === false ? false : '"',
    bom: true,
    from_line: headerLine,
    columns: (header: string[]) => {
      const names = header.map((h) => h.trim());
      const missing = options.columns.filter((c) => !names.includes(c));
      if (missing.length) {
        throw new ImportError(label, headerLine, `colonne(s) absente(s) de l'en-tête : ${missing.join(', ')}`);
      }
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
    for await (const row of parser as AsyncIterable<CsvRow>) yield row;
  } catch (error) {
    throw toImportError(error, label, previousEnd + 1);
  } finally {
    input.destroy();
  }
}

function toImportError(error: unknown, label: string, line: number): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    // An unclosed quote runs to the end of the file: name the line where its record starts.
    const at = error.code === 'CSV_QUOTE_NOT_CLOSED' ? line : (error as CsvError & { lines?: number }).lines ?? line;
    return new ImportError(label, at, csvReason(error));
  }
  const e = error as NodeJS.ErrnoException;
  if (e?.code === 'ENOENT') return new ImportError(label, 0, 'fichier introuvable');
  return new ImportError(label, line, e instanceof Error ? e.message : String(e));
}

function csvReason(error: CsvError): string {
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
      return 'guillemets déséquilibrés (caractère inattendu après un guillemet fermant)';
    default:
      return error.message;
  }
}

/**
 * Decodes whole lines (the tail after the last newline waits for the next chunk), so that a line
 * number is exact and CRLF can be folded to LF before parsing (csv-parse miscounts lines on CRLF
 * inside quoted fields).
 */
function lineDecoder(decode: (buf: Buffer, firstLine: number) => string): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  const emit = (buf: Buffer): string => {
    const text = decode(buf, line);
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) line++;
    return text.replace(/\r\n/g, '\n');
  };
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = data.lastIndexOf(0x0a);
      if (cut === -1) {
        carry = data;
        return done();
      }
      carry = Buffer.from(data.subarray(cut + 1));
      try {
        done(null, emit(data.subarray(0, cut + 1)));
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, carry.length ? emit(carry) : undefined);
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

/** UTF-8 that refuses invalid bytes and says on which line they are. */
function strictUtf8(label: string): Transform {
  return lineDecoder((buf, firstLine) => {
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

function singleByte(encoding: Encoding): Transform {
  return lineDecoder((buf) => iconv.decode(buf, encoding));
}
