/**
 * Issue 18 on a phone (Debian's Chromium, 390 and 1280 px, with and without JavaScript): the fiche
 * métier (near Nantes and without a commune) and the sources page fold their sections under a
 * table of contents on a phone, at most 4,000 px tall, and show them without a click on a wide
 * screen; a link of the table of contents opens its section. The header holds on one line on a
 * phone behind a « Menu » button that works without JavaScript, and « Métiers » is not the current
 * page on the home page. Every page passes axe-core and the keyboard walk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, journeySuite, visit, type JourneyPage } from './helpers/index.ts';

const { skip, open } = journeySuite();

const PHONE = 390;
/** Issue 18's ceiling for a long page on a phone, sections folded. */
const MAX_PHONE_HEIGHT = 4000;

const height = (page: JourneyPage) => page.evaluate(() => document.documentElement.scrollHeight);

/**
 * Checks the folds of the page: closed on a phone, their text shown without a click on a wide
 * screen; then the link « title » of « Sur cette page » shows its section, whose text matches `text`.
 */
async function assertFolds(page: JourneyPage, target: { id: string; title: string; text: RegExp }): Promise<void> {
  const folds = page.locator('details.fold');
  assert.ok((await folds.count()) >= 2, 'la page a des sections repliables');
  const section = page.locator(`#${target.id}`);
  for (let i = 0; i < (await folds.count()); i++) {
    const summary = folds.nth(i).locator(':scope > summary');
    assert.ok(await summary.isVisible(), `le titre de la section ${i + 1} est visible`);
    const body = folds.nth(i).locator(':scope > .fold-body');
    assert.equal(await body.isVisible(), page.width > PHONE, `section ${i + 1} : ${page.width > PHONE ? 'ouverte' : 'repliée'}`);
  }
  if (page.width === PHONE) {
    const tall = await height(page);
    assert.ok(tall <= MAX_PHONE_HEIGHT, `${page.url()} : ${tall} px de haut sur un téléphone (au plus ${MAX_PHONE_HEIGHT})`);
  }
  await page.getByRole('navigation', { name: 'Sur cette page' }).getByRole('link', { name: target.title }).click();
  await page.waitForURL(new RegExp(`#${target.id}$`));
  await section.waitFor({ state: 'visible' });
  assert.match(await section.innerText(), target.text);
}

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = `${width} px${javaScript ? '' : ', sans JavaScript'}`;

    test(`fiche boulanger près de Nantes : sections repliées sur un téléphone, sommaire (${mode})`, { skip }, async (t) => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/metiers/D1102?commune=44109', { name: 'mobile-fiche-nantes' });
        t.diagnostic(`hauteur de la fiche près de Nantes : ${await height(page)} px`);
        await assertKeyboardReachesAll(page);
        // The definition leads the fiche, never folded.
        assert.match(await page.locator('#definition').locator('..').innerText(), /boulangerie et de viennoiserie/);
        await assertFolds(page, { id: 'territoire', title: 'Ce métier à Nantes et alentours', text: /Difficultés de recrutement/ });
        assert.match(await page.locator('section.local').innerText(), /CAP boulanger/);
        await checkPage(page, 'mobile-fiche-nantes-territoire');
      } finally {
        await page.dispose();
      }
    });

    test(`fiche boulanger sans commune et page des sources repliées, sommaire (${mode})`, { skip }, async (t) => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/metiers/D1102', { name: 'mobile-fiche' });
        t.diagnostic(`hauteur de la fiche : ${await height(page)} px`);
        await assertKeyboardReachesAll(page);
        await assertFolds(page, { id: 'competences', title: 'Compétences', text: /Savoir-faire/ });

        await visit(page, '/sources', { name: 'mobile-sources' });
        t.diagnostic(`hauteur de la page des sources : ${await height(page)} px`);
        await assertKeyboardReachesAll(page);
        await assertFolds(page, { id: 'fichiers', title: 'Fichiers importés sur cette instance', text: /certif_info\.csv/ });
      } finally {
        await page.dispose();
      }
    });

    test(`en-tête : menu compact sur un téléphone, « Métiers » pas courant sur l’accueil (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/', { name: 'mobile-accueil' });
        await assertKeyboardReachesAll(page);
        const header = page.getByRole('banner');
        const nav = header.getByRole('navigation', { name: 'Navigation principale', includeHidden: true });
        const metiers = nav.getByRole('link', { name: 'Métiers', includeHidden: true });
        assert.equal(await metiers.getAttribute('aria-current'), null, '« Métiers » n’est pas la page courante de l’accueil');
        assert.equal(await header.locator('[aria-current]').count(), 0, 'aucun lien de l’en-tête n’est courant sur l’accueil');
        const menu = header.locator('summary', { hasText: 'Menu' });
        if (width === PHONE) {
          // One line: the « Menu » button beside the name of the site, the links folded behind it.
          const brand = await header.locator('.brand').boundingBox();
          const button = await menu.boundingBox();
          assert.ok(
            brand && button && button.y < brand.y + brand.height && button.x > brand.x + brand.width,
            'le bouton Menu est à côté du nom',
          );
          const bar = await header.boundingBox();
          assert.ok(bar && bar.height <= brand.height + 40, `l’en-tête tient sur une ligne (${bar?.height} px)`);
          assert.equal(await nav.getByRole('link', { name: 'Formations' }).isVisible(), false, 'les liens sont repliés');
          await menu.click();
          await checkPage(page, 'mobile-menu-ouvert');
        } else {
          assert.equal(await menu.isVisible(), false, 'pas de bouton Menu sur un grand écran');
        }
        await nav.getByRole('link', { name: 'Formations' }).click();
        await page.waitForURL(/\/formations$/);
        await checkPage(page, 'mobile-formations');
        assert.equal(await nav.getByRole('link', { name: 'Formations', includeHidden: true }).getAttribute('aria-current'), 'page');
        assert.equal(await nav.getByRole('link', { name: 'Formations' }).isVisible(), width > PHONE, 'une nouvelle page, le menu refermé');

        // « Métiers » is the current page on a fiche.
        await visit(page, '/metiers/D1102', { name: 'mobile-fiche-courante' });
        assert.equal(await metiers.getAttribute('aria-current'), 'page');
      } finally {
        await page.dispose();
      }
    });
  }
}
