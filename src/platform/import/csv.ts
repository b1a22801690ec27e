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
  const parser = parse({
    delimiter: options.delimiter ?? ',',
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
    info: true,
    skip_empty_lines: true,
    relax_column_count: false,
  });
  // Errors from any stage of the pipe surface through the parser's async iterator.
  input.on('error', (e) => parser.destroy(e));
  decoder.on('error', (e) => parser.destroy(e));
  input.pipe(decoder).pipe(parser);

  let previousEnd = headerLine;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      yield { line: previousEnd + 1, row: record };
      previousEnd = info.lines;
    }
  } catch (error) {
    throw toImportError(error, label, previousEnd + 1);
  } finally {
    input.destroy();
  }
}

function toImportError(error: unknown, label: string, line: number): ImportError {
  if (error instanceof ImportError) return error;
  if (error instanceof CsvError) {
    const at = (error as CsvError & { lines?: number }).lines ?? line;
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
 * UTF-8 decoding that refuses invalid bytes and says on which line they are. Works on whole lines
 * (the tail after the last newline waits for the next chunk), so a line number is exact.
 */
function strictUtf8(label: string): Transform {
  let carry: Buffer = Buffer.alloc(0);
  let line = 1;
  const decode = (buf: Buffer): string => {
    if (!isUtf8(buf)) {
      let start = 0;
      for (let l = line; ; l++) {
        const end = buf.indexOf(0x0a, start);
        const piece = buf.subarray(start, end === -1 ? buf.length : end);
        if (!isUtf8(piece)) throw new ImportError(label, l, 'octets invalides pour l’encodage UTF-8 déclaré');
        if (end === -1) break;
        start = end + 1;
      }
    }
    const text = buf.toString('utf8');
    for (let i = buf.indexOf(0x0a); i !== -1; i = buf.indexOf(0x0a, i + 1)) line++;
    return text;
  };
  return new Transform({
    readableObjectMode: false,
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      const data = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const cut = data.lastIndexOf(0x0a);
      if (cut === -1) {
        carry = data;
        return done();
      }
      carry = Buffer.from(data.subarray(cut + 1));
      try {
        done(null, decode(data.subarray(0, cut + 1)));
      } catch (e) {
        done(e as Error);
      }
    },
    flush(done: TransformCallback) {
      try {
        done(null, carry.length ? decode(carry) : undefined);
      } catch (e) {
        done(e as Error);
      }
    },
  });
}

function singleByte(encoding: Encoding): Transform {
  return new Transform({
    transform(chunk: Buffer, _enc, done: TransformCallback) {
      done(null, iconv.decode(chunk, encoding));
    },
  });
}
