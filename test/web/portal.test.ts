/**
 * Public portal journeys (issue 5) in Debian's Chromium at 390 and 1280 px, with and without
 * JavaScript: every visited page passes axe-core and the RGAA basics, Tab reaches every control,
 * screenshots under test-results/screenshots/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, visit, journeySuite } from './helpers/index.ts';

const { skip, open } = journeySuite();

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = javaScript ? '' : ', sans JavaScript';
    test(`« boulanger » → fiche métier → formations près d’Angers → une formation (${width} px${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        // Home: one search box.
        await visit(page, '/', { name: 'accueil' });
        await assertKeyboardReachesAll(page);
        await page.getByLabel(/Un métier, une formation ou un lieu/).fill('boulanger');
        await page.getByRole('button', { name: 'Rechercher' }).click();
        await page.waitForURL(/\/recherche\?q=boulanger/);
        await checkPage(page, 'recherche');
        await assertKeyboardReachesAll(page);
        assert.match(await page.locator('h1').innerText(), /Résultats pour « boulanger »/);
        assert.match(await page.getByRole('region', { name: /Formations/ }).innerText(), /CAP boulanger/);

        // The fiche, then the occupation around Angers.
        await page.getByRole('link', { name: /^Boulanger \/ Boulangère$/ }).click();
        await page.waitForURL(/\/metiers\/D1102$/);
        await checkPage(page, 'fiche-metier');
        assert.match(await page.locator('h1').innerText(), /Boulanger \/ Boulangère/);
        assert.match(await page.locator('#definition').locator('..').innerText(), /boulangerie et de viennoiserie/);
        // On a phone the territory is folded: the person opens it from « Sur cette page ».
        const commune = page.getByLabel(/Votre commune/);
        if (!(await commune.isVisible()))
          await page
            .getByRole('navigation', { name: 'Sur cette page' })
            .getByRole('link', { name: /^Ce métier en / })
            .click();
        await commune.fill('Angers');
        await page.getByRole('button', { name: 'Afficher' }).click();
        await page.waitForURL(/\/metiers\/D1102\?commune=49007/);
        await checkPage(page, 'fiche-metier-angers');
        await assertKeyboardReachesAll(page);
        const local = await page.locator('section.local').innerText();
        assert.match(local, /Ce métier à Angers et alentours/);
        assert.match(local, /Bassin d’emploi Angers/);
        assert.match(local, /Maine-et-Loire\s+6,4 %\s+2023/);
        assert.match(local, /CAP boulanger\s+apprentissage\s+296\s+69 %\s+76 %/);
        assert.match(local, /offres de démonstration, fictives/);

        // Trainings near Angers (built by the trainings pages), then one training.
        await page.getByRole('link', { name: /Voir les \d+ formations près de Angers/ }).click();
        await page.waitForURL(/\/formations\?rome=D1102&commune=49007/);
        await checkPage(page, 'formations-angers');
        await assertKeyboardReachesAll(page);
        await page.locator('main').getByRole('link', { name: 'CAP boulanger', exact: true }).first().click();
        await page.waitForURL(/\/formations\/demo-portail\//);
        await checkPage(page, 'formation');
        assert.match(await page.locator('h1').innerText(), /CAP boulanger/);
        assert.match(await page.locator('main').innerText(), /démonstration/i);
      } finally {
        await page.dispose();
      }
    });
  }
}

for (const width of WIDTHS) {
  test(`pages d’information : mentions légales, accessibilité, sources, page introuvable (${width} px)`, { skip }, async () => {
    const page = await open({ width, javaScript: false });
    try {
      await visit(page, '/mentions-legales', { name: 'mentions-legales' });
      assert.match(await page.locator('main').innerText(), /ne dépose aucun cookie/);
      await visit(page, '/accessibilite', { name: 'accessibilite' });
      await assertKeyboardReachesAll(page);
      const statement = await page.locator('main').innerText();
      assert.match(statement, /est non conforme avec le référentiel général d’amélioration de l’accessibilité \(RGAA\), version 4\.1/);
      assert.match(statement, /Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07/);
      assert.match(await page.locator('footer').innerText(), /Accessibilité : non conforme/);
      await visit(page, '/sources', { name: 'sources' });
      // On a phone its tables are folded: a person opens them.
      for (const fold of await page.locator('main details.fold').all())
        if (!(await fold.locator('.fold-body').isVisible())) await fold.locator('summary').click();
      const sources = await page.locator('main').innerText();
      assert.match(sources, /ROME 4\.0 version 60/);
      assert.match(sources, /Licence Ouverte \/ Etalab 2\.0/);
      assert.match(sources, /CC BY 4\.0/);
      assert.match(sources, /certif_info\.csv/);
      await visit(page, '/metiers/N9999', { name: 'metier-introuvable', status: 404 });
      assert.match(await page.locator('main').innerText(), /Aucune fiche métier ne porte le code « N9999 »/);
      await visit(page, '/nulle-part', { name: 'page-introuvable', status: 404 });
      assert.match(await page.locator('h1').innerText(), /Page introuvable/);
    } finally {
      await page.dispose();
    }
  });
}
