/**
 * « Clés d’API » in Debian's Chromium at 390 px, with and without JavaScript, over an empty
 * database: a structure's administrator creates a key (a refused form first), reads its secret
 * once, finds only its prefix afterwards, and revokes it; the revoked key is refused by the API.
 * Every page passes axe-core and the RGAA basics; Tab reaches every control.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertKeyboardReachesAll, checkPage, launchBrowser, openPage, visit, type Browser } from './helpers/index.ts';
import { skipReason, startBarePortal, type Portal } from './helpers/portal.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';

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

const PASSWORD = 'clé des champs 2026 sous la pluie';
let structures = 0;

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`clés d’API : créer (secret affiché une fois), lister par préfixe, révoquer (390 px${mode})`, { skip }, async () => {
    const n = ++structures;
    const db = identityDb(portal.handle.db);
    const structureId = await createStructure(db, { name: `CFA du Saumurois ${n}`, kind: 'cfa', code: `CFA-SAUMUR-${n}` });
    const email = `admin-cles-${n}@exemple.fr`;
    const { link } = await invite(db, null, { email, name: `Alix ${n}`, roles: ['admin'], structureId }, { publicUrl: portal.url });
    await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, PASSWORD);

    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await page.goto('/structure/cles');
      await page.waitForURL(/\/connexion\?retour=\/structure\/cles$/);
      await page.getByLabel(/Adresse électronique/).fill(email);
      await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/structure\/cles$/);
      await checkPage(page, 'cles');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), `Clés d’API de CFA du Saumurois ${n}`);
      assert.match(await page.locator('main').innerText(), /Aucune clé pour le moment\./);

      // No permission checked: the French error, in the summary that takes the focus.
      await page.getByLabel(/^Nom de la clé/).fill('Logiciel de gestion');
      await page.getByRole('button', { name: 'Créer la clé' }).click();
      await page.getByRole('alert').waitFor();
      await checkPage(page, 'cles-erreur');
      assert.match(await page.getByRole('alert').innerText(), /Cochez au moins une permission pour la clé\./);
      assert.match(await page.title(), /^Erreur – Clés d’API/);
      assert.equal(await page.getByLabel(/^Nom de la clé/).inputValue(), 'Logiciel de gestion');

      // Created: the secret once.
      await page.getByLabel(/déposer des offres de formation/).check();
      await page.getByLabel(/^Requêtes par jour/).fill('500');
      await page.getByRole('button', { name: 'Créer la clé' }).click();
      await page.getByRole('heading', { name: 'Votre nouvelle clé' }).waitFor();
      await checkPage(page, 'cles-creee');
      const secret = await page.getByLabel(/Clé à transmettre/).inputValue();
      assert.match(secret, /^psl_[A-Za-z0-9_-]{43}$/);
      assert.match(await page.getByRole('status').innerText(), /Copiez-la maintenant : elle ne sera plus jamais affichée/);
      const row = page.getByRole('row', { name: /Logiciel de gestion/ });
      assert.match(
        await row.innerText(),
        new RegExp(`${secret.slice(0, 12)}…[\\s\\S]*déposer des offres de formation[\\s\\S]*500 par jour`),
      );

      // Later: the prefix only.
      await visit(page, '/structure/cles', { name: 'cles-liste' });
      const later = await page.locator('main').innerText();
      assert.ok(!later.includes(secret), 'le secret n’est plus jamais affiché');
      assert.ok(later.includes(`${secret.slice(0, 12)}…`));

      // The key works, then is revoked.
      const before = await fetch(`${portal.url}/api/v1/account`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(before.status, 403, 'a valid key, but never on an account’s route');
      await page.getByRole('button', { name: 'Révoquer la clé « Logiciel de gestion »' }).click();
      await page.waitForURL(/\/structure\/cles\?fait=revoquee$/);
      await checkPage(page, 'cles-revoquee');
      assert.match(await page.getByRole('status').innerText(), /La clé est révoquée/);
      assert.match(await page.getByRole('row', { name: /Logiciel de gestion/ }).innerText(), /révoquée le/);
      const after = await fetch(`${portal.url}/api/v1/account`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(after.status, 401);
      assert.equal(((await after.json()) as { code: string }).code, 'cle-revoquee');
    } finally {
      await page.dispose();
    }
  });
}
