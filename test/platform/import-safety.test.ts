/**
 * Imports that never lose data: each case damages a copy of the project's sample (or adds a file
 * to it), runs the real CLI (`passerelles data import … --json`) in its own process on a database
 * that holds the sample, and checks what an operator would see and what the database keeps:
 * exit status, the French message with file and line, the peak memory of the process, and a
 * signature of every table (unchanged when the file is refused; unchanged but for the import log
 * when the damage only costs rows or is harmless, like a BOM or CRLF line ends).
 * Runs on PGlite, or on PostgreSQL when DATABASE_URL is set.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openDatabase } from '../../src/app/database.ts';
import { createDatabase, dropDatabase } from '../../src/platform/db/admin.ts';
import { importBundle, SAMPLE_DIR } from '../../src/app/data.ts';
import { IMPORT_LOG, snapshot } from '../helpers/tables.ts';

// The real command, launcher included (it caps the heap of imports).
const CLI = fileURLToPath(new URL('../../bin/passerelles.js', import.meta.url));
const IMPORT_HEAP = '--max-old-space-size=256';
const PEAK_RSS = fileURLToPath(new URL('../helpers/peak-rss.mjs', import.meta.url));
/**
 * Every case must stay under 600 MB (asserted) and 60 s (printed at the end, not asserted: these
 * machines are shared, and a time limit in a test fails on a loaded one).
 */
const MAX_RSS_MB = 600;

const server = process.env.DATABASE_URL;
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-safety-'));
let template = '';
let full: Record<string, string> = {};
let content: Record<string, string> = {};

before(async () => {
  // The sample, imported once: every case starts from a copy of it.
  if (server) {
    template = `tpl_safety_${crypto.randomBytes(4).toString('hex')}`;
    const h = await openDatabase({ databaseUrl: await createDatabase(server, template) });
    await importBundle(h.db, SAMPLE_DIR);
    full = await snapshot(h.db);
    await h.close();
  } else {
    template = path.join(work, 'template-db');
    const h = await openDatabase({ pgliteDir: template });
    await importBundle(h.db, SAMPLE_DIR);
    full = await snapshot(h.db);
    await h.close();
  }
  content = Object.fromEntries(Object.entries(full).filter(([t]) => !IMPORT_LOG.includes(t)));
});

after(async () => {
  process.stdout.write(
    `# import-safety (${server ? 'PostgreSQL' : 'PGlite'}) durée et mémoire max par cas :\n${measured.map((m) => `#   ${m}`).join('\n')}\n`,
  );
  if (server && template) await dropDatabase(server, template);
  fs.rmSync(work, { recursive: true, force: true });
});

interface Outcome {
  /** The case (its folder's name). */
  name: string;
  status: number | null;
  json: {
    status: string;
    message?: string;
    files: { file: string; read: number; rejected: number; rejects: unknown[]; notes: string[] }[];
  };
  stderr: string;
  peakMb: number;
  seconds: number;
  tables: Record<string, string>;
}

/** A copy of the sample's folders, to damage. */
function bundle(name: string, folders: string[]): string {
  const dir = path.join(work, name);
  for (const f of folders) fs.cpSync(path.join(SAMPLE_DIR, f), path.join(dir, f), { recursive: true });
  return dir;
}

