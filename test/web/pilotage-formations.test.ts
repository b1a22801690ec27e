/**
 * The two steering pages of the training offer in Debian's Chromium at 390 px, with and without
 * JavaScript, over the real bundle: the training-map review (/pilotage/formations: averages of the
 * Pays de la Loire by voie, the formations to review with their reason, the quadrant chart as SVG
 * with its tables, the GET form restricting to apprenticeship) and the needs per sector and
 * territory (/pilotage/besoins: the rule stated, the table by domain, a bassin chosen with the GET
 * form). Every page passes axe-core and the RGAA basics.
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

const noSideScroll = async (page: Awaited<ReturnType<typeof openPage>>) =>
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, 'la page défile en largeur');

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`revue de la carte des formations : moyennes, formations à examiner et leur raison, quadrants en graphique et en tableau (390 px${mode})`, {
    skip,
  }, async () => {
    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(page, '/pilotage/formations', { name: 'pilotage-formations' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Revue de la carte des formations');
      await noSideScroll(page);
      const averages = page.locator('#moyennes-table-titre ~ tbody tr');
      assert.match(await averages.nth(0).innerText(), /^Voie scolaire\s+54,9\s%\s+54,8\s%/);
      assert.match(await averages.nth(1).innerText(), /^Apprentissage\s+74,4\s%\s+41,7\s%/);
      assert.match(
        await page.locator('#moyennes ~ p, #moyennes + p').first().innerText(),
        /écartées parce qu’elles comptent moins de 20 élèves/,
      );
      // The formation furthest under its voie's average comes first, with its reason in French.
      assert.match(
        await page.locator('#liste-a-examiner li').first().innerText(),
        /^MONTEUR AUDIOVISUEL \(TP\) \(apprentissage, TH3-T\) : taux d’emploi à 6 mois de 39 % contre 74 % en moyenne régionale \(apprentissage\), et poursuite d’études sous la moyenne \(5 % contre 42 %\)/,
      );
      // A formation listed for its pressure too (Affelnet 2022, schools of the région).
      assert.match(
        await page.locator('#liste-a-examiner li', { hasText: "AGENT DE PROPRETE ET D'HYGIENE (CAP)" }).innerText(),
        /pression 0,3 : 30 demandes pour 100 places \(Affelnet 2022, 17 demandes pour 57 places\)\.$/,
      );
      // The chart is an image with a title and a description; its tables follow it.
      const chart = page.locator('#quadrants ~ figure svg[role="img"]');
      assert.equal(await chart.locator('title').first().textContent(), 'Formations selon leur écart à la moyenne régionale de leur voie');
      assert.match((await chart.locator('desc').textContent()) ?? '', /emploi et poursuite d’études sous la moyenne : \d+ formations/);
      assert.equal(await page.locator('#quadrants-table-titre ~ tbody tr').count(), 4);
      assert.ok((await page.locator('#formations-table-titre ~ tbody tr').count()) > 300);

      await page.getByLabel('Voie', { exact: true }).selectOption('apprentissage');
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL(/\/pilotage\/formations\?voie=apprentissage&niveau=$/);
      await checkPage(page, 'pilotage-formations-apprentissage');
      // The table of every formation is in a closed details box: its text, not what is shown.
      const voies = new Set(await page.locator('#formations-table-titre ~ tbody tr td:nth-of-type(1)').allTextContents());
      assert.deepEqual([...voies], ['Apprentissage']);
    } finally {
      await page.dispose();
    }
  });

  test(`besoins par secteur et territoire : la règle, les domaines, un bassin choisi (390 px${mode})`, { skip }, async () => {
    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(page, '/pilotage/besoins', { name: 'pilotage-besoins' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Besoins par secteur et territoire');
      await noSideScroll(page);
      assert.match(
        await page.locator('#regle').innerText(),
        /^Règle : Offre de formation à construire : au moins 300 projets de recrutement non saisonniers dans le bassin pour le domaine, et moins de places de formation initiale pour 100 de ces projets que la moitié du rapport de toute la région \(20,7 pour 100 dans la région : moins de 10,4\)\.$/,
      );
      assert.ok((await page.locator('#domaines-titre ~ tbody tr').count()) >= 15);
      assert.equal(
        // Thousands are grouped with a narrow no-break space.
        (await page.locator('#liste-a-construire li').first().innerText()).replace(/\u202f/g, ' '),
        'Services aux particuliers et aux collectivités, bassin de NANTES (44) : 4 218 projets de recrutement dont 660 saisonniers (69 % difficiles) ' +
          'pour 146 places de formation initiale : 4,1 pour 100 projets non saisonniers, contre 20,7 dans la région ; métiers en forte tension (4,7 sur 5).',
      );

      const bassin = page.getByLabel('Bassin d’emploi', { exact: true });
      const options = await bassin.locator('option').allInnerTexts();
      assert.ok(options.length > 20, 'les bassins BMO de la région sont proposés');
      const nantes = options.find((o) => /^NANTES/.test(o));
      assert.ok(nantes, `un bassin de Nantes parmi ${options.join(', ')}`);
      await bassin.selectOption({ label: nantes });
      await page.getByRole('button', { name: 'Afficher' }).click();
      await page.waitForURL(/\/pilotage\/besoins\?bassin=\d+&famille=$/);
      await checkPage(page, 'pilotage-besoins-bassin');
      assert.match(await page.locator('#par-domaine').innerText(), /— bassin de NANTES/);
      const rows = await page.locator('#cases-titre ~ tbody th').allInnerTexts();
      assert.ok(rows.length > 0 && rows.every((r) => r.startsWith('NANTES')));
    } finally {
      await page.dispose();
    }
  });
}
