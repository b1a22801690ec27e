/**
 * Issue 18 in a browser (Debian's Chromium, 390 and 1280 px, with and without JavaScript): what a
 * person reads on the public journeys can be trusted. The boulanger fiche and training list near
 * Nantes lead with the CAP boulanger, the broad CAP agricole SAPVER only under a closed « Voir
 * aussi »; the journey pages read as plain French (helpers/plain-french.ts on the rendered text); no
 * « prochaine session » is past; an empty radius offers the nearest trainings and a wider radius
 * that works; the « Trier par » select shows its words whole; the apprenticeship pages look for a
 * place typed in the région first. Every page passes axe-core.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, journeySuite, visit, type JourneyPage } from './helpers/index.ts';
import { assertPlainFrench, daysIn, pastNextSessions } from './helpers/plain-french.ts';
import { parisToday } from '../../src/common/format.ts';

const { skip, open } = journeySuite();

// Nantes (44109); D1102 boulanger, D1106 vendeur en alimentation.
const NANTES = '44109';
const SAPVER = /services aux personnes et vente en espace rural/i;
/** A certification's name about this trade, as the pages write them. */
const CERTIFICATION = /\b(?:CAP|Bac pro|BP|Brevet professionnel|MC|CQP|BTS|BTM|Certificat|Titre)\b[^\n]{0,80}?(?:pâtiss|boulang|vente)/i;
/** The radii of the /formations form. */
const RAYONS = [5, 10, 20, 30, 50, 100, 200];

/** Everything a person can read on the page: the text of the body with every disclosure opened. */
async function readableText(page: JourneyPage): Promise<string> {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) d.open = true;
  });
  return page.locator('body').innerText();
}

