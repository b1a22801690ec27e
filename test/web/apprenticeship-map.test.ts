/**
 * The map of apprenticeship trainings and the CFA directory in Debian's Chromium at 390 px, with
 * and without JavaScript, over the real bundle and the demonstration catalogue (whose offers in
 * apprenticeship are marked so): a person looks for baker trainings in apprenticeship near Angers,
 * reads the list (the map's alternative) and the CFA of the area, opens the map when JavaScript
 * runs, narrows to a level, then opens a CFA; in the directory, a search by name and département,
 * a faulty département, a CFA's page and an unknown UAI. Every page passes axe-core and the RGAA
 * basics; Tab reaches every control.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertKeyboardReachesAll, checkPage, journeySuite, visit } from './helpers/index.ts';

const { skip, open } = journeySuite();

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`formations en apprentissage de boulanger près d’Angers, puis un CFA (390 px${mode})`, { skip }, async () => {
    const page = await open({ width: 390, javaScript });
    try {
      await visit(page, '/apprentissage/carte', { name: 'apprentissage-carte' });
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Carte des formations en apprentissage');
      // Without a place: the CFA of the region, listed in a table that opens on demand.
      assert.match(await page.locator('#cfa-zone').innerText(), /^\d+ CFA en Pays de la Loire$/);

      await page.getByLabel(/Métier visé/).fill('boulanger');
      await page.getByLabel(/^Commune/).fill('Angers');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL((url) => url.searchParams.get('rome') === 'D1102' && url.searchParams.get('commune') === '49007');
      await checkPage(page, 'apprentissage-carte-angers');
      await assertKeyboardReachesAll(page);
      assert.match(
        await page.locator('#resultats').innerText(),
        /^\d+ formations? en apprentissage à moins de 30 km de Angers pour le métier Boulanger/,
      );
      const cards = page.locator('#liste-apprentissage > li');
      assert.ok((await cards.count()) >= 1, 'au moins une formation en apprentissage');
      assert.match(await cards.first().innerText(), /démonstration/);
      // The CFA of the area: a table behind a summary, with a caption, each name a link to its page.
      assert.match(await page.locator('#cfa-zone').innerText(), /^\d+ CFA à moins de 30 km de Angers$/);
      await page.getByText(/^Liste des \d+ CFA de la carte$/).click();
      const cfaTable = page.getByRole('table', { name: /CFA à moins de 30 km de Angers/ });
      assert.ok((await cfaTable.locator('tbody tr').count()) >= 5);
      assert.match(await cfaTable.innerText(), /Saint-Barthélemy-d'Anjou \(49\)/);

      if (javaScript) {
        await page.getByRole('button', { name: 'Afficher la carte' }).click();
        await page.waitForFunction(() =>
          ['yes', 'failed'].includes(document.querySelector('[data-map-canvas]')?.getAttribute('data-loaded') ?? ''),
        );
        assert.equal(
          await page.locator('[data-map-canvas]').getAttribute('data-loaded'),
          'yes',
          await page.locator('[data-map-status]').innerText(),
        );
        assert.equal(await page.locator('[data-map-canvas] canvas').count(), 1);
        await checkPage(page, 'apprentissage-carte-ouverte');
      } else {
        assert.equal(await page.getByRole('button', { name: 'Afficher la carte' }).count(), 0, 'sans JavaScript, pas de bouton inerte');
      }

      // A level: every training listed is a baccalauréat-level one (a CAP-level one is not).
      await page.getByLabel('Niveau du diplôme').selectOption('4');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL((url) => url.searchParams.get('niveau') === '4');
      await checkPage(page, 'apprentissage-carte-niveau');
      const levels = await page.locator('#liste-apprentissage > li').allInnerTexts();
      assert.ok(levels.length >= 1);
      for (const text of levels) assert.match(text, /Niveau 4 \(baccalauréat\)/);

      await page.getByText(/^Liste des \d+ CFA de la carte$/).click();
      await cfaTable.getByRole('link', { name: 'O.G.E.C SAINT AUBIN LA SALLE' }).click();
      await page.waitForURL(/\/apprentissage\/cfa\/0492303M$/);
      await checkPage(page, 'apprentissage-cfa-fiche');
      assert.equal(await page.locator('h1').innerText(), 'O.G.E.C SAINT AUBIN LA SALLE');
      assert.match(await page.locator('main').innerText(), /Saint-Barthélemy-d'Anjou \(49\)/);
    } finally {
      await page.dispose();
    }
  });

  test(`annuaire des CFA : recherche, erreur, un CFA, un UAI inconnu (390 px${mode})`, { skip }, async () => {
    const page = await open({ width: 390, javaScript });
    try {
      await visit(page, '/apprentissage/cfa', { name: 'apprentissage-annuaire' });
      await assertKeyboardReachesAll(page);
      await page.getByLabel(/^Nom, UAI ou SIRET/).fill('afpi');
      await page.getByLabel(/^Département/).fill('44');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL((url) => url.searchParams.get('q') === 'afpi' && url.searchParams.get('departement') === '44');
      await checkPage(page, 'apprentissage-annuaire-resultats');
      assert.equal(await page.locator('#resultats').innerText(), '2 CFA');
      const names = await page.locator('.cfa-card h3').allInnerTexts();
      assert.deepEqual(names, ['AFPI PAYS DE LA LOIRE', 'AFPI PAYS DE LA LOIRE']);
      assert.match(await page.locator('.cfa-card').first().innerText(), /Bouguenais \(44\)/);

      // A département that does not exist: said next to the field.
      await page.getByLabel(/^Département/).fill('4x');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL((url) => url.searchParams.get('departement') === '4x');
      await checkPage(page, 'apprentissage-annuaire-erreur');
      assert.match(await page.locator('#departement-erreur').innerText(), /code de département invalide/);
      assert.equal(await page.getByLabel(/^Département/).getAttribute('aria-invalid'), 'true');
      assert.match(await page.title(), /^Erreur – /);

      await visit(page, '/apprentissage/cfa?q=afpi+bouguenais', { name: 'apprentissage-annuaire-afpi' });
      await page.getByRole('link', { name: 'AFPI PAYS DE LA LOIRE' }).click();
      await page.waitForURL(/\/apprentissage\/cfa\/0440096R$/);
      await checkPage(page, 'apprentissage-cfa-afpi');
      const main = await page.locator('main').innerText();
      assert.match(main, /Numéro UAI\s*0440096R/);
      assert.match(main, /Numéros SIRET\s*78835426400061, 78835426400095/);
      assert.match(main, /son adresse \(géocodée par la Base adresse nationale\)/);
      const sources = page.getByRole('table', { name: 'L’organisme tel que chaque fichier le cite' });
      assert.equal(await sources.locator('tbody tr').count(), 3);
      assert.match(await sources.innerText(), /DEPP, liste des CFA sous convention régionale/);

      await visit(page, '/apprentissage/cfa/0000000A', { name: 'apprentissage-cfa-inconnu', status: 404 });
    } finally {
      await page.dispose();
    }
  });
}
