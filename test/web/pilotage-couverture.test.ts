/**
 * The coverage page in Debian's Chromium at 390 px, with and without JavaScript, over the real
 * bundle: the Pays de la Loire share within 20 km as the crow flies (said on the page), the table
 * by département, the white zones as a table (the map's alternative; with JavaScript, the map's
 * two GeoJSON layers), three proposed sites chosen with the GET form. Every page passes axe-core
 * and the RGAA basics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assertKeyboardReachesAll,
  checkPage,
  launchBrowser,
  openPage,
  skipReason,
  visit,
  type Browser,
  type Portal,
} from './helpers/index.ts';
import { startBundlePortal } from './helpers/portal.ts';

const skip = skipReason();
let portal: Portal;
let browser: Browser;

before(
  async () => {
    if (skip) return;
    portal = await startBundlePortal();
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  await portal?.close();
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`couverture à 20 km : la part, les départements, les zones blanches en tableau, trois implantations (390 px${mode})`, {
    skip,
  }, async () => {
    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(page, '/pilotage/couverture', { name: 'pilotage-couverture' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Couverture des points de conseil');
      assert.match(await page.locator('main').innerText(), /mesurée à vol d’oiseau, du centre de chaque commune au point le plus proche/);
      assert.equal(await page.locator('#part').innerText(), '96,1 % de la population à moins de 20 km d’un point de conseil');
      // The wide tables scroll in their own box, long file names wrap: the page never scrolls sideways (RGAA 10.11).
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
      const mayenne = page.locator('#departements-titre ~ tbody tr', { hasText: 'Mayenne (53)' });
      assert.match(await mayenne.innerText(), /85,9\s%/);
      assert.equal(await page.locator('#zones-blanches').innerText(), '153 communes en zone blanche');
      const first = page.locator('#liste-zones-blanches tbody tr').first();
      assert.match(await first.innerText(), /^Chantonnay \(85\)\s+8\s557\s+MISSION LOCALE DU HAUT BOCAGE\s+22 km$/);

      if (javaScript) {
        // The map's layers: white-zone outlines, and the points with the sites.
        const zones = await page.request.get((await page.locator('[data-map]').getAttribute('data-map-shapes')) ?? '');
        assert.match(zones.headers()['content-type'], /^application\/geo\+json/);
        assert.equal(((await zones.json()) as { features: unknown[] }).features.length, 153);
      }

      await page.getByLabel(/Nouveaux points à proposer/).selectOption('3');
      await page.getByRole('button', { name: 'Calculer' }).click();
      await page.waitForURL(/\/pilotage\/couverture\?rayon=20&implantations=3$/);
      await checkPage(page, 'pilotage-couverture-implantations');
      const sites = await page.locator('#implantations li').allInnerTexts();
      assert.equal(sites.length, 3);
      assert.match(
        sites[0],
        /^Saint-Georges-sur-Erve \(53\) : 32\s460 habitants de plus \(38 communes\), la part couverte passe à 96,9\s%$/,
      );
    } finally {
      await page.dispose();
    }
  });
}
