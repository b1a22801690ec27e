/**
 * « Indicateurs de pilotage » in Debian's Chromium at 390 px, with and without JavaScript, over the
 * real bundle: the new apprenticeship contracts of the five départements as published (Loire-
 * Atlantique first, its fall since 2022 said unfavourable), then the unemployment rate of every
 * EPCI, estimated from the départements, chosen with the GET form; the definitions and the
 * indicators that have no data yet. axe-core and the RGAA basics on each page.
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

const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`indicateurs de pilotage : une échelle, un indicateur, les définitions (390 px${mode})`, { skip }, async () => {
    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(page, '/pilotage/indicateurs?echelle=departement&indicateur=contrats_apprentissage', { name: 'pilotage-indicateurs' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Indicateurs de pilotage');
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'la page défile en largeur');
      const rows = page.locator('#valeurs-table-titre ~ tbody tr');
      assert.equal(await rows.count(), 5);
      assert.equal(
        plain(await rows.first().innerText())
          .replace(/\s+/g, ' ')
          .trim(),
        'Loire-Atlantique 19 944 en baisse de 2,6 % depuis 2022 (20 475), ce qui est défavorable publiée',
      );
      assert.match(await page.locator('#definitions').innerText(), /^Définitions des 18 indicateurs calculés/);
      assert.ok((await page.locator('#definitions ~ dl div, #definitions + dl div').count()) >= 18);
      assert.match(
        await page.getByText('Places de formation initiale pour 100 jeunes de 15 à 19 ans').locator('..').innerText(),
        /INSEE, recensement/,
      );

      await page.getByLabel('Échelle', { exact: true }).selectOption('epci');
      await page.getByLabel('Indicateur', { exact: true }).selectOption('taux_chomage');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL(/\/pilotage\/indicateurs\?echelle=epci&indicateur=taux_chomage$/);
      await checkPage(page, 'pilotage-indicateurs-epci');
      assert.ok((await rows.count()) >= 70, 'tous les EPCI de la région');
      assert.match(plain(await rows.first().innerText()), /%.*estimée$/s);
      await rows.first().getByRole('link').click();
      await page.waitForURL(/\/pilotage\/rapport\/epci\/\d{9}$/);
    } finally {
      await page.dispose();
    }
  });
}
