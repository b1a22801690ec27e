/**
 * « Mes compétences ailleurs » and « Simuler mon parcours » (issues 4 and 5) in Debian's Chromium at
 * 390 and 1280 px: every visited page passes axe-core and the RGAA basics, Tab reaches every
 * control, screenshots under test-results/screenshots/. The transitions journey also runs with
 * JavaScript disabled, up to the simulator prefilled with the skills unticked; so does the
 * simulator's error journey (the forms need no script).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { WIDTHS, assertKeyboardReachesAll, checkPage, visit, type JourneyPage, journeySuite } from './helpers/index.ts';

const { skip, open } = journeySuite();

/**
 * After a form comes back with errors the browser has put the focus on the error summary
 * (autofocus): start the keyboard round from the top of the page again, as a person would
 * after reading the summary.
 */
async function focusFromTop(page: JourneyPage): Promise<void> {
  await page.evaluate(() => {
    document.body.tabIndex = -1;
    document.body.focus();
  });
}

async function submitAndWait(page: JourneyPage, name: RegExp | string): Promise<void> {
  await Promise.all([
    page.waitForNavigation({ waitUntil: 'load' }),
    page.getByRole('button', { name, exact: typeof name === 'string' }).click(),
  ]);
}

for (const javaScript of [true, false]) {
  for (const width of WIDTHS) {
    const mode = javaScript ? '' : ', sans JavaScript';
    test(`mes compétences ailleurs : depuis boulanger, les métiers proches classés, puis le parcours sans les compétences décochées (${width} px${mode})`, {
      skip,
      timeout: 240_000,
    }, async () => {
      const page = await open({ width, javaScript });
      try {
        await visit(page, '/competences', { name: 'competences' });
        await assertKeyboardReachesAll(page);

        // Find the occupation held by its name (a GET form: the code lands in the URL, nothing else).
        await page.getByLabel(/Un métier que vous avez exercé/).fill('boulanger');
        await submitAndWait(page, 'Chercher ce métier');
        assert.match(page.url(), /\/competences\?q=boulanger$/);
        await checkPage(page, 'competences-choix-metier');
        await Promise.all([
          page.waitForURL(/\/competences\?from=D1102$/),
          page
            .getByRole('link', { name: /^Boulanger/ })
            .first()
            .click(),
        ]);
        await checkPage(page, 'competences-resultats');
        await assertKeyboardReachesAll(page);

        // A ranked list the person can read: each target with its score in words.
        const results = page.locator('ol.g-transitions > li');
        assert.ok((await results.count()) >= 5, 'au moins cinq métiers proches attendus');
        const first = results.first();
        const firstText = await first.innerText();
        assert.match(firstText, /^1\./);
        assert.match(firstText, /\d+\s% de pertinence pour ce changement de métier/);
        assert.match(firstText, /Confiance dans cette proposition : (élevée|moyenne|faible)/);
        assert.match(firstText, /Pourquoi ce métier :/);
        assert.match(
          firstText,
          /Vous avez déjà \d+\s% de ce que demande ce métier : \d+ compétences en commun, \d+ compétences à acquérir/,
        );
        assert.doesNotMatch(firstText, /Boulanger \/ Boulangère \(D1102\)/, 'le métier exercé ne figure pas parmi les résultats');
        const scores = await results.locator('.g-score-figure').allInnerTexts();
        const values = scores.map((s) => Number.parseInt(s, 10));
        assert.deepEqual(
          values,
          [...values].sort((a, b) => b - a),
          'métiers classés du plus pertinent au moins pertinent',
        );

        // What is missing, by macro-compétence (details/summary: opens without JavaScript too).
        await first.locator('summary', { hasText: 'Ce qu’il vous reste à acquérir' }).click();
        const groups = first.locator('.g-missing-group h4');
        assert.ok((await groups.count()) >= 1, 'compétences manquantes groupées par macro-compétence');
        assert.ok((await first.locator('.g-missing-group li').first().innerText()).length > 3);
        const simulate = first.getByRole('link', { name: /Simuler mon parcours/ });
        assert.match((await simulate.getAttribute('href')) ?? '', /^\/parcours\?from=D1102&to=[A-N]\d{4}$/);

        // Untick three skills not practised: the profile is POSTed, so the URL keeps only the occupation code.
        await page.locator('summary', { hasText: 'Décocher les compétences' }).click();
        const boxes = page.locator('details.g-untick input[type="checkbox"]');
        const codes: string[] = [];
        for (let i = 0; i < 3; i++) {
          codes.push((await boxes.nth(i).getAttribute('value')) ?? '§');
          await boxes.nth(i).uncheck();
        }
        await submitAndWait(page, /Voir les métiers qui me correspondent/);
        assert.match(page.url(), /\/competences\?from=D1102$/);
        for (const code of codes) assert.ok(!page.url().includes(code), 'aucune compétence dans l’adresse');
        await checkPage(page, 'competences-profil');
        const note = await page.locator('section[aria-labelledby="resultats"] > p.source').innerText();
        assert.match(note, /3 compétences décochées n’ont pas été comptées/);
        assert.ok((await page.locator('ol.g-transitions > li').count()) >= 5);
        assert.match(await page.locator('details.g-untick summary').innerText(), /cochées sur \d+/);
        for (const code of codes) assert.equal(await page.locator(`#keep-${code}`).isChecked(), false, 'la case décochée le reste');

        // The unticked skills follow the person into the simulator: a POSTed button, no link with codes.
        const target = page.locator('ol.g-transitions > li').first();
        const targetLabel = await target.locator('.g-transition-title a').innerText();
        assert.equal(await target.getByRole('link', { name: /Simuler mon parcours/ }).count(), 0);
        const go = target.getByRole('button', { name: `Simuler mon parcours vers ${targetLabel}` });
        await Promise.all([page.waitForURL(/\/parcours$/), go.click()]);
        await page.waitForLoadState('load');
        await checkPage(page, 'parcours-depuis-competences');
        assert.equal(await page.locator('.g-error-summary').count(), 0, 'formulaire prérempli, sans erreur');
        assert.equal(await page.getByLabel(/Un métier que vous avez exercé/).inputValue(), 'Boulanger / Boulangère');
        assert.equal(await page.getByLabel(/Le métier visé/).inputValue(), targetLabel);
        const leftOut = page.locator('.g-excluded');
        assert.match(
          await leftOut.innerText(),
          /3 compétences que vous ne pratiquez pas sont écartées de la simulation : vous les avez décochées dans « Mes compétences ailleurs »/,
        );
        assert.deepEqual(
          (
            await page
              .locator('form.g-pathway-form input[name="exclude"]')
              .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))
          ).sort(),
          [...codes].sort(),
          'les compétences décochées partent avec la simulation',
        );
        await assertKeyboardReachesAll(page);

        await page.getByLabel(/Votre commune/).fill('44600');
        await page.getByLabel(/Demandeur ou demandeuse d’emploi/).check();
        await submitAndWait(page, 'Simuler mes parcours');
        assert.match(page.url(), /\/parcours$/, 'rien de personnel dans l’adresse');
        await checkPage(page, 'parcours-resultats-depuis-competences');
        assert.match(
          await page.locator('.g-result-summary').innerText(),
          /depuis Boulanger \/ Boulangère \(sans les 3 compétences que vous ne pratiquez pas\), à 30 km au plus de Saint-Nazaire/,
        );
        assert.match(await page.locator('#cible-0').innerText(), new RegExp(`Vers le métier ${targetLabel.replace(/[/()]/g, '\\$&')}`));
        assert.match(await leftOut.innerText(), /3 compétences que vous ne pratiquez pas sont écartées/);

        // Count them again: one button, no script needed; the form keeps what was typed.
        await submitAndWait(page, 'Compter toutes les compétences de mon métier');
        await checkPage(page, 'parcours-toutes-competences');
        assert.match(
          await page.locator('p.notice[role="status"]').innerText(),
          /Toutes les compétences de votre métier sont de nouveau comptées/,
        );
        assert.equal(await leftOut.count(), 0);
        assert.equal(await page.locator('input[name="exclude"]').count(), 0);
        assert.equal(await page.getByLabel(/Votre commune/).inputValue(), 'Saint-Nazaire (44600)');
      } finally {
        await page.dispose();
      }
    });
  }
}