/** Runs `passerelles data import --from DIR --json …` on a fresh copy of the sample database. */
async function importCli(dir: string, args: string[]): Promise<Outcome> {
  const env: NodeJS.ProcessEnv = { ...process.env, PASSERELLES_DATA_DIR: '' };
  let dbName = '';
  const dbDir = path.join(work, `db-${crypto.randomBytes(4).toString('hex')}`);
  if (server) {
    dbName = `test_${crypto.randomBytes(6).toString('hex')}`;
    env.DATABASE_URL = await createDatabase(server, dbName, template);
  } else {
    fs.cpSync(template, dbDir, { recursive: true });
    env.PASSERELLES_DB = dbDir;
  }
  try {
    const started = Date.now();
    // With the heap cap bin/passerelles.js gives imports, so that it does not start a second process.
    const child = spawn(process.execPath, [IMPORT_HEAP, '--import', PEAK_RSS, CLI, 'data', 'import', '--from', dir, '--json', ...args], {
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d) => (stderr += d));
    const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const seconds = (Date.now() - started) / 1000;
    // One process (the heap cap is given, so the launcher runs the import itself): one peak.
    const peaks = [...stderr.matchAll(/peak-rss-mb (\d+)/g)].map((m) => Number(m[1]));
    assert.equal(peaks.length, 1, `pas de mesure de mémoire (le processus a-t-il planté ?) :\n${stderr.slice(-2000)}`);
    let json: Outcome['json'];
    try {
      json = JSON.parse(stdout);
    } catch {
      assert.fail(`sortie --json illisible (${status}) :\n${stdout.slice(0, 500)}\n${stderr.slice(-2000)}`);
    }
    const h = await openDatabase(server ? { databaseUrl: env.DATABASE_URL } : { pgliteDir: dbDir });
    const tables = await snapshot(h.db);
    await h.close();
    return { name: path.basename(dir), status, json, stderr, peakMb: Math.max(...peaks), seconds, tables };
  } finally {
    if (server) await dropDatabase(server, dbName);
    else fs.rmSync(dbDir, { recursive: true, force: true });
  }
}

function withoutLog(tables: Record<string, string>) {
  return Object.fromEntries(Object.entries(tables).filter(([t]) => !IMPORT_LOG.includes(t)));
}

const measured: string[] = [];

function bounded(o: Outcome): void {
  measured.push(`${o.name} : ${o.seconds.toFixed(1)} s, ${o.peakMb} Mo, ${o.json.status}`);
  assert.ok(o.peakMb < MAX_RSS_MB, `mémoire max ${o.peakMb.toFixed(0)} Mo`);
}

/** A refused import: exit 1, the message in French with file and line, not one table changed. */
function refused(o: Outcome, message: RegExp): void {
  assert.equal(o.status, 1, o.stderr.slice(-1000));
  assert.equal(o.json.status, 'refusé');
  assert.match(o.json.message!, message);
  assert.deepEqual(o.tables, full, 'la base a changé');
  bounded(o);
}

/** An accepted import whose damage cost nothing: exit 0, same content, only the import log grew. */
function sameContent(o: Outcome): void {
  assert.equal(o.status, 0, o.stderr.slice(-1000));
  assert.equal(o.json.status, 'importé');
  assert.deepEqual(withoutLog(o.tables), content, 'le contenu a changé');
  bounded(o);
}

const ROME = 'rome';
const FICHES = 'rome/unix_referentiel_code_rome_v000_utf8.csv';
const APPELLATIONS = 'rome/unix_referentiel_appellation_v000_utf8.csv';
const LIENS = 'rome/unix_liens_rome_referentiels_v000_utf8.csv';
const ROME_ONLY = ['--only', 'rome', '--sample'];

function edit(dir: string, file: string, change: (text: string) => string | Buffer): void {
  const p = path.join(dir, file);
  fs.writeFileSync(p, change(fs.readFileSync(p, 'utf8')));
}

const cases: { name: string; run: (dir: string) => Promise<void> }[] = [];
const csvCase = (name: string, file: string, damage: (text: string) => string | Buffer, check: (o: Outcome) => void, args = ROME_ONLY) =>
  cases.push({
    name,
    run: async (dir) => {
      edit(dir, file, damage);
      check(await importCli(dir, args));
    },
  });

