/**
 * The two pay-simulator pages in Debian's Chromium at 390 px, with and without JavaScript, over
 * an empty database (no data bundle needed): the apprentice's page shows, for a birth on
 * 2005-10-10 and a two-year contract from 2026-09-01, 43 % in September 2026, 53 % from November
 * 2026 (the month after the 21st birthday) and 61 % in the second contract year; a date that does
 * not exist gets a French error in the summary and next to the field; the employer's page with a
 * company size shows the hiring aid. Every page passes axe-core and the RGAA basics; Tab reaches
 * every control.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertKeyboardReachesAll, checkPage, launchBrowser, openPage, visit, type Browser, type JourneyPage } from './helpers/index.ts';
import { skipReason, startBarePortal, type Portal } from './helpers/portal.ts';

const skip = skipReason({ bundle: false });
let portal: Portal;
let browser: Browser;

before(
  async () => {
    if (skip) return;
    portal = await startBarePortal();
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  await portal?.close();
});

const open = (javaScript: boolean) => openPage(browser, portal.url, { width: 390, javaScript });

/** What a user reads in the row of a month of the table. */
async function rowText(page: JourneyPage, table: string, month: string): Promise<string> {
  const row = page.locator(`#${table}`).getByRole('row', { name: new RegExp(`^${month}`) });
  return (await row.innerText()).replace(/\s+/g, ' ');
}

async function fillContract(page: JourneyPage, birth: string): Promise<void> {
  await page.getByLabel(/Date de naissance/).fill(birth);
  await page.getByLabel(/Premier jour du contrat/).fill('2026-09-01');
  await page.getByLabel(/Durée du contrat/).selectOption('2');
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`rémunération d’un apprenti : taux par mois, date invalide (390 px${mode})`, { skip }, async () => {
    const page = await open(javaScript);
    try {
      await visit(page, '/apprentissage/remuneration', { name: 'apprentissage-remuneration' });
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Simuler la rémunération d’un apprenti');

      // A date that does not exist: the French message in the summary (focused) and under the field.
      await fillContract(page, '2005-02-30');
      await page.getByRole('button', { name: 'Calculer la rémunération' }).click();
      await page.waitForURL(/birth=2005-02-30/);
      await checkPage(page, 'apprentissage-remuneration-erreur');
      assert.match(await page.getByRole('alert').innerText(), /Date de naissance invalide : une date réelle au format AAAA-MM-JJ/);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('g-error-summary')), true);
      assert.match(await page.title(), /^Erreur – /);
      assert.match(await page.locator('#birth-error').innerText(), /Erreur : Date de naissance invalide/);
      assert.equal(await page.getByLabel(/Date de naissance/).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel(/Date de naissance/).inputValue(), '2005-02-30');

      // The case of the issue.
      await fillContract(page, '2005-10-10');
      await page.getByRole('button', { name: 'Calculer la rémunération' }).click();
      await page.waitForURL(/birth=2005-10-10/);
      await checkPage(page, 'apprentissage-remuneration-resultat');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.getByRole('alert').count(), 0);
      const caption = await page.locator('#tableau-salaire caption').innerText();
      assert.match(caption, /Salaire minimum mois par mois/);
      assert.match(await rowText(page, 'tableau-salaire', 'septembre 2026'), /43\s?%/);
      assert.match(await rowText(page, 'tableau-salaire', 'octobre 2026'), /43\s?%/);
      assert.match(await rowText(page, 'tableau-salaire', 'novembre 2026'), /53\s?%/);
      assert.match(await rowText(page, 'tableau-salaire', 'septembre 2027'), /61\s?%/);
      assert.equal(await page.locator('#tableau-salaire th[scope="col"]').count(), 7);
      const explanation = await page.locator('main').innerText();
      assert.match(explanation, /De septembre 2026 à octobre 2026\s*: 43\s?% du SMIC/);
      assert.match(explanation, /Règle appliquée/);
      // The chart: an image named after what it shows, pointing to the table.
      const chart = page.getByRole('img', { name: /Salaire brut minimum par mois.*tableau/ });
      assert.equal(await chart.count(), 1);
      assert.equal(await chart.locator('rect').count(), 24);
      assert.ok(await page.getByRole('link', { name: 'Voir les montants dans le tableau' }).isVisible());
      assert.match(await page.locator('#tableau-salaire').innerText(), /\d\s?\d{3},\d{2}\s?€/);
    } finally {
      await page.dispose();
    }
  });

  test(`coût pour l’employeur : aide à l’embauche (390 px${mode})`, { skip }, async () => {
    const page = await open(javaScript);
    try {
      await visit(page, '/apprentissage/employeur', { name: 'apprentissage-employeur' });
      await assertKeyboardReachesAll(page);
      await fillContract(page, '2005-10-10');
      await page.getByLabel(/Effectif de l’entreprise/).fill('12');
      await page.getByLabel(/Niveau du diplôme préparé/).selectOption('4');
      await page.getByRole('button', { name: 'Calculer le coût' }).click();
      await page.waitForURL(/employerSize=12/);
      await checkPage(page, 'apprentissage-employeur-resultat');
      await assertKeyboardReachesAll(page);
      const main = await page.locator('main').innerText();
      assert.match(main, /Aides à l’embauche : \d/);
      assert.match(main, /pour la 1re année \(moins de 250 salariés, diplôme de niveau 4\)/);
      // The aid column of the first month: a positive amount, in French.
      const september = page.locator('#tableau-cout').getByRole('row', { name: /^septembre 2026/ });
      const aid = await september.getByRole('cell').nth(3).innerText();
      assert.match(aid, /^\d[\d\s]*,\d{2}\s€$/);
      assert.notEqual(aid.replace(/\s/g, ''), '0,00€');
    } finally {
      await page.dispose();
    }
  });
}
