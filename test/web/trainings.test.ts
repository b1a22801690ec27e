/**
 * Training and territory journeys of the public portal (issue 5) in Debian's Chromium at 390 and
 * 1280 px: trainings near Angers for a baker (with and without JavaScript; the map is opened when
 * JavaScript runs), one training, an unknown training, and a territory portrait. Every page passes
 * axe-core and the RGAA basics (see helpers/checks.ts); Tab reaches every control.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, visit, journeySuite } from './helpers/index.ts';

const { skip, open } = journeySuite();

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = javaScript ? '' : ', sans JavaScript';
    test(`formations de boulanger près d’Angers puis une formation (${width} px${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        // A person types an occupation and a town: the URL keeps the ROME code and the INSEE code.
        await visit(page, '/formations', { name: 'formations-accueil' });
        await page.getByLabel(/Métier visé/).fill('boulanger');
        await page.getByLabel(/^Commune/).fill('Angers');
        await page.getByRole('button', { name: 'Rechercher' }).click();
        await page.waitForURL((url) => url.searchParams.get('rome') === 'D1102' && url.searchParams.get('commune') === '49007');
        await checkPage(page, 'formations');
        await assertKeyboardReachesAll(page);
        const heading = await page.locator('#resultats').innerText();
        assert.match(heading, /^\d+ formations? à moins de 30 km de Angers pour le métier Boulanger/);
        // The fields say what was understood: the occupation's label and the commune's name.
        assert.equal(await page.getByLabel(/Métier visé/).inputValue(), 'Boulanger / Boulangère');
        assert.equal(await page.getByLabel(/^Commune/).inputValue(), 'Angers');
        const cards = page.locator('#liste-formations > li');
        assert.ok((await cards.count()) >= 1);
        assert.match(await cards.first().innerText(), /démonstration/);
        // The place is in the URL, not in a cookie.
        assert.deepEqual(await page.context().cookies(), []);

        if (javaScript) {
          // The map loads on demand; the list stays its alternative.
          await page.getByRole('button', { name: 'Afficher la carte' }).click();
          const canvas = page.locator('[data-map-canvas]');
          await page.waitForFunction(() =>
            ['yes', 'failed'].includes(document.querySelector('[data-map-canvas]')?.getAttribute('data-loaded') ?? ''),
          );
          assert.equal(await canvas.getAttribute('data-loaded'), 'yes', await page.locator('[data-map-status]').innerText());
          assert.equal(await canvas.locator('canvas').count(), 1);
          assert.equal(await page.getByRole('button', { name: 'Masquer la carte' }).getAttribute('aria-expanded'), 'true');
          await checkPage(page, 'formations-carte');
        } else {
          assert.equal(await page.getByRole('button', { name: 'Afficher la carte' }).count(), 0, 'sans JavaScript, pas de bouton inerte');
        }

        await cards.first().getByRole('link').click();
        await page.waitForURL(/\/formations\/demo-portail\/DEMO-/);
        await checkPage(page, 'formation');
        const title = await page.locator('h1').innerText();
        assert.match(title, /boulang/i);
        assert.match(await page.locator('.notice-demo').innerText(), /Offre de démonstration/);
        assert.match(await page.locator('#liste-lieux').innerText(), /Angers|\b49\d{3}\b/);
        assert.ok((await page.locator('section[aria-labelledby="sessions"] tbody tr').count()) >= 1, 'au moins une session');
        assert.match(await page.locator('section[aria-labelledby="certification"]').innerText(), /Certif Info/);
        assert.match(await page.locator('section[aria-labelledby="contact"]').innerText(), /Courriel|Téléphone|Site/);
      } finally {
        await page.dispose();
      }
    });
  }
}

test('filtres, tri et pages sans JavaScript (390 px)', { skip }, async () => {
  const page = await open({ width: 390, javaScript: false });
  try {
    await visit(page, '/formations?commune=49007&rayon=20', { name: 'formations-angers-20km' });
    const heading = page.locator('#resultats');
    const total = Number((await heading.innerText()).match(/^([\d\s\u202f]+) formations/)![1].replace(/\D/g, ''));
    assert.ok(total > 20, `${total} formations : assez pour deux pages`);
    // A facet: open the filters, tick a level, search again; the choice is in the URL.
    await page.locator('details.filters > summary').click();
    await page.getByLabel(/^Niveau 3 \(CAP, BEP\)/).check();
    await page.getByLabel('Trier par').selectOption('start');
    await page.getByRole('button', { name: 'Rechercher' }).click();
    await page.waitForURL((url) => url.searchParams.get('niveau') === '3' && url.searchParams.get('tri') === 'start');
    await checkPage(page, 'formations-filtres');
    assert.match(await page.locator('details.filters > summary').innerText(), /Filtres \(1 actif\)/);
    const levels = await page.locator('#liste-formations > li').allInnerTexts();
    assert.ok(levels.length >= 1);
    for (const card of levels) assert.match(card, /Niveau 3 \(CAP, BEP\)/);
    assert.match(await page.locator('.results > p.source').first().innerText(), /triées par date de début/);
    // Next page: a plain link that keeps every parameter.
    const pages = page.getByRole('navigation', { name: 'Pages de résultats' });
    await pages.getByRole('link', { name: 'Page suivante' }).click();
    await page.waitForURL((url) => url.searchParams.get('page') === '2' && url.searchParams.get('niveau') === '3');
    await checkPage(page, 'formations-page-2');
    assert.match(await page.locator('.results > p.source').first().innerText(), /^Page 2 sur \d+/);
    assert.equal(await page.locator('#liste-formations').getAttribute('start'), '21');
  } finally {
    await page.dispose();
  }
});

test('une formation inconnue : page 404 en français (390 px, sans JavaScript)', { skip }, async () => {
  const page = await open({ width: 390, javaScript: false });
  try {
    await visit(page, '/formations/demo-portail/INCONNUE', { name: 'formation-introuvable', status: 404 });
    assert.equal(await page.locator('h1').innerText(), 'Page introuvable');
    assert.match(await page.locator('main').innerText(), /Aucune offre de formation « INCONNUE »/);
  } finally {
    await page.dispose();
  }
});

for (const width of WIDTHS) {
  test(`portrait d’un territoire : Angers (${width} px)`, { skip }, async () => {
    const page = await open({ width, javaScript: true });
    try {
      await visit(page, '/territoires', { name: 'territoires' });
      await assertKeyboardReachesAll(page);
      await page.getByLabel(/Commune, intercommunalité/).fill('Angers');
      await page.getByRole('button', { name: 'Rechercher' }).click();
      await page.waitForURL(/\/territoires\?q=Angers/);
      await checkPage(page, 'territoires-recherche');
      await page.getByRole('link', { name: 'Angers', exact: true }).first().click();
      await page.waitForURL(/\/territoires\/commune\/49007$/);
      await checkPage(page, 'territoire');
      await assertKeyboardReachesAll(page);
      assert.match(await page.locator('h1').innerText(), /^Angers/);
      const figures = await page.locator('section[aria-labelledby="chiffres"]').innerText();
      assert.match(figures, /\d[\d\s\u202f]* habitants/);
      assert.match(figures, /Taux de chômage du département Maine-et-Loire\s+\d+,\d %/);
      assert.match(figures, /INSEE/);
      const tensions = page.locator('section[aria-labelledby="tensions"]');
      assert.ok((await tensions.locator('tbody tr').count()) >= 5, 'métiers en tension');
      assert.match(await tensions.locator('caption').innerText(), /2021|2019/);
      assert.ok((await page.locator('section[aria-labelledby="recherches"] tbody tr').count()) >= 5, 'métiers recherchés');
      assert.match(await page.locator('section[aria-labelledby="formations"]').innerText(), /\d+ formations? à moins de 15 km de Angers/);
    } finally {
      await page.dispose();
    }
  });
}