csvCase(
  'empty file',
  FICHES,
  () => '',
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:1: fichier vide$/),
);
csvCase(
  'header only',
  FICHES,
  (t) => t.split('\n')[0] + '\n',
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:1: en-tête seul : aucune ligne de données$/),
);
csvCase(
  'truncated last line',
  APPELLATIONS,
  (t) => t.trimEnd().slice(0, -20),
  (o) => refused(o, /^rome\/unix_referentiel_appellation_v000_utf8\.csv:\d+: guillemet non fermé/),
);
csvCase(
  'unclosed quote',
  APPELLATIONS,
  (t) => t.replace('"991002","Agent', '"991002","Agent"x'),
  (o) =>
    refused(o, /^rome\/unix_referentiel_appellation_v000_utf8\.csv:3: guillemets déséquilibrés .*colonne « libelle_appellation_long »/),
);
csvCase(
  'quote inside an unquoted field',
  LIENS,
  (t) => t.replace('"A1203","2","","991001"', 'A1203,2,ab"c,991001'),
  (o) => refused(o, /^rome\/unix_liens_rome_referentiels_v000_utf8\.csv:3: guillemet inattendu au milieu d’un champ/),
);
csvCase(
  'wrong column count',
  FICHES,
  (t) => t.replace('"D1101","1102"', '"D1101","x","1102"'),
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:3: nombre de colonnes incorrect \(10 attendues, 11 trouvées\)$/),
);
csvCase(
  'invalid UTF-8',
  FICHES,
  (t) =>
    Buffer.concat([
      Buffer.from(t.split('\n').slice(0, 3).join('\n') + '\n'),
      Buffer.from([0xff, 0xfe]),
      Buffer.from(t.split('\n').slice(3).join('\n')),
    ]),
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:4: octets invalides pour l’encodage UTF-8 déclaré$/),
);
csvCase(
  'Latin-1 declared as UTF-8',
  FICHES,
  (t) => Buffer.from(t, 'latin1'),
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:\d+: octets invalides pour l’encodage UTF-8 déclaré$/),
);
csvCase('BOM', FICHES, (t) => `\uFEFF${t}`, sameContent);
csvCase('CRLF line ends', APPELLATIONS, (t) => t.replace(/\n/g, '\r\n'), sameContent);
csvCase(
  'duplicate code',
  FICHES,
  (t) => t + t.split('\n')[2] + '\n',
  (o) => {
    sameContent(o);
    const r = o.json.files.find((f) => f.file === FICHES)!;
    assert.equal(r.rejected, 1);
    assert.match(JSON.stringify(r.rejects), /doublon de la ligne 3 \(clé D1101\)/);
  },
);
csvCase(
  'file under its official floor (not a sample)',
  FICHES,
  (t) => t,
  (o) =>
    refused(
      o,
      /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:\d+: \d+ ligne\(s\) de données seulement, or le fichier officiel en compte au moins 1000 : fichier tronqué \?$/,
    ),
  ['--only', 'rome'],
);
csvCase(
  'referential shrinking by half',
  LIENS,
  (t) =>
    t
      .split('\n')
      .filter((_, i) => i % 2 === 0)
      .join('\n') + '\n',
  (o) => refused(o, /^rome\/unix_liens_rome_referentiels_v000_utf8\.csv:0: ce fichier retirerait \d+ des \d+ .*--allow-shrink/),
);
csvCase(
  'every row rejected',
  FICHES,
  (t) =>
    t.split('\n')[0] +
    '\n' +
    t
      .split('\n')
      .slice(1)
      .filter(Boolean)
      .map((l) => l.replace(/^"[A-Z]\d{4}"/, '"??"'))
      .join('\n') +
    '\n',
  (o) => refused(o, /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:0: aucune ligne valide/),
);

cases.push({
  name: 'a 200 MB line without a line end',
  run: async (dir) => {
    const file = path.join(dir, FICHES);
    const out = fs.openSync(file, 'a');
    const chunk = Buffer.alloc(1 << 20, 'x');
    for (let i = 0; i < 200; i++) fs.writeSync(out, chunk);
    fs.closeSync(out);
    refused(await importCli(dir, ROME_ONLY), /^rome\/unix_referentiel_code_rome_v000_utf8\.csv:\d+: ligne de plus de 1\s048\s576 octets/);
  },
});

