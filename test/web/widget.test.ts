/**
 * The embeddable widget (issue 14) in Debian's Chromium at 390 px, on a partner's page of another
 * origin (a server of the test on another port): the pasted <script> puts the titled frame
 * after itself and fits its height from the frame's messages (not from anyone else's); the search
 * is done with the keyboard alone inside the frame; results show. Without JavaScript, the pasted
 * <iframe> works the same (the GET form reloads the frame). The widget's page passes axe-core.
 * The partners' page of the portal (/partenaires/widget) composes the embed, with and without
 * JavaScript, and passes the RGAA basics; the code it gives is the one the first test pastes.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:http';
import {
  assertKeyboardReachesAll,
  assertNoAxeViolations,
  checkPage,
  launchBrowser,
  openPage,
  screenshot,
  visit,
  type Browser,
  type JourneyPage,
} from './helpers/index.ts';
import { DEMO, buildPortal, skipReason } from './helpers/portal.ts';
import { openBundleDatabase } from '../helpers/db.ts';
import { importDemoCatalogue } from '../helpers/demo.ts';
import { buildServer, type App } from '../../src/app/server.ts';
import type { DbHandle } from '../../src/platform/db/connection.ts';
import type { TrainingSearchResponse } from '../../src/trainings/contract.ts';

const skip = skipReason();
const TITLE = 'Recherche de formations — Passerelles';
let app: App;
let handle: DbHandle;
let url: string;
let browser: Browser;
let partner: string;
let partnerHtml = '';
const partnerServer = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(partnerHtml));

before(
  async () => {
    if (skip) return;
    // The build serves the partners' page only: the widget is the platform's own (no portal bundle).
    const [buildDir, bundle] = await Promise.all([buildPortal(), openBundleDatabase()]);
    handle = bundle;
    await importDemoCatalogue(handle, DEMO);
    process.env.PASSERELLES_WEB_BUILD_DIR = buildDir;
    ({ app } = await buildServer(handle, { logger: false, rateLimit: 100_000 }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => partnerServer.listen(0, '127.0.0.1', resolve));
    partner = `http://127.0.0.1:${(partnerServer.address() as AddressInfo).port}`;
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  partnerServer.close();
  await app?.close();
  await handle?.close();
});

/**
 * A partner's page holding `embed`, a link before it and a paragraph after it, served by a server
 * of its own on another port: another origin, on this machine (Chromium refuses a page of a
 * public address the right to load from 127.0.0.1).
 */
async function partnerPage(page: JourneyPage, embed: string): Promise<void> {
  partnerHtml = `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Mission locale de l’Anjou</title></head>
<body><main><h1>Mission locale de l’Anjou</h1><p><a href="/contact">Nous contacter</a></p>
${embed}<p id="apres">Fin de la page du partenaire.</p></main></body></html>`;
  // The harness refuses any host but the platform's: this one page is let through.
  await page.route(`${partner}/**`, (route) => route.continue());
  await page.goto(`${partner}/formations`);
}

/** The trainings the training search gives for a query, as `source/formation`. */
async function searched(query: string): Promise<{ total: number; ids: string[] }> {
  const res = await app.inject({ method: 'GET', url: `/api/v1/trainings?${query}&pageSize=10` });
  const body: TrainingSearchResponse = res.json();
  return { total: body.total, ids: body.results.map((h) => `${h.source}/${h.formation}`) };
}

/** The trainings a frame lists, as `source/formation`. */
async function listed(frame: ReturnType<JourneyPage['frameLocator']>): Promise<string[]> {
  const hrefs = await frame
    .locator('#w-formations ~ ul.resultats h3 a')
    .evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''));
  return hrefs.map((h) => h.split('/').slice(2).map(decodeURIComponent).join('/'));
}

