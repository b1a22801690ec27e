/**
 * Public portal journeys (issue 5) in Debian's Chromium at 390 and 1280 px, with and without
 * JavaScript: every visited page passes axe-core and the RGAA basics, Tab reaches every control,
 * screenshots under test-results/screenshots/.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import {
  WIDTHS, assertKeyboardReachesAll, checkPage, launchBrowser, openPage, skipReason, startPortal, visit,
  type Browser, type Portal,
} from './helpers/index.ts';

const skip = skipReason();
let portal: Portal;
let browser: Browser;

before(async () => {
  if (skip) return;
  portal = await startPortal();
  browser = await launchBrowser();
}, { timeout: 300_000 });

after(async () => {
  await browser?.close();
  await portal?.close();
});

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = javaScript ? '' : ', sans JavaScript';
    test(`« boulanger » depuis l’accueil jusqu’à la fiche métier (${width} px${mode})`, { skip }, async () => {
      const page = await openPage(browser, portal.url, { width, javaScript });
      try {
        await visit(page, '/', { name: 'accueil' });
        await assertKeyboardReachesAll(page);
        await page.getByLabel(/Un métier, une formation ou un lieu/).fill('boulanger');
        await page.getByRole('button', { name: 'Rechercher' }).click();
        await page.waitForURL(/\?q=boulanger/);
        await checkPage(page, 'recherche');
        await page.getByRole('link', { name: /^Boulanger/ }).first().click();
        await page.waitForURL(/\/metiers\/D1102/);
        await checkPage(page, 'fiche-metier');
        await assertKeyboardReachesAll(page);
        assert.match(await page.locator('h1').innerText(), /Boulanger/);
      } finally {
        await page.dispose();
      }
    });
  }
}
