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
import { parisToday } from '../../src/common/format.ts';
import { LONG_DATE, assertPlainFrench as assertTextPlainFrench, daysIn, visibleText } from './helpers/plain-french.ts';

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

/** The rules of helpers/plain-french.ts on the text a person reads of the page. */
function assertPlainFrench(url: string, html: string, options?: { citations: boolean }): void {
  assertTextPlainFrench(url, visibleText(html), options);
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