test('the pasted <script>: a titled frame after it, fitted to its page, searched with the keyboard (390 px)', { skip }, async () => {
  const page = await openPage(browser, url, { width: 390, javaScript: true });
  try {
    await partnerPage(
      page,
      `<script src="${url}/widget.js" data-commune="49007" data-rayon="30" data-couleur="#c60" data-titre="Se former en Anjou" data-offres="oui" async></script>`,
    );
    const iframe = page.locator(`iframe[title="${TITLE}"]`);
    await iframe.waitFor();
    // Right after the script, before the partner's next paragraph.
    assert.equal(await page.evaluate(() => document.querySelector('iframe')?.previousElementSibling?.tagName), 'SCRIPT');
    assert.equal(await page.evaluate(() => document.querySelector('iframe')?.nextElementSibling?.id), 'apres');
    const frame = page.frameLocator(`iframe[title="${TITLE}"]`);
    assert.equal(await frame.locator('h1').innerText(), 'Se former en Anjou');
    const expected = await searched('near=49007&radiusKm=30');
    assert.ok(expected.total > 0);
    assert.deepEqual(await listed(frame), expected.ids);
    assert.match(await frame.locator('#w-formations').innerText(), /Formations à moins de 30 km d’Angers/);

    // The frame grows to its page's height (10 results at 390 px are far taller than 600 px).
    await page.waitForFunction(() => Number.parseFloat(document.querySelector('iframe')!.style.height) > 1000);
    const fitted = await page.evaluate(() => document.querySelector('iframe')!.getBoundingClientRect().height);
    const inner = await frame.locator('html').evaluate((e) => (e as HTMLElement).offsetHeight);
    assert.ok(Math.abs(fitted - inner) <= 2, `cadre ${fitted} px, page ${inner} px`);
    // A message from anyone else (here the partner's page itself) is not obeyed.
    // (The widget's listener, registered first, has run when this one is called.)
    await page.evaluate(
      () =>
        new Promise((resolve) => {
          window.addEventListener('message', () => resolve(null), { once: true });
          window.postMessage({ passerelles: 'hauteur', hauteur: 50 }, '*');
        }),
    );
    assert.ok((await page.evaluate(() => document.querySelector('iframe')!.getBoundingClientRect().height)) > 1000);

    // Keyboard only: from the partner's link, Tab enters the frame's form.
    await page.getByRole('link', { name: 'Nous contacter' }).focus();
    await page.keyboard.press('Tab');
    const field = frame.getByLabel('Métier, formation ou diplôme');
    assert.ok(await field.evaluate((e) => e === document.activeElement), 'le champ de recherche reçoit le focus');
    await page.keyboard.type('boulanger');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    assert.ok(await frame.getByLabel('Apprentissage seulement').isChecked());
    await page.keyboard.press('Tab');
    assert.equal(await frame.locator(':focus').innerText(), 'Rechercher');
    await page.keyboard.press('Enter');
    await frame.locator('input[name="q"][value="boulanger"]').waitFor();
    const boulanger = await searched('near=49007&radiusKm=30&q=boulanger&alternance=true');
    assert.ok(boulanger.total > 0, 'des formations de boulanger en alternance près d’Angers');
    assert.deepEqual(await listed(frame), boulanger.ids);
    assert.ok(await frame.getByLabel('Apprentissage seulement').isChecked());
    // The theme and the territory stay with the search.
    assert.equal(await frame.locator('h1').innerText(), 'Se former en Anjou');
    assert.ok(await frame.locator('#w-offres').isVisible(), 'la section des offres d’apprentissage');
    const link = frame.locator('#w-formations ~ ul.resultats h3 a').first();
    assert.equal(await link.getAttribute('target'), '_blank');
    assert.match(await link.innerText(), /\(nouvel onglet\)$/);
    await screenshot(page, 'widget-partenaire');
    assert.deepEqual(page.pageErrors, []);
    assert.deepEqual(page.foreignRequests, []);
  } finally {
    await page.dispose();
  }
});

