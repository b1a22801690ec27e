/**
 * Issue 18, « Simuler mon parcours » as a person fills it, in Debian's Chromium at 390 and 1280 px,
 * with and without JavaScript: names typed without picking any suggestion (« boulanger »,
 * « Nantes ») give a result; an ambiguous word (« vendeur », « Saint-Nazaire ») a list to choose
 * from; a name that matches nothing a message next to its field, the text kept. The result names
 * only the routes it proposes and says why each other one is absent; the training reached from it
 * shows its contact details once. Every page passes axe-core and the keyboard walk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, visit, type JourneyPage, journeySuite } from './helpers/index.ts';

const { skip, open } = journeySuite();

async function submit(page: JourneyPage): Promise<void> {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name: 'Simuler mes parcours', exact: true }).click(),
  ]);
}

/** After a form comes back with errors the focus is on the summary: walk the keyboard from the top, as a person would. */
async function focusFromTop(page: JourneyPage): Promise<void> {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });
}

/** Each kind of pathway: its name in the result's intro, and how its card's title starts. */
const ROUTES = [
  { name: 'candidature directe', title: /^Candidater directement/ },
  { name: 'VAE', title: /^Valider l’expérience \(VAE\)/ },
  { name: 'formation certifiante', title: /^Se former et se certifier/ },
  { name: 'contrat d’apprentissage', title: /^Apprentissage :/ },
  { name: 'formation courte d’adaptation', title: /^Formation courte d’adaptation/ },
  { name: 'contrat de professionnalisation', title: /^Contrat de professionnalisation/ },
];

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = javaScript ? '' : ', sans JavaScript';

    test(`parcours : « boulanger » et « Nantes » tapés sans choisir de suggestion donnent un résultat (${width} px${mode})`, {
      skip,
      timeout: 300_000,
    }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/parcours', { name: 'parcours-saisie' });
        await page.getByLabel(/Un métier que vous avez exercé/).fill('vendeur en épicerie');
        await page.getByLabel(/Le métier visé/).fill('boulanger');
        await page.getByLabel(/Votre commune/).fill('Nantes');
        await page.getByLabel(/Demandeur ou demandeuse d’emploi/).check();
        await page.getByLabel(/Votre âge/).fill('35');
        await submit(page);
        await checkPage(page, 'parcours-boulanger-nantes');
        assert.equal(await page.locator('.g-error-summary').count(), 0, 'pas d’erreur ni de choix à faire');
        assert.match(
          await page.locator('.g-result-summary').innerText(),
          /depuis Vendeur \/ Vendeuse en épicerie, à 30 km au plus de Nantes\./,
        );
        assert.match(await page.locator('#cible-0').innerText(), /Vers le métier Boulanger \/ Boulangère/);

        // The intro names the routes of the cards shown, and no other; each absent route says why.
        assert.doesNotMatch(
          await page.locator('.g-lead').innerText(),
          /VAE|alternance|apprentissage|formation/i,
          'l’introduction ne promet rien',
        );
        const proposed = await page.locator('.g-routes-proposed').innerText();
        const titles = await page.locator('ol.g-pathways > li > h3').allInnerTexts();
        assert.ok(titles.length >= 1, 'au moins un parcours');
        const reasons = await page.locator('.g-absent > li').allInnerTexts();
        for (const r of ROUTES) {
          const shown = titles.some((t) => r.title.test(t));
          assert.equal(
            proposed.includes(r.name),
            shown,
            `« ${r.name} » nommé dans l’introduction si et seulement si un parcours le propose`,
          );
          if (!shown)
            assert.ok(
              reasons.some((x) => x.startsWith('Pas ') && x.includes(r.name.split(' ').at(-1)!)),
              `raison de l’absence : ${r.name}`,
            );
        }
        assert.match(proposed, new RegExp(`^${titles.length} parcours possibles? pour vous : `));
        // A vendeur en épicerie covers about a fifth of the baker's occupation: no VAE, and why.
        const vae = reasons.find((x) => x.startsWith('Pas de VAE'));
        assert.match(
          vae ?? '',
          /^Pas de VAE : .*vos compétences couvrent \d+(,\d)? % du métier Boulanger \/ Boulangère .*il en faut au moins 50 %\.$/,
        );
        // At 35, apprenticeship is closed, said briefly.
        assert.match(
          reasons.find((x) => x.startsWith('Pas d’apprentissage')) ?? '',
          /vous avez indiqué 35 ans, il est ouvert de 16 à 29 ans/,
        );
        // Under each figure one short source line (producer, year); the full provenance stays folded.
        const cardsText = await page.locator('ol.g-pathways').innerText();
        assert.doesNotMatch(cardsText, /\d{4}-\d{2}-\d{2}/, 'aucune date ISO visible sous les chiffres');
        const sources = cardsText.split('\n').filter((l) => l.startsWith('Source :'));
        assert.ok(sources.length >= 1, 'les chiffres citent leur source');
        for (const line of sources) assert.match(line, /^Source : .{1,100}, \d{4}\b/, `source courte : « ${line} »`);
        await assertKeyboardReachesAll(page);

        // The training of the first pathway: its contact details once.
        const training = page.locator('.g-step-training a[href^="/formations/"]').first();
        await Promise.all([page.waitForURL(/\/formations\/[^/]+\/[^/]+$/), training.click()]);
        await checkPage(page, 'formation-depuis-parcours');
        const contact = page.locator('section[aria-labelledby="contact"]');
        const links = await contact.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
        assert.ok(links.length >= 1, 'au moins un moyen de contact');
        assert.deepEqual(
          links.filter((h, i) => links.indexOf(h) !== i),
          [],
          'chaque courriel, téléphone ou site n’est écrit qu’une fois',
        );
        const lines = (await contact.locator('li').allInnerTexts()).map((l) => l.trim());
        assert.deepEqual(
          lines.filter((l, i) => lines.indexOf(l) !== i),
          [],
          'aucune ligne de contact répétée',
        );
        assert.equal(await page.getByRole('heading', { name: 'Contact', exact: true }).count(), 1);
        await assertKeyboardReachesAll(page);
      } finally {
        await page.dispose();
      }
    });

    test(`parcours : un mot ambigu propose une liste, un nom inconnu un message près du champ (${width} px${mode})`, {
      skip,
      timeout: 300_000,
    }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/parcours', { name: 'parcours-saisie-ambigue' });
        await page.getByLabel(/Un métier que vous avez exercé/).fill('vendeur');
        await page.getByLabel(/Le métier visé/).fill('boulanger');
        await page.getByLabel(/Votre commune/).fill('Qwxzkj');
        await page.getByLabel(/Salarié ou salariée/).check();
        await submit(page);
        await checkPage(page, 'parcours-choix-metier');
        const summary = await page.locator('.g-error-summary').innerText();
        assert.match(summary, /Votre métier : plusieurs réponses possibles \(plusieurs métiers correspondent à « vendeur »\)/);
        assert.match(summary, /Votre commune : aucune commune ne correspond à « Qwxzkj »/);
        assert.doesNotMatch(summary, /métier visé/, '« boulanger » est reconnu sans choix');
        // The unknown commune: a message tied to its field, the text kept.
        const commune = page.getByLabel(/Votre commune/);
        assert.equal(await commune.inputValue(), 'Qwxzkj');
        assert.equal(await commune.getAttribute('aria-invalid'), 'true');
        assert.match(
          await page.locator(`#${await commune.getAttribute('aria-describedby')}`).innerText(),
          /aucune commune ne correspond à « Qwxzkj »/,
        );
        // The ambiguous word: a group of radio buttons named by the question.
        const group = page.getByRole('group', { name: /Plusieurs métiers correspondent à « vendeur » : choisissez le vôtre/ });
        assert.ok((await group.getByRole('radio').count()) >= 2, 'plusieurs métiers à choisir');
        await focusFromTop(page);
        await assertKeyboardReachesAll(page);

        await group.getByRole('radio', { name: /^Vendeur \/ Vendeuse en épicerie/ }).check();
        await commune.fill('Saint-Nazaire');
        await submit(page);
        // Three communes are called Saint-Nazaire: the one of the région first, to choose.
        await checkPage(page, 'parcours-choix-commune');
        assert.equal(await page.getByLabel(/Un métier que vous avez exercé/).inputValue(), 'Vendeur / Vendeuse en épicerie');
        const communes = page.getByRole('group', { name: /3 communes s’appellent « Saint-Nazaire » : choisissez la vôtre/ });
        const first = communes.getByRole('radio').first();
        assert.match((await first.getAttribute('id')) ?? '', /^commune-choice-0$/);
        assert.match(await communes.locator('label').first().innerText(), /^Saint-Nazaire — code postal 44600/);
        await first.check();
        await submit(page);
        await checkPage(page, 'parcours-saint-nazaire');
        assert.match(
          await page.locator('.g-result-summary').innerText(),
          /(parcours trouvés? depuis Vendeur \/ Vendeuse en épicerie, à 30 km au plus de Saint-Nazaire|Aucun parcours)/,
        );
        assert.match(await page.locator('#cible-0').innerText(), /Vers le métier Boulanger \/ Boulangère/);
        // A salarié: no professionalisation contract, and why.
        assert.ok(
          (await page.locator('.g-absent > li').allInnerTexts()).includes(
            'Pas de contrat de professionnalisation : non ouvert au statut « salarié ».',
          ),
        );
      } finally {
        await page.dispose();
      }
    });
  }
}
