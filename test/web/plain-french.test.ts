/**
 * Issue 18: the public journeys read as plain French. The pages are rendered on the server (Fastify
 * inject, no browser) over the real bundle and the browsers' demonstration catalogue, then their
 * visible text (HTML without tags, scripts and styles) is scanned for internals a person should
 * never read: FAP codes, « BMO inconnu », npm package names, decimals written with a point, and a
 * « prochaine session » already past.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { bundleDir, openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import { webBuildReady } from '../helpers/ready.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import { DEMO } from './helpers/portal.ts';
import { FRENCH_MONTHS } from '../../src/common/dates.ts';
import { parisToday } from '../../src/common/format.ts';

const BUNDLE = bundleDir();
const skip = BUNDLE ? false : 'PASSERELLES_DATA_DIR absent';
let handle: DbHandle;
let app: App;

before(async () => {
  if (!BUNDLE) return;
  await webBuildReady();
  handle = await openBundleDatabase();
  await importDemoCatalogue(handle, DEMO);
  ({ app } = await buildServer(handle, { logger: false, rateLimit: 100_000 }));
});
after(async () => {
  await app?.close();
  await handle?.close();
});

/** What a person reads: the body without scripts, styles and tags, entities decoded, spaces folded. */
function visibleText(html: string): string {
  return html
    .replace(/<script\b[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style\b[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;|&#160;|&#xa0;/gi, ' ')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ');
}

async function page(url: string, form?: Record<string, string>): Promise<string> {
  const res = form
    ? await app.inject({
        method: 'POST',
        url,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams(form).toString(),
      })
    : await app.inject(url);
  assert.equal(res.statusCode, 200, `${url} : ${res.statusCode}`);
  return res.body;
}

/** The first link of a page whose address matches `pattern` (a result to follow, as a person would). */
function firstLink(html: string, pattern: RegExp): string {
  for (const m of html.matchAll(/href="([^"]+)"/g)) {
    const href = m[1].replace(/&amp;/g, '&');
    if (pattern.test(href)) return href;
  }
  assert.fail(`aucun lien ${pattern} sur la page`);
}

const MONTHS = FRENCH_MONTHS.join('|');
const LONG_DATE = new RegExp(`(\\d{1,2})(?:er)? (${MONTHS}) (\\d{4})`, 'g');

/** Days written « 10 novembre 2027 » or « 10/11/2027 » in a piece of text, as ISO days. */
function daysIn(text: string): string[] {
  const days: string[] = [];
  for (const m of text.matchAll(LONG_DATE)) {
    const month = FRENCH_MONTHS.indexOf(m[2] as (typeof FRENCH_MONTHS)[number]) + 1;
    days.push(`${m[3]}-${String(month).padStart(2, '0')}-${m[1].padStart(2, '0')}`);
  }
  for (const m of text.matchAll(/\b(\d{2})\/(\d{2})\/(\d{4})\b/g)) days.push(`${m[3]}-${m[2]}-${m[1]}`);
  return days;
}

/**
 * Decimals written with a point: digits, a point, digits, not part of a longer dotted run (a
 * version « 4.0.1 », an IP, a dotted date « 01.02.2026 ») nor of a code, identifier or file name
 * glued to letters or hyphens (« v2.3 », « lheo-2.2-exemple.xml »): « ROME 4.0 », « Licence Ouverte
 * 2.0 », « CC BY 4.0 » are versions, their name precedes them.
 */
function pointDecimals(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/(?<![\w/]|\d\.)(?<![A-Za-z]-)-?\d{1,3}(?:\s\d{3})*\.\d+(?!\w|\.\d|-[A-Za-z])/g)) {
    const before = text.slice(Math.max(0, m.index - 20), m.index);
    if (/(?:ROME|version|v|LHEO|ESCO|API|Licence Ouverte|Etalab|CC BY)\s*$/i.test(before)) continue;
    found.push(`…${text.slice(Math.max(0, m.index - 30), m.index + m[0].length + 10)}…`);
  }
  return found;
}

/** Each place `pattern` occurs in `text`, with a little context: what the failure shows. */
function occurrences(text: string, pattern: RegExp): string[] {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  return [...text.matchAll(global)].map((m) => `…${text.slice(Math.max(0, m.index - 40), m.index + m[0].length + 20)}…`);
}

/** `citations`: the sources page names the files it cites (« Correspondance FAP 2009 – ROME v3 »), codes still excluded. */
function assertPlainFrench(url: string, html: string, { citations = false } = {}): void {
  const text = visibleText(html);
  const none = (pattern: RegExp, what: string) => assert.deepEqual(occurrences(text, pattern), [], `${url} : ${what}`);
  if (!citations) none(/\(?FAP\b/, 'un code FAP est affiché');
  none(/\b[A-Z]\d[A-Z]\d{2}\b/, 'un code de famille professionnelle (FAP) est affiché');
  none(/BMO inconnu/i, '« BMO inconnu »');
  none(/@etalab|cities-500|decoupage-administratif|@[a-z0-9-]+\/[a-z0-9-]+/i, 'un paquet npm est cité');
  none(/\bet 1 autres\b/, '« et 1 autres »');
  assert.deepEqual(pointDecimals(text), [], `${url} : nombre écrit avec un point décimal`);
  const today = parisToday();
  for (const m of text.matchAll(/prochaine session[^.;]{0,80}/gi)) {
    for (const day of daysIn(m[0])) assert.ok(day >= today, `${url} : « ${m[0]} » est passée (aujourd’hui ${today})`);
  }
}

// Nantes (44109); D1102 boulanger.
const NANTES = '44109';

test('les pages publiques des parcours se lisent en français courant', { skip }, async () => {
  const check = async (url: string, options?: { citations: boolean }) => {
    const html = await page(url);
    assertPlainFrench(url, html, options);
    return html;
  };
  await check('/');
  await check('/recherche?q=boulanger');
  await check(`/metiers/D1102?commune=${NANTES}`);
  const territory = await check(`/territoires/commune/${NANTES}`);
  // Nantes has its bassin d'emploi (commune → bassin BMO in the bundle): its most sought occupations are shown.
  assert.match(visibleText(territory), /Chiffres du bassin d’emploi/);
  const search = await check(`/formations?rome=D1102&commune=${NANTES}`);
  const training = visibleText(await check(firstLink(search, /^\/formations\/[^/]+\/[^/?]+/)));
  // Registration not open yet reads « ouvre le … », never a closed state with future dates.
  const today = parisToday();
  for (const m of training.matchAll(new RegExp(`(\\S+), du ((?:${LONG_DATE.source})) au`, 'g'))) {
    const [opens] = daysIn(m[2]);
    assert.ok(opens <= today, `inscriptions « ${m[0]} » : pas encore ouvertes, la page doit dire « ouvre le … »`);
  }
  // Where the figures come from: producers, not code libraries.
  await check('/sources', { citations: true });
});

test('le parcours vers boulanger depuis Nantes se lit en français courant', { skip }, async () => {
  // From vendeur en alimentation (D1106) to boulanger (D1102), from Nantes, without JavaScript (the form posts).
  const html = await page('/parcours', {
    fromText: 'D1106',
    but: 'metier',
    toText: 'D1102',
    communeText: NANTES,
    radius: '50',
    status: 'demandeur',
  });
  assert.match(visibleText(html), /Boulanger/);
  assertPlainFrench('/parcours', html);
});