test('the pasted <iframe> without JavaScript: the GET form reloads the frame (390 px)', { skip }, async () => {
  const page = await openPage(browser, url, { width: 390, javaScript: false });
  try {
    await partnerPage(
      page,
      `<iframe src="${url}/widget/formations?departement=49" title="${TITLE}" style="width:100%;height:900px;border:0"></iframe>`,
    );
    const frame = page.frameLocator(`iframe[title="${TITLE}"]`);
    await frame.locator('h1').waitFor();
    assert.equal(await frame.locator('h1').innerText(), 'Trouver une formation');
    assert.deepEqual(await listed(frame), (await searched('departements=49')).ids);
    await frame.getByLabel('Métier, formation ou diplôme').fill('boulanger');
    await frame.getByLabel('Métier, formation ou diplôme').press('Enter');
    await frame.locator('input[name="q"][value="boulanger"]').waitFor();
    const expected = await searched('departements=49&q=boulanger');
    assert.deepEqual(await listed(frame), expected.ids);
    assert.match(
      await frame.locator('[role="status"]').innerText(),
      new RegExp(`^${expected.total.toLocaleString('fr-FR')} formations? trouvées?`),
    );
  } finally {
    await page.dispose();
  }
});

test('the widget’s page passes axe-core, with a theme and with an unknown territory (390 px)', { skip }, async () => {
  const page = await openPage(browser, url, { width: 390, javaScript: true });
  try {
    for (const address of [
      '/widget/formations?commune=49007&couleur=%23ffcc00&titre=Se%20former%20en%20Anjou&offres=1',
      '/widget/formations?departement=49&apprentissage=1&page=2',
      '/widget/formations?departement=999',
    ]) {
      await page.goto(address);
      await assertNoAxeViolations(page);
      assert.equal(await page.locator('html').getAttribute('lang'), 'fr');
      assert.equal(await page.locator('h1').count(), 1);
    }
    assert.match(await page.locator('[role="alert"]').innerText(), /Département inconnu : « 999 »/);
    assert.deepEqual(page.pageErrors, []);
  } finally {
    await page.dispose();
  }
});

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`the partners' page composes the embed and gives the code to paste (390 px${mode})`, { skip }, async () => {
    const page = await openPage(browser, url, { width: 390, javaScript });
    try {
      await visit(page, '/partenaires/widget', { name: 'partenaires-widget' });
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Intégrer la recherche de formations sur votre site');
      await page.getByLabel(/^Commune/).fill('');
      await page.getByLabel(/^Ou un département/).fill('49');
      await page.getByLabel(/^Couleur d’accent/).fill('#b34000');
      await page.getByLabel(/^Titre du module/).fill('Se former "en" Anjou');
      await page.getByLabel('Afficher aussi les offres de contrat d’apprentissage du territoire').check();
      await page.getByRole('button', { name: 'Préparer le code' }).click();
      await page.waitForURL(/departement=49/);
      await checkPage(page, 'partenaires-widget-compose', { uniqueTitle: false });
      const script = await page.getByLabel(/^Code du script/).inputValue();
      assert.equal(
        script,
        `<script src="${url}/widget.js" data-departement="49" data-couleur="#b34000" data-titre="Se former &quot;en&quot; Anjou" data-offres="oui" async></script>`,
      );
      const iframe = await page.getByLabel(/^Code du cadre/).inputValue();
      assert.match(
        iframe,
        /^<iframe src="http:\/\/127\.0\.0\.1:\d+\/widget\/formations\?departement=49&amp;couleur=%23b34000&amp;titre=Se\+former\+%22en%22\+Anjou&amp;offres=oui" title="Recherche de formations — Passerelles"/,
      );
      // The composed module, as the link shows it.
      const preview = await page.getByRole('link', { name: /Voir le module ainsi composé/ }).getAttribute('href');
      await page.goto(preview!);
      assert.equal(await page.locator('h1').innerText(), 'Se former "en" Anjou');
      assert.match(await page.locator('#w-offres').innerText(), /Offres de contrat d’apprentissage dans le département Maine-et-Loire/);
    } finally {
      await page.dispose();
    }
  });
}
