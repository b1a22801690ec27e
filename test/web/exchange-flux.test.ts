/**
 * « Flux d’offres » (/structure/flux) in Debian's Chromium at 390 px, with and without JavaScript,
 * over an empty database: a training body's account sends an LHEO file into a new source (a
 * refused form first), then reads the push in the history, the rejected offer with its element
 * path and reason, the warning and the live count. Every page passes axe-core and the RGAA basics;
 * Tab reaches every control.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { assertKeyboardReachesAll, checkPage, launchBrowser, openPage, type Browser } from './helpers/index.ts';
import { skipReason, startBarePortal, type Portal } from './helpers/portal.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';

const FILE = path.resolve(import.meta.dirname, '../fixtures/exchange/organisme-b.xml');
const skip = skipReason({ bundle: false });
let portal: Portal;
let browser: Browser;

before(
  async () => {
    if (skip) return;
    portal = await startBarePortal();
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  await portal?.close();
});

const PASSWORD = 'flux des offres 2026 au fil de l’eau';
let structures = 0;

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`flux d’offres : envoyer un fichier LHEO, lire l’envoi, ses rejets et avertissements (390 px${mode})`, { skip }, async () => {
    const n = ++structures;
    const db = identityDb(portal.handle.db);
    const structureId = await createStructure(db, { name: `Organisme de formation ${n}`, kind: 'cfa', code: `OF-FLUX-${n}` });
    const email = `flux-${n}@exemple.fr`;
    const { link } = await invite(db, null, { email, name: `Camille ${n}`, roles: ['cfa'], structureId }, { publicUrl: portal.url });
    await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, PASSWORD);
    const source = `offres-of-${n}`;

    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await page.goto('/structure/flux');
      await page.waitForURL(/\/connexion\?retour=\/structure\/flux$/);
      await page.getByLabel(/Adresse électronique/).fill(email);
      await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/structure\/flux$/);
      await checkPage(page, 'flux');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), `Flux d’offres de formation de Organisme de formation ${n}`);
      assert.match(await page.locator('main').innerText(), /n’a encore envoyé aucune offre/);

      // No file: the French error, in the summary.
      await page.getByLabel(/^Source/).fill(source);
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.getByRole('alert').waitFor();
      await checkPage(page, 'flux-erreur');
      assert.match(await page.getByRole('alert').innerText(), /Choisissez le fichier LHEO à envoyer/);
      assert.equal(await page.getByLabel(/^Source/).inputValue(), source);

      await page.getByLabel(/^Fichier LHEO/).setInputFiles(FILE);
      await page.getByRole('button', { name: 'Envoyer' }).click();
      await page.waitForURL(/\/structure\/flux\?envoi=\d+/);
      await checkPage(page, 'flux-envoye');
      assert.match(
        await page.getByRole('status').innerText(),
        new RegExp(
          `2 offre\\(s\\) acceptée\\(s\\), 1 rejetée\\(s\\), 0 avec avertissement ; 2 offre\\(s\\) en ligne dans la source « ${source} »`,
        ),
      );
      const main = await page.locator('main').innerText();
      assert.match(main, new RegExp(`Source « ${source} » : 2 offres en ligne`));
      assert.match(main, /Offre « B-2 » : <debut> : date « 20271345 » invalide/);
      assert.match(main, /\/lheo\/offres\/formation\[2\]\/action\[1\]\/session\[2\]\/periode\/debut/);
      const row = page.getByRole('row', { name: /toute la source/ });
      assert.match(await row.innerText(), /toute la source\s+2\s+1\s+0\s+0\s+2/);
    } finally {
      await page.dispose();
    }
  });
}
