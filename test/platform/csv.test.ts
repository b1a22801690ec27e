import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { readCsv, type CsvOptions } from '../../src/platform/import/csv.ts';
import { ImportError } from '../../src/platform/import/errors.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-test-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
function write(name: string, content: string | Buffer): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}
async function all(file: string, options: Partial<CsvOptions> = {}) {
  const rows = [];
  for await (const r of readCsv(file, { encoding: 'utf-8', columns: ['code', 'libelle'], ...options })) rows.push(r);
  return rows;
}
async function failure(file: string, options: Partial<CsvOptions> = {}): Promise<ImportError> {
  try {
    await all(file, options);
  } catch (error) {
    assert.ok(error instanceof ImportError, `ImportError attendue, reçu ${error}`);
    return error;
  }
  assert.fail('le fichier aurait dû être refusé');
}

test('reads quoted UTF-8 rows with a BOM, multi-line fields and their starting line', async () => {
  const file = write('ok.csv', '\uFEFF"code","libelle"\n"A1","Électricien / Électricienne"\n"A2","deux\nlignes"\n"A3","fin"\n');
  const rows = await all(file);
  assert.deepEqual(
    rows.map((r) => [r.line, r.row.code, r.row.libelle]),
    [
      [2, 'A1', 'Électricien / Électricienne'],
      [3, 'A2', 'deux\nlignes'],
      [5, 'A3', 'fin'],
    ],
  );
});

test('counts lines right with CRLF endings, also inside quoted fields', async () => {
  const file = write('crlf.csv', '"code","libelle"\r\n"A","ok"\r\n"B","deux\r\nlignes"\r\n"C","ok"\r\n');
  const rows = await all(file);
  assert.deepEqual(
    rows.map((r) => [r.line, r.row.code, r.row.libelle]),
    [
      [2, 'A', 'ok'],
      [3, 'B', 'deux\nlignes'],
      [5, 'C', 'ok'],
    ],
  );
  const bad = await failure(write('crlf-bad.csv', '"code","libelle"\r\n"A","ok"\r\n"B","ok","x"\r\n"C","ok"\r\n'));
  assert.equal(bad.line, 3);
});

test('decodes declared single-byte encodings (ISO-8859-15, Windows-1252)', async () => {
  const file = write('latin9.csv', iconv.encode('code;libelle\n1;Métiers de l’œuvre €\n', 'windows-1252'));
  const rows = await all(file, { encoding: 'windows-1252', delimiter: ';' });
  assert.equal(rows[0].row.libelle, 'Métiers de l’œuvre €');
  const file15 = write('latin15.csv', iconv.encode('code;libelle\n1;Cœur de métier €\n', 'iso-8859-15'));
  assert.equal((await all(file15, { encoding: 'iso-8859-15', delimiter: ';' }))[0].row.libelle, 'Cœur de métier €');
});

test('reads exports that never quote, where a double quote is an ordinary character', async () => {
  const file = write('unquoted.csv', 'code;libelle\n1;A REMPLACE LES MC "RECTIFICATION" de niveau 5\n2;ok\n');
  const rows = await all(file, { delimiter: ';', quoted: false });
  assert.deepEqual(
    rows.map((r) => [r.line, r.row.libelle]),
    [
      [2, 'A REMPLACE LES MC "RECTIFICATION" de niveau 5'],
      [3, 'ok'],
    ],
  );
  const bad = await failure(write('unquoted-bad.csv', 'code;libelle\n1;a;b\n'), { delimiter: ';', quoted: false });
  assert.equal(bad.line, 2);
});

test('starts at a header below metadata lines', async () => {
  const file = write('meta.csv', 'Projet,ESCO - ROME\nVersion,V1.4\n\ncode,libelle\nX,Y\n');
  const rows = await all(file, { headerLine: 4 });
  assert.deepEqual(
    rows.map((r) => [r.line, r.row.code]),
    [[5, 'X']],
  );
});

test('refuses invalid UTF-8 and names the line', async () => {
  const bytes = Buffer.concat([Buffer.from('code,libelle\nA,ok\nB,caf'), Buffer.from([0xe9]), Buffer.from('\nC,ok\n')]);
  const error = await failure(write('bad-utf8.csv', bytes));
  assert.equal(error.line, 3);
  assert.match(error.message, /^bad-utf8\.csv:3: .*UTF-8/);
});

test('refuses an unbalanced quote, a wrong column count and a truncated last line', async () => {
  const quote = await failure(write('quote.csv', 'code,libelle\nA,ok\n"B,"pas fermé\nC,ok\n'));
  assert.match(quote.message, /^quote\.csv:3: guillemets déséquilibrés/);
  const unclosed = await failure(write('unclosed.csv', 'code,libelle\nA,ok\nB,"jamais fermé\nC,ok\nD,ok\n'));
  assert.match(unclosed.message, /^unclosed\.csv:3: guillemet non fermé/);
  const columns = await failure(write('columns.csv', 'code,libelle\nA,ok\nB,ok,en trop\n'));
  assert.equal(columns.message.split(':').slice(0, 2).join(':'), 'columns.csv:3');
  assert.match(columns.reason, /nombre de colonnes/);
  const truncated = await failure(write('truncated.csv', '"code","libelle"\n"A","ok"\n"B","tronq'));
  assert.match(truncated.message, /^truncated\.csv:3: guillemet non fermé/);
});

test('refuses a header without the expected columns', async () => {
  const error = await failure(write('header.csv', 'code,label\nA,B\n'));
  assert.equal(error.line, 1);
  assert.match(error.reason, /libelle/);
});

test('refuses an empty file, a header without rows and a file under its floor', async () => {
  assert.equal((await failure(write('empty.csv', ''))).message, 'empty.csv:1: fichier vide');
  assert.equal((await failure(write('head.csv', 'code,libelle\n'))).message, 'head.csv:1: en-tête seul : aucune ligne de données');
  const few = write('few.csv', 'code,libelle\nA1,un\nA2,deux\n');
  assert.equal((await all(few, { minRows: 2 })).length, 2);
  assert.equal(
    (await failure(few, { minRows: 3 })).message,
    'few.csv:3: 2 ligne(s) de données seulement, or le fichier officiel en compte au moins 3 : fichier tronqué ?',
  );
});

test('refuses a line over the limit, in time linear in its length', async () => {
  const long = write('long.csv', `code,libelle\nA1,un\nA2,${'x'.repeat(3 << 20)}\nA3,trois\n`);
  const e = await failure(long);
  // Numbers are written the French way (narrow no-break spaces between thousands).
  assert.match(e.message, /^long\.csv:3: ligne de plus de 1\s048\s576 octets : fichier corrompu ou sans fins de ligne \?$/);
  // Just under the limit, on a line cut across many chunks: read whole.
  const big = write('big.csv', `code,libelle\nA1,${'y'.repeat((1 << 20) - 10)}\n`);
  assert.equal((await all(big))[0].row.libelle.length, (1 << 20) - 10);
});

test('csv-parse errors are said in French with the column name', async () => {
  const e = await failure(write('open.csv', 'code,libelle\nA1,ab"c\n'));
  assert.equal(
    e.message,
    'open.csv:2: guillemet inattendu au milieu d’un champ (colonne « libelle ») : un champ qui contient des guillemets doit être entre guillemets',
  );
  assert.doesNotMatch(e.message, /Invalid|Opening|Quote/);
});
