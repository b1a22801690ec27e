/**
 * The territory builder's page in Debian's Chromium at 390 px, with and without JavaScript, over
 * the real bundle: a visitor starts from the départements, moves Nantes Métropole into Sarthe and
 * reads why the division is refused (the separate parts named); the CLPE comparison is a table; a
 * steering account signs in, saves the départements and downloads their GeoJSON. Every page
 * passes axe-core and the RGAA basics.
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
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';
import { tokenOf } from '../identity/helpers.ts';

const skip = skipReason();
const PASSWORD = 'territoires de projet en Pays de la Loire';
let portal: Portal;
let browser: Browser;
let steering = 0;

async function steeringAccount(): Promise<string> {
  const db = identityDb(portal.handle.db);
  const structureId = await createStructure(db, { name: `Région ${++steering}`, kind: 'region', code: `REG${steering}` });
  const email = `pilotage-${steering}@exemple.fr`;
  const { link } = await invite(
    db,
    null,
    { email, name: 'Dominique Pilotage', roles: ['pilotage'], structureId },
    { publicUrl: portal.url },
  );
  await acceptInvitation(db, tokenOf(link), PASSWORD);
  return email;
}

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

const open = (javaScript: boolean) => openPage(browser, portal.url, { width: 390, javaScript });

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`territoires : Nantes Métropole dans la Sarthe est refusée, parties nommées ; les CLPE en tableau (390 px${mode})`, {
    skip,
  }, async () => {
    const page = await open(javaScript);
    try {
      await visit(page, '/pilotage/territoires', { name: 'pilotage-territoires' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Territoires de projet : des EPCI entiers');
      // The wide tables scroll in their own box: the page itself never scrolls sideways (RGAA 10.11).
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
      assert.match(
        await page.locator('#clpe ~ p').first().innerText(),
        /^20 territoires CLPE couvrent la région Pays de la Loire ; aucun ne coupe d’EPCI\.$/,
      );
      assert.equal(await page.getByRole('button', { name: 'Vérifier et enregistrer' }).count(), 0, 'enregistrer : réservé au pilotage');
      const nantes = page.getByLabel('Territoire de Nantes Métropole');
      assert.equal(await nantes.inputValue(), 'Loire-Atlantique');
      await nantes.fill('Sarthe');
      await page.getByRole('button', { name: 'Vérifier le découpage' }).click();
      await page.waitForSelector('#resultat');
      await checkPage(page, 'pilotage-territoires-refuse');
      assert.equal(await page.getByRole('status').first().innerText(), 'Découpage refusé : 1 problème.');
      assert.match(
        await page.locator('.pt-faults').innerText(),
        /^Le territoire « Sarthe » n’est pas d’un seul tenant : 2 parties sans frontière commune — 1\) .* \(353 communes\) ; 2\) Nantes Métropole \(24 communes\)\.$/,
      );
      // The form keeps what was typed.
      assert.equal(await page.getByLabel('Territoire de Nantes Métropole').inputValue(), 'Sarthe');
    } finally {
      await page.dispose();
    }
  });

  test(`territoires : le pilotage enregistre les départements et télécharge leur GeoJSON (390 px${mode})`, { skip }, async () => {
    const email = await steeringAccount();
    const page = await open(javaScript);
    try {
      await page.goto('/connexion?retour=/pilotage/territoires');
      await page.getByLabel(/Adresse électronique/).fill(email);
      await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/pilotage\/territoires$/);
      const name = `Départements${javaScript ? '' : ' sans JavaScript'}`;
      await page.getByLabel('Nom du découpage').fill(name);
      await page.getByRole('button', { name: 'Vérifier et enregistrer' }).click();
      await page.waitForURL(/\/pilotage\/territoires\?decoupage=\d+&enregistre=1$/);
      await checkPage(page, 'pilotage-territoires-enregistre');
      assert.equal(await page.getByRole('status').first().innerText(), 'Découpage enregistré.');
      assert.match(await page.locator('.pt-verdict').nth(1).innerText(), /^Découpage valide/);
      const saved = page.locator('#enregistres ~ ul li', { hasText: name });
      assert.match(await saved.innerText(), /\(5 territoires\)/);
      const href = (await saved.getByRole('link', { name: /GeoJSON/ }).getAttribute('href')) ?? '';
      const file = await page.request.get(href);
      assert.match(file.headers()['content-type'], /^application\/geo\+json/);
      const fc = (await file.json()) as { features: { properties: { commune: string; territoire: string } }[] };
      assert.equal(fc.features.find((f) => f.properties.commune === '49007')?.properties.territoire, 'Maine-et-Loire');
    } finally {
      await page.dispose();
    }
  });
}
