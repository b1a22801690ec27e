/** Shared by the LHEO tests: fixtures, temporary files, xmllint. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleDir } from '../helpers/db.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/lheo/', import.meta.url));
/** Three offers (Saint-Herblain, Angers, à distance + démonstration), LHEO 2.3 with a prefix. */
export const CATALOGUE = path.join(FIXTURES, 'offres-pays-de-la-loire-2.3.xml');
/** One offer, LHEO 2.2, ISO-8859-1, default namespace. */
export const LATIN1 = path.join(FIXTURES, 'offre-iso-8859-1-2.2.xml');
export const HOSTILE = path.join(FIXTURES, 'texte-hostile.xml');

/** The two real LHEO samples of the bundle (empty without a bundle). */
export function bundleSamples(): string[] {
  const dir = bundleDir();
  if (!dir) return [];
  return ['lheo-2.2-exemple-bts-onisep.xml', 'intercarif-lheo-2.2-formation-07_10.xml'].map((f) => path.join(dir, 'formations', f));
}

export function tempDir(prefix = 'passerelles-lheo-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `content` to a new file named `name` in a fresh temporary folder. */
export function tempFile(name: string, content: string | Buffer): string {
  const file = path.join(tempDir(), name);
  fs.writeFileSync(file, content);
  return file;
}

export function catalogueText(): string {
  return fs.readFileSync(CATALOGUE, 'utf8');
}

/** Replaces exactly one occurrence (fails loudly when the fixture changed). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at === -1 || text.indexOf(from, at + 1) !== -1) throw new Error(`« ${from} » doit apparaître une seule fois`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

/** 1-based line of the first occurrence of `needle`. */
export function lineOf(text: string, needle: string): number {
  const at = text.indexOf(needle);
  if (at === -1) throw new Error(`« ${needle} » absent`);
  return text.slice(0, at).split('\n').length;
}

/** The LHEO 2.3 XSD of the bundle, when there is a bundle and xmllint (Debian: libxml2-utils). */
export function xsdCheck(): ((file: string) => { ok: boolean; output: string }) | undefined {
  const dir = bundleDir();
  const xsd = dir && path.join(dir, 'formations', 'lheo-2.3.xsd');
  if (!xsd || !fs.existsSync(xsd)) return undefined;
  if (spawnSync('xmllint', ['--version']).error) return undefined;
  return (file) => {
    const r = spawnSync('xmllint', ['--noout', '--schema', xsd, file], { encoding: 'utf8' });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  };
}

/** The catalogue cut into its prologue, its formations (by identifier) and its end. */
export function splitFormations(text: string): { head: string; formations: Map<string, string>; tail: string } {
  const re = /<lheo:formation numero="([^"]+)"[\s\S]*?<\/lheo:formation>\s*/g;
  const formations = new Map<string, string>();
  let first = -1;
  let last = 0;
  for (const m of text.matchAll(re)) {
    if (first < 0) first = m.index!;
    formations.set(m[1], m[0]);
    last = m.index! + m[0].length;
  }
  return { head: text.slice(0, first), formations, tail: text.slice(last) };
}
