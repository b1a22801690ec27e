/**
 * Bulk exports (issue 14): « export streaming memory ». Generates LHEO 2.3 files of 50,000 and of
 * 5,000 offers (test/trainings/generate-lheo.ts), imports them as two sources of a fresh database,
 * then streams each export of the offers (CSV, JSON, GeoJSON, LHEO 2.3) of each source, and of the
 * occupations, to /dev/null, each in its own child process (the same code as the API and the CLI:
 * openExport). A child prints its resident memory before the export, the highest seen during it
 * (sampled every 5 ms), the time and the megabytes written. Flat memory: the growth is the same
 * for 5,000 and for 50,000 offers. Each export runs --runs times (default 3): median and maximum.
 * The children's V8 heap is capped (--heap MB, default 128; 0: no cap): without a cap V8 lets its
 * heap fill with garbage before collecting it, and the peak then grows with the export's size
 * although nothing is retained (measured: uncapped, +48 MB for the CSV of 50,000 offers, +10 MB
 * for 5,000); with it, an export larger than the heap (the LHEO file of 50,000 offers: 229 MB)
 * passing through shows that the body is never held.
 * PGlite by default (its folder created in a child process, as bench/exchange.ts does); the
 * PostgreSQL server of DATABASE_URL when set (a fresh database, dropped at the end).
 * Options: --offers N (default 50000; the small source is a tenth), --runs N, --heap MB.
 *   node --import tsx bench/exchange-exports.ts
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { openDatabase } from '../src/app/database.ts';
import { createDatabase, dropDatabase } from '../src/platform/db/admin.ts';
import { importLheoFile } from '../src/trainings/import.ts';
import type { ExportFormat, ExportSubject } from '../src/exchange/exports-contract.ts';
import { openExport } from '../src/exchange/exports-stream.ts';
import { exportCatalogue } from '../src/exchange/exports-catalogue.ts';
import { generateLheo } from '../test/trainings/generate-lheo.ts';

const SELF = path.resolve(import.meta.dirname, 'exchange-exports.ts');
const INIT = path.resolve(import.meta.dirname, '../test/trainings/import-child.ts');

interface Measure {
  rssBeforeMb: number;
  peakMb: number;
  seconds: number;
  mbWritten: number;
}

/** Child: one export of the database (PGlite folder or PostgreSQL URL) to /dev/null. */
async function child(location: string, what: ExportSubject, format: ExportFormat, source: string | undefined): Promise<void> {
  const handle = await openDatabase(location.includes('://') ? { databaseUrl: location } : { pgliteDir: location });
  const rssBefore = process.memoryUsage.rss();
  let peak = rssBefore;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  const started = performance.now();
  let bytes = 0;
  const opened = await openExport(handle.db, { what, format, filter: source ? { source } : {} });
  await pipeline(
    opened.stream,
    async function* (chunks: AsyncIterable<Buffer>) {
      for await (const chunk of chunks) {
        bytes += chunk.length;
        peak = Math.max(peak, process.memoryUsage.rss());
        yield chunk;
      }
    },
    fs.createWriteStream('/dev/null'),
  );
  const seconds = (performance.now() - started) / 1000;
  clearInterval(timer);
  peak = Math.max(peak, process.memoryUsage.rss());
  await handle.close();
  const m: Measure = { rssBeforeMb: rssBefore / 2 ** 20, peakMb: peak / 2 ** 20, seconds, mbWritten: bytes / 1e6 };
  process.stdout.write(`${JSON.stringify(m)}\n`);
}