for (const width of WIDTHS) {
  test(`simuler mon parcours : vendeur en épicerie à Saint-Nazaire, demandeur d’emploi, vers boulanger (${width} px)`, {
    skip,
    timeout: 240_000,
  }, async () => {
    const page = await open({ width, javaScript: true });
    try {
      await visit(page, '/parcours', { name: 'parcours' });
      await assertKeyboardReachesAll(page);

      await page.getByLabel(/Un métier que vous avez exercé/).fill('vendeur en épicerie');
      await page.getByLabel('Vers un métier précis').check();
      await page.getByLabel(/Le métier visé/).fill('boulanger');
      await page.getByLabel(/Votre commune/).fill('Saint-Nazaire');
      await page.getByLabel(/Distance maximale/).fill('30');
      await page.getByLabel(/Demandeur ou demandeuse d’emploi/).check();
      await page.getByLabel(/Votre âge/).fill('35');
      await submitAndWait(page, 'Simuler mes parcours');

      // Three communes are called Saint-Nazaire: the form asks which one, and keeps the rest.
      await checkPage(page, 'parcours-precision-commune');
      assert.match(await page.locator('.g-error-summary').innerText(), /Votre commune : plusieurs réponses possibles/);
      assert.equal(await page.getByLabel(/Un métier que vous avez exercé/).inputValue(), 'Vendeur / Vendeuse en épicerie');
      await page.getByRole('radio', { name: /Saint-Nazaire — code postal 44600/ }).check();
      await submitAndWait(page, 'Simuler mes parcours');
      assert.match(page.url(), /\/parcours$/, 'rien de personnel dans l’adresse');
      await checkPage(page, 'parcours-resultats');
      await assertKeyboardReachesAll(page);

      const summary = await page.locator('.g-result-summary').innerText();
      assert.match(summary, /parcours trouvés? depuis Vendeur \/ Vendeuse en épicerie, à 30 km au plus de Saint-Nazaire/);
      assert.match(await page.locator('#cible-0').innerText(), /Vers le métier Boulanger \/ Boulangère/);
      const cards = page.locator('ol.g-pathways > li');
      const n = await cards.count();
      assert.ok(n >= 1 && n <= 5, `1 à 5 parcours attendus, ${n} affichés`);

      // A pathway with a certifying training nearby, its funding routes and figures with sources.
      const card = cards.filter({ hasText: 'Formation certifiante' }).first();
      const text = await card.innerText();
      assert.match(text, /Étape \d · Formation certifiante/i);
      assert.match(text, /Certification : .+/);
      assert.match(text, /Démonstration : offre fictive/, 'offre de démonstration signalée');
      assert.match(text, /Durée totale\s+\d+ semaines?/);
      assert.match(text, /Distance la plus longue\s+[\d,]+ km/);
      const km = Number((text.match(/Distance la plus longue\s+([\d,]+) km/)?.[1] ?? '999').replace(',', '.'));
      assert.ok(km <= 30, `formation dans le rayon (${km} km)`);
      assert.match(text, /Prochaines entrées\s+\d{1,2} \S+ \d{4}/);
      assert.match(text, /Taux d’emploi attendu\s+(\d+\s%[\s\S]*Source : [^\n]+, \d{4}|non publié)/);
      if (/Taux d’emploi attendu\s+\d/.test(text))
        assert.match(text, /personnes? dans la cohorte/, 'taille de la cohorte du taux d’emploi');
      assert.match(text, /Tension du métier près de chez vous\s+\d sur 5\s+Source : .+, \d{4}/);
      const funding = card.locator('.g-funding > li');
      assert.ok((await funding.count()) >= 1, 'au moins un financement');
      const fundingText = (await funding.allInnerTexts()).join('\n');
      assert.match(fundingText, /ouvert au statut « demandeur d’emploi »/);
      assert.match(fundingText, /France Travail|CPF|Région/);
      assert.doesNotMatch(fundingText, /^Contrat d’apprentissage/m, 'pas d’apprentissage à 35 ans');
      // Each route names its legal source.
      const route = funding.first();
      await route.locator('summary').click();
      assert.ok((await route.locator('details a[href^="https://"]').count()) >= 1, 'texte de référence du financement');
    } finally {
      await page.dispose();
    }
  });
}