/** The SAPVER is nowhere visible; where it is in the page, it is inside a closed « Voir aussi ». */
async function assertSapverAside(page: JourneyPage, where: string): Promise<void> {
  const found = page.getByText(SAPVER);
  for (let i = 0; i < (await found.count()); i++) {
    assert.equal(await found.nth(i).isVisible(), false, `${where} : le CAP agricole SAPVER est visible sans rien ouvrir`);
  }
  // The deepest elements naming it (React splits a text into several nodes: elements, not text nodes).
  const places = await page.evaluate((source) => {
    const re = new RegExp(source, 'i');
    return [...document.querySelectorAll('main *')]
      .filter((el) => re.test(el.textContent ?? '') && ![...el.children].some((child) => re.test(child.textContent ?? '')))
      .map((el) => el.closest('details')?.querySelector('summary')?.textContent ?? null);
  }, SAPVER.source);
  for (const summary of places)
    assert.match(summary ?? 'hors de tout <details>', /Voir aussi/, `${where} : le SAPVER hors de « Voir aussi »`);
}

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = `${width} px${javaScript ? '' : ', sans JavaScript'}`;

    test(`boulanger près de Nantes : le CAP boulanger d’abord, le CAP agricole SAPVER seulement sous « Voir aussi » (${mode})`, {
      skip,
    }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, `/metiers/D1102?commune=${NANTES}`, { name: 'fiche-boulanger-nantes' });
        await assertKeyboardReachesAll(page);
        // In the page's order (sections may be folded on a phone): the first certification named.
        const main = (await page.locator('main').textContent()) ?? '';
        const first = CERTIFICATION.exec(main.replace(/\s+/g, ' '));
        assert.ok(first, 'la fiche nomme des certifications');
        assert.match(first[0], /^CAP boulang/i, `première certification nommée : « ${first[0]} »`);
        const rows = page.locator('table:has(caption:text-matches("diplômes", "i")) tbody th');
        if (await rows.count())
          assert.match((await rows.first().textContent()) ?? '', /^CAP boulanger/i, 'le tableau d’insertion commence par le CAP');
        await assertSapverAside(page, 'fiche');

        // The training list near Nantes: strong ways only in the list; wider, the SAPVER comes after, folded.
        await visit(page, `/formations?rome=D1102&commune=${NANTES}`, { name: 'formations-boulanger-nantes' });
        await assertKeyboardReachesAll(page);
        await assertSapverAside(page, 'formations à 30 km');
        const certifications = await page.locator('#liste-formations > li').allInnerTexts();
        assert.ok(certifications.length > 0, 'des formations de boulanger près de Nantes');
        for (const card of certifications) assert.match(card, /boulang/i, `une offre de la liste ne mène pas au métier : ${card}`);

        await visit(page, `/formations?rome=D1102&commune=${NANTES}&rayon=200`, { name: 'formations-boulanger-200km' });
        await assertSapverAside(page, 'formations à 200 km');
        const seeAlso = page.locator('details.see-also');
        assert.equal(await seeAlso.count(), 1, 'les offres plus larges sont proposées sous « Voir aussi »');
        assert.equal(await seeAlso.getAttribute('open'), null, '« Voir aussi » est fermé par défaut');
        const html = await page.locator('main').innerHTML();
        assert.ok(html.indexOf('id="liste-formations"') < html.indexOf('see-also'), '« Voir aussi » vient après la liste');
        await seeAlso.locator('summary').click();
        assert.ok(await seeAlso.getByText(SAPVER).first().isVisible(), 'ouvert, « Voir aussi » montre le CAP agricole SAPVER');
        await checkPage(page, 'formations-voir-aussi');
      } finally {
        await page.dispose();
      }
    });

    test(`les pages des parcours se lisent en français courant (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        const read = async (url: string, name: string, options?: { citations: boolean }) => {
          await visit(page, url, { name });
          assertPlainFrench(url, await readableText(page), options);
        };
        await read('/', 'accueil');
        await read('/recherche?q=boulanger', 'recherche-boulanger');
        await read(`/metiers/D1102?commune=${NANTES}`, 'fiche-boulanger-nantes');
        await read(`/territoires/commune/${NANTES}`, 'territoire-nantes');
        await read(`/formations?rome=D1102&commune=${NANTES}`, 'formations-boulanger-nantes');
        await page.locator('#liste-formations > li').first().getByRole('link').first().click();
        await page.waitForURL(/\/formations\/[^/]+\/[^/?]+/);
        await checkPage(page, 'formation');
        assertPlainFrench(page.url(), await readableText(page));
        await read('/sources', 'sources', { citations: true });

        // The pathway from vendeur en alimentation to boulanger, from Nantes (the form prefilled by its address).
        await visit(page, `/parcours?from=D1106&to=D1102&commune=${NANTES}`, { name: 'parcours' });
        await page.getByLabel(/^Demandeur ou demandeuse d’emploi/).check();
        await page.getByRole('button', { name: /Simuler mes parcours/ }).click();
        // The answer (the form posts without JavaScript): how many pathways were found, towards boulanger.
        await page
          .locator('main [role="status"]')
          .filter({ hasText: /parcours trouvés?/ })
          .waitFor({ timeout: 60_000 });
        await checkPage(page, 'parcours-resultats');
        const pathway = await readableText(page);
        assert.match(pathway, /Boulanger/);
        assertPlainFrench('/parcours', pathway);
      } finally {
        await page.dispose();
      }
    });

    test(`aucune « prochaine session » n’est passée (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        const today = parisToday();
        const shown: string[] = [];
        const check = async (url: string, name: string) => {
          await visit(page, url, { name });
          const text = await readableText(page);
          assert.deepEqual(pastNextSessions(text, today), [], url);
          // The cards' « Prochaine session » one by one (dt/dd), whatever the words around.
          const next = await page.evaluate(() =>
            [...document.querySelectorAll('dt')]
              .filter((dt) => /prochaine session/i.test(dt.textContent ?? ''))
              .map((dt) => dt.nextElementSibling?.textContent ?? ''),
          );
          for (const dd of next)
            for (const day of daysIn(dd)) assert.ok(day >= today, `${url} : prochaine session « ${dd} » passée (aujourd’hui ${today})`);
          shown.push(...next);
        };
        await check(`/formations?rome=D1102&commune=${NANTES}&rayon=200`, 'formations-boulanger-200km');
        await check(`/formations?commune=${NANTES}&tri=start`, 'formations-nantes-debut');
        const first = page.locator('#liste-formations > li').first().getByRole('link').first();
        const href = await first.getAttribute('href');
        assert.ok(href, 'une formation à ouvrir');
        await check(href, 'formation');
        await check(`/metiers/D1102?commune=${NANTES}`, 'fiche-boulanger-nantes');
        assert.ok(
          shown.some((dd) => daysIn(dd).length > 0),
          `des prochaines sessions datées sont montrées : ${shown.join(' | ')}`,
        );
      } finally {
        await page.dispose();
      }
    });

    test(`une recherche vide propose les formations les plus proches et un rayon plus large (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        // Saint-Nazaire, Noirmoutier-en-l’Île, then other edges of the région: the first whose nearest baker training is 6 km away or more.
        let place = '';
        let nearestKm = 0;
        for (const commune of ['44184', '85163', '53062', '72181', '85191']) {
          const res = await page.request.get(`/api/v1/trainings?rome=D1102&near=${commune}&radiusKm=200&sort=distance&pageSize=1`);
          assert.equal(res.status(), 200);
          const body = (await res.json()) as { results: { lieu: { distanceKm: number | null } | null }[] };
          nearestKm = body.results[0]?.lieu?.distanceKm ?? 0;
          place = commune;
          if (nearestKm >= 6) break;
        }
        assert.ok(nearestKm >= 6, `la formation de boulanger la plus proche est à ${nearestKm} km : il faut un rayon vide en deçà`);
        const rayon = [...RAYONS].reverse().find((r) => r < nearestKm)!;

        await visit(page, `/formations?rome=D1102&commune=${place}&rayon=${rayon}`, { name: 'formations-rayon-vide' });
        await assertKeyboardReachesAll(page);
        const results = page.locator('section.results');
        const said = await results.innerText();
        assert.match(
          said,
          new RegExp(`Aucune offre à moins de ${rayon} km de .+\\. Voici (?:les plus proches|la plus proche), jusqu’à \\d+ km\\.`),
        );
        const cards = page.locator('#liste-formations > li');
        assert.ok((await cards.count()) >= 1, 'les offres les plus proches sont listées');
        assert.match(await cards.first().innerText(), /boulang/i);
        const wider = page.getByRole('link', { name: /^Chercher à moins de \d+ km$/ });
        const km = Number((await wider.innerText()).match(/(\d+) km/)![1]);
        assert.ok(km > rayon && km >= nearestKm, `le rayon proposé (${km} km) contient la plus proche (${nearestKm} km)`);

        await wider.click();
        await page.waitForURL((url) => url.searchParams.get('rayon') === String(km));
        await checkPage(page, 'formations-rayon-elargi');
        assert.match(await page.locator('#resultats').innerText(), new RegExp(`^\\d+ formations? à moins de ${km} km de `));
        assert.ok((await page.locator('#liste-formations > li').count()) >= 1, 'le rayon élargi liste les formations');
      } finally {
        await page.dispose();
      }
    });

    test(`les pages de l’apprentissage cherchent un lieu dans la région d’abord (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        // « boulanger » typed as a place: no commune of the région, never Boulange (Moselle) by a guessed typo.
        for (const path of ['/apprentissage/cfa', '/apprentissage/carte', '/apprentissage/agenda']) {
          await visit(page, `${path}?commune=boulanger`, { name: `apprentissage-lieu-${path.split('/').pop()}` });
          const commune = new URL(page.url()).searchParams.get('commune') ?? '';
          assert.ok(!/^\d/.test(commune) || /^(44|49|53|72|85)/.test(commune), `${path} : commune ${commune} hors de la région`);
          assert.doesNotMatch(await page.locator('main').innerText(), /Boulange\b/, `${path} : Boulange (Moselle) proposée`);
        }
        // A commune of the région written loosely is found.
        await visit(page, '/apprentissage/cfa?commune=saint%20nazaire', { name: 'apprentissage-lieu-cfa' });
        assert.equal(new URL(page.url()).searchParams.get('commune'), '44184');
      } finally {
        await page.dispose();
      }
    });

    test(`« Trier par » montre ses mots en entier (${mode})`, { skip }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, `/formations?rome=D1102&commune=${NANTES}`, { name: 'formations-boulanger-nantes' });
        const select = page.getByLabel(/^Trier par/);
        assert.ok(await select.isVisible());
        // A select's scrollWidth does not grow with a cut text: every option's words are also measured
        // against the room left by the padding and the arrow (about 20 px in Chromium).
        const fit = await select.evaluate((el: HTMLSelectElement) => {
          const style = getComputedStyle(el);
          const context = document.createElement('canvas').getContext('2d')!;
          context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
          const room = el.clientWidth - Number.parseFloat(style.paddingLeft) - Number.parseFloat(style.paddingRight) - 20;
          return {
            scrollWidth: el.scrollWidth,
            clientWidth: el.clientWidth,
            cut: [...el.options].filter((o) => context.measureText(o.text).width > room).map((o) => o.text),
          };
        });
        assert.ok(fit.scrollWidth <= fit.clientWidth, `texte coupé : ${fit.scrollWidth} > ${fit.clientWidth} px`);
        assert.deepEqual(fit.cut, [], `options coupées à ${width} px (${fit.clientWidth} px de large)`);
      } finally {
        await page.dispose();
      }
    });
  }
}
