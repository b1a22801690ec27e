/**
 * Bounded memory whatever the LHEO file: a run of characters without markup past the limit (text,
 * attribute value, comment, CDATA), nesting too deep or one formation too big is refused with
 * file:line:column and a French reason before saxes gathers it. A 100 MB text node is refused in
 * its own process, in seconds and well under 600 MB, and the database is left as it was.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/app/database.ts';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { ImportError } from '../../src/platform/import/errors.ts';
import { readLheo } from '../../src/trainings/lheo/read.ts';
import { LIMITS, readXmlRoot } from '../../src/trainings/lheo/xml.ts';
import { snapshot } from '../helpers/tables.ts';
import { CATALOGUE, catalogueText, lineOf, tempDir, tempFile } from './lheo-helpers.ts';

const CHILD = fileURLToPath(new URL('./import-child.ts', import.meta.url));
const RUN =
  /plus de 1 000 000 caractères à la suite sans balise \(texte, valeur d’attribut, commentaire ou CDATA\) à partir d’ici : fichier refusé/;

async function refusal(file: string, what = ''): Promise<ImportError> {
  try {
    for await (const _ of readLheo(file, { label: 'offres.xml' })) {
      /* read through */
    }
  } catch (e) {
    assert.ok(e instanceof ImportError, `ImportError attendue, reçu ${e}`);
    return e;
  }
  assert.fail(`le fichier aurait dû être refusé ${what}`);
}

/** The catalogue with `insert` put right after the first occurrence of `after`. */
function withInsert(after: string, insert: string): { text: string; line: number; column: number } {
  const text = catalogueText();
  const at = text.indexOf(after) + after.length;
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  const column = at - before.lastIndexOf('\n');
  return { text: before + insert + text.slice(at), line, column };
}

test('a text node, an attribute value, a comment or a CDATA section past the limit is refused where it starts', async () => {
  const long = 'x'.repeat(LIMITS.run + 10);
  const cases: [string, string, string][] = [
    ['texte', '<lheo:objectif-formation>', long],
    ['texte d’entités', '<lheo:objectif-formation>', '&lt;p&gt;'.repeat(LIMITS.run / 9 + 10)],
    ['attribut', '<lheo:formation numero="PDL-0001"', ` commentaire="${long}"`],
    ['commentaire', '</lheo:intitule-formation>', `<!--${long}-->`],
    ['CDATA', '<lheo:contenu-formation>', `<![CDATA[${long}]]>`],
    ['avant la racine', '<?xml version="1.0" encoding="UTF-8"?>', '\n'.repeat(LIMITS.run + 10)],
  ];
  for (const [what, after, insert] of cases) {
    const { text, line, column } = withInsert(after, insert);
    const e = await refusal(tempFile('offres.xml', text), what);
    assert.match(e.reason, RUN, what);
    assert.equal(e.line, line, what);
    // The run starts right after the last markup read (in a start tag, after its name).
    if (what !== 'attribut') assert.equal(e.column, column, what);
    assert.match(e.message, new RegExp(`^offres\\.xml:${line}:\\d+: plus de`), what);
  }
  // Just under the limit is read: the bound is on the run, not on the file.
  const under = withInsert('<lheo:objectif-formation>', 'y'.repeat(LIMITS.run - 1000)).text;
  const items: string[] = [];
  for await (const item of readLheo(tempFile('offres.xml', under), { label: 'offres.xml' })) items.push(item.type);
  assert.ok(items.includes('invalid'), 'the offer is rejected (too long for the schema), the file is read');
});