for (const javaScript of [true, false]) {
  const width = javaScript ? 1280 : 390;
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`simuler mon parcours : erreurs annoncées et reliées aux champs (${width} px${mode})`, { skip }, async () => {
    const page = await open({ width, javaScript });
    try {
      await visit(page, '/parcours?from=D1106&to=D1102&commune=44184', { name: 'parcours-prerempli' });
      assert.equal(await page.getByLabel(/Votre commune/).inputValue(), 'Saint-Nazaire (44600)');
      await page.getByLabel(/Distance maximale/).fill('500');
      await submitAndWait(page, 'Simuler mes parcours');
      await checkPage(page, 'parcours-erreurs');
      assert.match(await page.title(), /^Erreur – /);
      const summary = page.locator('.g-error-summary');
      assert.equal(await summary.getAttribute('role'), 'alert');
      const items = await summary.locator('li').allInnerTexts();
      // Status is missing (checked by the form); the radius is only checked once the form is complete.
      assert.deepEqual(items, ['Votre situation : choisissez jeune, demandeur d’emploi ou salarié']);
      assert.equal(
        await page.evaluate(() => document.activeElement?.classList.contains('g-error-summary')),
        true,
        'le focus va au récapitulatif',
      );
      assert.equal(await page.locator('#status-jeune').getAttribute('aria-describedby'), 'status-error');

      await page.getByLabel(/Salarié ou salariée/).check();
      await submitAndWait(page, 'Simuler mes parcours');
      await checkPage(page, 'parcours-erreur-rayon');
      assert.match(await summary.innerText(), /rayon invalide/i);
      const radius = page.getByLabel(/Distance maximale/);
      assert.equal(await radius.getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator(`#${await radius.getAttribute('aria-describedby')}`).innerText(), /^Erreur : Rayon invalide/);
      assert.equal(await radius.inputValue(), '500', 'la saisie est conservée');
      await summary.getByRole('link').first().click();
      assert.match(page.url(), /#radius$/);
      await focusFromTop(page);
      await assertKeyboardReachesAll(page);
    } finally {
      await page.dispose();
    }
  });
}