function runChild(location: string, heap: number, what: ExportSubject, format: ExportFormat, source?: string): Measure {
  const cap = heap > 0 ? [`--max-old-space-size=${heap}`] : [];
  const r = spawnSync(process.execPath, [...cap, '--import', 'tsx', SELF, '--child', location, what, format, source ?? ''], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: '' },
  });
  if (r.status !== 0) throw new Error(`export ${what} ${format} ${source ?? ''} : ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!) as Measure;
}

const median = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function parent(): Promise<void> {
  const arg = (name: string, fallback: number) =>
    process.argv.includes(name) ? Number(process.argv[process.argv.indexOf(name) + 1]) : fallback;
  const offers = arg('--offers', 50_000);
  const runs = arg('--runs', 3);
  const heap = arg('--heap', 128);
  const small = Math.max(1, Math.round(offers / 10));
  const server = process.env.DATABASE_URL;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'passerelles-bench-exports-'));
  let dbName: string | undefined;
  try {
    let location: string;
    if (server) {
      dbName = `bench_${crypto.randomBytes(5).toString('hex')}`;
      location = await createDatabase(server, dbName);
    } else {
      location = path.join(dir, 'db');
      const r = spawnSync(process.execPath, ['--import', 'tsx', INIT, 'init', location], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: '' },
      });
      if (r.status !== 0) throw new Error(r.stderr);
    }
    let t = performance.now();
    const bigFile = path.join(dir, 'grand.xml');
    const smallFile = path.join(dir, 'petit.xml');
    await generateLheo(bigFile, { formations: offers, actionsPerFormation: 1, prefix: 'BXG' });
    await generateLheo(smallFile, { formations: small, actionsPerFormation: 1, prefix: 'BXP' });
    const handle = await openDatabase(server ? { databaseUrl: location } : { pgliteDir: location });
    await importLheoFile(handle.db, bigFile, { source: 'grand' });
    await importLheoFile(handle.db, smallFile, { source: 'petit' });
    // The catalogue counts the rows of the offer export on every call: what that costs.
    const catalogueTimes: number[] = [];
    for (let i = 0; i < 5; i++) {
      const s = performance.now();
      await exportCatalogue(handle.db, null);
      catalogueTimes.push(performance.now() - s);
    }
    await handle.close();
    fs.rmSync(bigFile);
    fs.rmSync(smallFile);
    console.log(`base du banc : ${offers} + ${small} offres générées et importées en ${((performance.now() - t) / 1000).toFixed(0)} s`);

    const lines: string[] = [];
    const measure = (label: string, what: ExportSubject, format: ExportFormat, source?: string) => {
      const all: Measure[] = [];
      for (let i = 0; i < runs; i++) all.push(runChild(location, heap, what, format, source));
      const delta = all.map((m) => m.peakMb - m.rssBeforeMb);
      const line =
        `  ${label.padEnd(30)} : +${median(delta).toFixed(0)} Mo (max +${Math.max(...delta).toFixed(0)}), ` +
        `${median(all.map((m) => m.seconds)).toFixed(1)} s, ${all[0].mbWritten.toFixed(2)} Mo écrits ` +
        `(RSS avant ${median(all.map((m) => m.rssBeforeMb)).toFixed(0)} Mo)`;
      console.log(line);
      lines.push(line);
      return median(delta);
    };
    t = performance.now();
    const growth: Record<string, [number, number]> = {};
    for (const format of ['csv', 'json', 'geojson', 'xml'] as const) {
      const a = measure(`offres ${format}, ${small} offres`, 'offers', format, 'petit');
      const b = measure(`offres ${format}, ${offers} offres`, 'offers', format, 'grand');
      growth[format] = [a, b];
    }
    measure('métiers csv (table vide ici)', 'occupations', 'csv');

    const base = server ? 'PostgreSQL' : 'PGlite';
    console.log(
      `\nbench:exchange-exports (${base}, ${os.cpus().length} cœurs, charge ${os.loadavg()[0].toFixed(1)}, ${runs} passages par export)`,
    );
    console.log(
      'export streaming memory — mémoire de l’export en flux vers /dev/null (pic RSS pendant l’export − RSS avant, médiane ; ' +
        `${heap > 0 ? `tas V8 plafonné à ${heap} Mo` : 'tas V8 sans plafond'}) :`,
    );
    for (const line of lines) console.log(line);
    console.log(`  catalogue GET /api/v1/exports (comptage des lignes) : médiane ${median(catalogueTimes).toFixed(0)} ms sur 5`);
    const flat = Object.entries(growth)
      .map(([f, [a, b]]) => `${f} ${a.toFixed(0)} → ${b.toFixed(0)} Mo`)
      .join(', ');
    console.log(`  de ${small} à ${offers} offres (×${(offers / small).toFixed(0)}) : ${flat}`);
    console.log(`  (${((performance.now() - t) / 1000).toFixed(0)} s de mesures)`);
  } finally {
    if (server && dbName) await dropDatabase(server, dbName);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const [location, what, format, source] = process.argv.slice(3);
  await child(location, what as ExportSubject, format as ExportFormat, source || undefined);
} else {
  await parent();
}