test('nesting deeper than the limit, or one formation with too many elements, is refused', async () => {
  const deep = withInsert('<lheo:contenu-formation>', '<a>'.repeat(LIMITS.depth) + '</a>'.repeat(LIMITS.depth));
  const e = await refusal(tempFile('offres.xml', deep.text));
  assert.match(
    e.message,
    /^offres\.xml:\d+:\d+: éléments imbriqués sur plus de 100 niveaux \(LHEO en compte une quinzaine\) : fichier refusé$/,
  );
  const wide = withInsert('<lheo:contenu-formation>', '<b/>'.repeat(LIMITS.formationElements));
  const w = await refusal(tempFile('offres.xml', wide.text));
  assert.equal(w.line, lineOf(wide.text, '<lheo:formation numero="PDL-0001"'));
  assert.match(w.reason, /^<formation> trop volumineuse : plus de 200 000 éléments : fichier refusé$/);
  // The root sniff stops at the root: a file is recognised without reading it through.
  const root = await readXmlRoot(CATALOGUE, { label: 'x.xml' });
  assert.deepEqual([root.local, root.uri, root.line, root.column], ['lheo', 'http://lheo.gouv.fr/2.3', 3, 1]);
});

/** Writes the catalogue with a text node of `mb` MB in the first objective, streamed to disk. */
async function writeHugeText(file: string, mb: number): Promise<{ line: number; column: number }> {
  const { text, line, column } = withInsert('<lheo:objectif-formation>', '\u0000');
  const [head, tail] = text.split('\u0000');
  const out = fs.createWriteStream(file);
  const block = 'Réaliser l’installation électrique. '.repeat(1 << 15).slice(0, 1 << 20);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  await write(head);
  for (let i = 0; i < mb; i++) await write(block);
  await write(tail);
  out.end();
  await once(out, 'finish');
  return { line, column };
}

function child(args: string[], env: NodeJS.ProcessEnv): string {
  const r = spawnSync(process.execPath, ['--import', 'tsx', CHILD, ...args], { encoding: 'utf8', env, maxBuffer: 1 << 24 });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim().split('\n').pop()!;
}

test('a 100 MB text node is refused in its own process: file:line:column, under 60 s and 600 MB, database unchanged', {
  timeout: 300_000,
}, async (t) => {
  const dir = tempDir();
  const file = path.join(dir, 'offres-geantes.xml');
  const server = process.env.DATABASE_URL;
  const name = `test_${crypto.randomBytes(6).toString('hex')}`;
  const env = { ...process.env };
  if (server) env.DATABASE_URL = await createDatabase(server, name);
  const dbDir = path.join(dir, 'db');
  const open = () => openDatabase(env.DATABASE_URL ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: dbDir });
  try {
    child(['init', dbDir], env);
    // Something to keep: the same catalogue, under the same source name.
    const keep = path.join(dir, 'offres-geantes.xml');
    fs.copyFileSync(CATALOGUE, keep);
    assert.equal(JSON.parse(child(['import', keep, dbDir], env)).offers, 3);
    let h = await open();
    const before = await snapshot(h.db);
    await h.close();

    const { line, column } = await writeHugeText(file, 100);
    assert.ok(fs.statSync(file).size > 100e6);
    const r = JSON.parse(child(['import', file, dbDir], env));
    fs.rmSync(file);
    assert.ok(r.refused, JSON.stringify(r));
    t.diagnostic(
      `refusé en ${r.seconds.toFixed(2)} s, RSS max ${r.peakRssMb.toFixed(0)} Mo (${r.rssAfterOpenMb.toFixed(0)} Mo base ouverte)`,
    );
    assert.match(r.refused, new RegExp(`^offres-geantes\\.xml:${line}:${column}: `));
    assert.match(r.refused, RUN);
    assert.ok(r.seconds < 60, `refusé en ${r.seconds.toFixed(1)} s`);
    assert.ok(r.peakRssMb < 600, `RSS max ${r.peakRssMb.toFixed(0)} Mo`);

    h = await open();
    assert.deepEqual(await snapshot(h.db), before);
    await h.close();
  } finally {
    fs.rmSync(file, { force: true });
    if (server) await dropDatabase(server, name);
  }
});