cases.push({
  name: 'a million bad rows among good ones',
  run: async (dir) => {
    const file = path.join(dir, APPELLATIONS);
    const out = fs.openSync(file, 'a');
    const bad = '1,x,x,Z9999,,N,N,N,N,SYNONYME,,Z9999,N\n';
    const block = bad.repeat(10_000);
    for (let i = 0; i < 100; i++) fs.writeSync(out, block);
    fs.closeSync(out);
    const o = await importCli(dir, ROME_ONLY);
    sameContent(o);
    const r = o.json.files.find((f) => f.file === APPELLATIONS)!;
    assert.equal(r.rejected, 1_000_000);
    assert.equal(r.rejects.length, 1000, 'les 1 000 premiers rejets sont gardés, les autres comptés');
  },
});

const LHEO_OK = fileURLToPath(new URL('../fixtures/lheo/offres-pays-de-la-loire-2.3.xml', import.meta.url));
const xmlCase = (name: string, content: () => string, message: RegExp) =>
  cases.push({
    name,
    run: async (dir) => {
      fs.mkdirSync(path.join(dir, 'formations'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'formations', 'offres-abimees.xml'), content());
      refused(await importCli(dir, ['--only', 'lheo']), message);
    },
  });
const lheo = (body: string, doctype = '') =>
  `<?xml version="1.0" encoding="UTF-8"?>\n${doctype}<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>${body}</offres></lheo>\n`;

xmlCase('empty LHEO file', () => '', /^formations\/offres-abimees\.xml:\d+(:\d+)?: .*vide/);
xmlCase(
  'external entity',
  () => lheo('<formation>&xxe;</formation>', '<!DOCTYPE lheo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'),
  /^formations\/offres-abimees\.xml:\d+:\d+: entité non déclarée « &xxe; »/,
);
xmlCase(
  'entity expansion',
  () =>
    lheo(
      '<formation>&lol9;</formation>',
      `<!DOCTYPE lheo [<!ENTITY lol "lol">${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i || ''};`.repeat(10)}">`).join('')}]>\n`,
    ),
  /^formations\/offres-abimees\.xml:\d+:\d+: entité non déclarée « &lol9; »/,
);
xmlCase(
  'malformed XML',
  () => fs.readFileSync(LHEO_OK, 'utf8').replace('</lheo:offres>', '</lheo:formation></lheo:offres>'),
  /^formations\/offres-abimees\.xml:\d+:\d+: balise fermante/,
);

cases.push({
  name: 'a 100 MB text node',
  run: async (dir) => {
    fs.mkdirSync(path.join(dir, 'formations'), { recursive: true });
    const file = path.join(dir, 'formations', 'offres-abimees.xml');
    const text = fs.readFileSync(LHEO_OK, 'utf8');
    const at = text.indexOf('<lheo:objectif-formation>') + '<lheo:objectif-formation>'.length;
    const [head, tail] = [text.slice(0, at), text.slice(at)];
    const out = fs.openSync(file, 'w');
    fs.writeSync(out, head);
    const chunk = 'Objectif sans fin. '.repeat(1 << 16);
    for (let written = 0; written < 100e6; written += chunk.length) fs.writeSync(out, chunk);
    fs.writeSync(out, tail);
    fs.closeSync(out);
    refused(await importCli(dir, ['--only', 'lheo']), /^formations\/offres-abimees\.xml:\d+:\d+: .*texte/);
  },
});

// Two cases at a time: each is mostly a child process waiting on its own core.
describe('damaged input', { concurrency: 2 }, () => {
  for (const c of cases) {
    test(c.name, { timeout: 180_000 }, async () => {
      const dir = bundle(c.name.replace(/\W+/g, '-'), [ROME]);
      try {
        await c.run(dir);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
