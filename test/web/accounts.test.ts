/**
 * Account journeys in Debian's Chromium at 390 px, with and without JavaScript, over an empty
 * database (no data bundle needed): a structure's first administrator opens the invitation link,
 * chooses a password, signs in, invites a counsellor from « Ma structure »; the counsellor reads
 * the mail on /dev/courriels, follows its link in another browser, activates the account, signs
 * in and out. Every page passes axe-core and the RGAA basics; Tab reaches every control.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertKeyboardReachesAll, checkPage, launchBrowser, openPage, visit, type Browser, type JourneyPage } from './helpers/index.ts';
import { skipReason, startBarePortal, type Portal } from './helpers/portal.ts';
import { identityDb } from '../../src/identity/db.ts';
import { TOTP, Secret } from 'otpauth';
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

const ADMIN_PASSWORD = 'jardin lune vélo 42 orage';
const COUNSELLOR_PASSWORD = 'marée haute sur la Loire 7';

/** A path of the portal from a link (mail links carry the portal's own address). */
function pathOf(link: string): string {
  const u = new URL(link, portal.url);
  assert.equal(u.origin, portal.url, `lien hors du portail : ${link}`);
  return `${u.pathname}${u.search}`;
}

/** Chooses the password on an invitation page and lands on the sign-in page. */
async function activate(page: JourneyPage, link: string, password: string): Promise<void> {
  await visit(page, pathOf(link), { name: 'invitation' });
  assert.equal(await page.locator('h1').innerText(), 'Activer mon compte');
  await assertKeyboardReachesAll(page);
  await page.getByLabel('Mot de passe').fill(password);
  await page.getByRole('button', { name: 'Activer mon compte' }).click();
  await page.waitForURL(/\/connexion\?active=1$/);
  await checkPage(page, 'connexion-compte-active');
  assert.match(await page.getByRole('status').innerText(), /Votre compte est activé : connectez-vous\./);
}

async function signIn(page: JourneyPage, email: string, password: string): Promise<void> {
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

let structures = 0;

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`invitation d’un administrateur → connexion → inviter un conseiller → son activation → déconnexion (390 px${mode})`, {
    skip,
  }, async () => {
    const n = ++structures;
    const db = identityDb(portal.handle.db);
    const structureId = await createStructure(db, {
      name: `Mission locale de Saumur ${n}`,
      kind: 'mission_locale',
      code: `ML-SAUMUR-${n}`,
    });
    const adminEmail = `admin-${n}@exemple.fr`;
    const { link } = await invite(
      db,
      null,
      { email: adminEmail, name: `Alix Administratrice ${n}`, roles: ['admin'], structureId },
      { publicUrl: portal.url },
    );
    const counsellorEmail = `conseiller-${n}@exemple.fr`;

    let counsellorLink = '';
    const page = await open(javaScript);
    try {
      // The administrator's invitation, then the sign-in page.
      await activate(page, link, ADMIN_PASSWORD);
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Se connecter');
      assert.ok(await page.getByRole('link', { name: /Mot de passe oublié/ }).isVisible());
      assert.ok(await page.getByRole('link', { name: /Créer un compte/ }).isVisible());

      // A wrong password: the French message, in the error summary that takes the focus.
      await signIn(page, adminEmail, 'pas le bon mot de passe');
      await page.waitForURL(/\/connexion/);
      await checkPage(page, 'connexion-erreur');
      const summary = page.getByRole('alert');
      assert.match(await summary.innerText(), /Adresse électronique ou mot de passe incorrect\./);
      assert.equal(await page.evaluate(() => document.activeElement?.classList.contains('g-error-summary')), true);
      assert.match(await page.title(), /^Erreur – Se connecter/);
      assert.equal(await page.getByLabel(/Adresse électronique/).inputValue(), adminEmail);
      assert.equal(await page.getByLabel(/^Mot de passe/).inputValue(), '', 'le mot de passe n’est jamais réécrit dans la page');

      // Signed in: « Mon compte ».
      await signIn(page, adminEmail, ADMIN_PASSWORD);
      await page.waitForURL(/\/mon-compte$/);
      await checkPage(page, 'mon-compte');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Mon compte');
      const mine = await page.locator('main').innerText();
      assert.match(mine, new RegExp(`Alix Administratrice ${n}`));
      assert.match(mine, /administrateur de la structure/);
      assert.match(mine, new RegExp(`Mission locale de Saumur ${n}`));
      assert.match(mine, /cette session/);
      assert.match(mine, /Double authentification/);
      assert.ok(await page.getByRole('link', { name: 'Télécharger mes données (JSON)' }).isVisible());
      const header = page.getByRole('banner');
      await openMenu(page);
      assert.ok(await header.getByRole('link', { name: 'Mon compte' }).isVisible());
      assert.equal(await header.getByRole('link', { name: 'Se connecter' }).count(), 0);

      // « Ma structure »: invite a counsellor.
      await page.getByRole('link', { name: 'Les comptes de ma structure' }).click();
      await page.waitForURL(/\/structure$/);
      await checkPage(page, 'structure');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), `Comptes de Mission locale de Saumur ${n}`);
      await page.getByLabel(/^Nom/).fill(`Claude Conseiller ${n}`);
      await page.getByLabel(/Adresse électronique/).fill(counsellorEmail);
      await page.getByLabel(/Rôle/).selectOption('conseiller');
      await page.getByRole('button', { name: 'Envoyer l’invitation' }).click();
      await page.waitForURL(/\/structure\?invitation=envoyee$/);
      await checkPage(page, 'structure-invitation-envoyee');
      assert.match(await page.getByRole('status').innerText(), /Invitation envoyée/);
      const row = page.getByRole('row', { name: new RegExp(`Claude Conseiller ${n}`) });
      assert.match(await row.innerText(), /conseiller[\s\S]*invitation en attente/);
      assert.match(await page.locator('main').innerText(), /Journal des accès[\s\S]*invitation/);

      // The invitation mail, on the development outbox.
      await visit(page, '/dev/courriels', { name: 'courriels' });
      const mail = page.getByRole('article').filter({ hasText: counsellorEmail }).first();
      assert.match(await mail.getByRole('heading').innerText(), new RegExp(`Invitation à rejoindre Mission locale de Saumur ${n}`));
      assert.match(await mail.locator('pre').innerText(), /Vous êtes invité\(e\) à rejoindre/);
      counsellorLink = (await mail.getByRole('link').first().getAttribute('href')) ?? '';
      assert.match(counsellorLink, /\/invitation\?jeton=/, 'lien d’invitation dans le courriel');
    } finally {
      await page.dispose();
    }

    // The counsellor, in another browser.
    const other = await open(javaScript);
    try {
      await activate(other, counsellorLink, COUNSELLOR_PASSWORD);
      await signIn(other, counsellorEmail, COUNSELLOR_PASSWORD);
      await other.waitForURL(/\/mon-compte$/);
      await checkPage(other, 'mon-compte-conseiller');
      const mine = await other.locator('main').innerText();
      assert.match(mine, new RegExp(`Claude Conseiller ${n}`));
      assert.match(mine, /Rôle\s+conseiller/);

      // « Ma structure » is not theirs.
      await visit(other, '/structure', { name: 'structure-refusee', status: 403 });
      assert.match(await other.locator('main').innerText(), /Cette page est réservée aux administrateurs de structure\./);

      // Sign out, then « Mon compte » asks to sign in.
      await openMenu(other);
      await other.getByRole('banner').getByRole('link', { name: 'Se déconnecter' }).click();
      await other.waitForURL(/\/deconnexion$/);
      await checkPage(other, 'deconnexion');
      await other.locator('main').getByRole('button', { name: 'Se déconnecter' }).click();
      await other.waitForURL(/\/connexion\?deconnecte=1$/);
      await checkPage(other, 'connexion-deconnecte');
      assert.match(await other.getByRole('status').innerText(), /Vous êtes déconnecté\(e\)\./);
      await openMenu(other);
      assert.ok(await other.getByRole('banner').getByRole('link', { name: 'Se connecter' }).isVisible());
      await other.goto('/mon-compte');
      await other.waitForURL(/\/connexion\?retour=\/mon-compte$/);
      await checkPage(other, 'connexion-retour');
      assert.equal(await other.locator('h1').innerText(), 'Se connecter');
    } finally {
      await other.dispose();
    }
  });
}

/** On a phone the header's links are folded behind « Menu » (web/root.tsx): a person opens it. */
async function openMenu(page: JourneyPage): Promise<void> {
  await page.getByRole('banner').locator('summary', { hasText: 'Menu' }).click();
}

/** A fresh browser context at a phone's width. */
function open(javaScript: boolean): Promise<JourneyPage> {
  return openPage(browser, portal.url, { width: 390, javaScript });
}

/** The link of the last mail to an address with this subject, as /dev/courriels shows it. */
async function mailLink(page: JourneyPage, to: string, subject: RegExp): Promise<string> {
  await visit(page, '/dev/courriels', { name: 'courriels', status: 200 });
  const mail = page
    .getByRole('article')
    .filter({ hasText: to })
    .filter({ has: page.getByRole('heading', { name: subject }) });
  const href = await mail.first().getByRole('link').first().getAttribute('href');
  assert.ok(href, `pas de lien dans le courriel « ${subject.source} » à ${to}`);
  return href;
}

test('un candidat crée son compte, confirme son adresse, change de mot de passe oublié, télécharge ses données, supprime son compte (390 px, sans JavaScript)', {
  skip,
}, async () => {
  const email = 'camille.candidate@exemple.fr';
  const page = await open(false);
  try {
    await visit(page, '/inscription', { name: 'inscription' });
    await assertKeyboardReachesAll(page);
    await page.getByLabel(/Votre nom/).fill('Camille Candidate');
    await page.getByLabel(/Adresse électronique/).fill(email);
    await page.getByLabel(/Mot de passe/).fill('court');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await checkPage(page, 'inscription-erreur');
    assert.match(await page.getByRole('alert').innerText(), /au moins 12 caractères/);
    assert.equal(await page.getByLabel(/Votre nom/).inputValue(), 'Camille Candidate');
    await page.getByLabel(/Mot de passe/).fill('un mot de passe assez long');
    await page.getByRole('button', { name: 'Créer mon compte' }).click();
    await checkPage(page, 'inscription-envoyee');
    assert.equal(await page.locator('h1').innerText(), 'Vérifiez votre messagerie');
    assert.match(await page.getByRole('status').innerText(), /un courriel vient de lui être envoyé pour le confirmer/);

    // The confirmation link: opening it changes nothing, the button confirms.
    await visit(page, pathOf(await mailLink(page, email, /Confirmez votre adresse/)), { name: 'verification' });
    await assertKeyboardReachesAll(page);
    await page.getByRole('button', { name: 'Confirmer mon adresse' }).click();
    await checkPage(page, 'verification-faite');
    assert.match(await page.getByRole('status').innerText(), /Votre adresse est confirmée/);

    // Forgotten password: a neutral answer, a link, a new password.
    await visit(page, '/mot-de-passe-oublie', { name: 'mot-de-passe-oublie' });
    await assertKeyboardReachesAll(page);
    await page.getByLabel(/Adresse électronique/).fill(email);
    await page.getByRole('button', { name: 'Recevoir un lien' }).click();
    await checkPage(page, 'mot-de-passe-oublie-envoye');
    assert.match(await page.getByRole('status').innerText(), /Si un compte existe avec cette adresse/);
    await visit(page, pathOf(await mailLink(page, email, /Nouveau mot de passe/)), { name: 'reinitialisation' });
    await assertKeyboardReachesAll(page);
    await page.getByLabel(/Nouveau mot de passe/).fill('une autre phrase bien longue');
    await page.getByRole('button', { name: 'Enregistrer le mot de passe' }).click();
    await page.waitForURL(/\/connexion\?reinitialise=1$/);
    await checkPage(page, 'connexion-reinitialise');
    assert.match(await page.getByRole('status').innerText(), /Votre mot de passe est changé/);
    await signIn(page, email, 'une autre phrase bien longue');
    await page.waitForURL(/\/mon-compte$/);
    await checkPage(page, 'mon-compte-candidat');
    const mine = await page.locator('main').innerText();
    assert.match(mine, /Camille Candidate/);
    assert.match(mine, /Rôle\s+candidat/);
    assert.doesNotMatch(mine, /Double authentification/, 'la double authentification n’est pas proposée aux candidats');

    // My data, as a file.
    const file = await page.request.get('/mon-compte/donnees.json');
    assert.equal(file.status(), 200);
    assert.match(file.headers()['content-disposition'] ?? '', /attachment; filename="mes-donnees-passerelles.json"/);
    assert.match(await file.text(), new RegExp(email.replace(/\./g, '\\.')));

    // Deleting the account: the password confirms it.
    await page.getByLabel(/Votre mot de passe, pour confirmer/).fill('pas le bon');
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await checkPage(page, 'mon-compte-erreur');
    assert.match(await page.getByRole('alert').innerText(), /Mot de passe incorrect\./);
    await page.getByLabel(/Votre mot de passe, pour confirmer/).fill('une autre phrase bien longue');
    await page.getByRole('button', { name: 'Supprimer définitivement mon compte' }).click();
    await page.waitForURL(/\/connexion\?supprime=1$/);
    assert.match(await page.getByRole('status').innerText(), /Votre compte et vos données sont supprimés\./);
    await signIn(page, email, 'une autre phrase bien longue');
    assert.match(await page.getByRole('alert').innerText(), /Adresse électronique ou mot de passe incorrect\./);
  } finally {
    await page.dispose();
  }
});

test('un conseiller met en place la double authentification, puis se connecte avec un code (390 px)', { skip }, async () => {
  const db = identityDb(portal.handle.db);
  const structureId = await createStructure(db, { name: 'France Travail Cholet', kind: 'france_travail', code: 'FT-CHOLET' });
  const email = 'dominique.conseil@exemple.fr';
  const { link } = await invite(
    db,
    null,
    { email, name: 'Dominique Conseil', roles: ['conseiller'], structureId },
    { publicUrl: portal.url },
  );
  await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, COUNSELLOR_PASSWORD);
  const page = await open(true);
  try {
    await page.goto('/connexion');
    await signIn(page, email, COUNSELLOR_PASSWORD);
    await page.waitForURL(/\/mon-compte$/);
    await page.getByRole('button', { name: 'Mettre en place la double authentification' }).click();
    await checkPage(page, 'mon-compte-totp');
    assert.ok(
      await page
        .getByRole('img', { name: /QR code/ })
        .locator('svg')
        .isVisible(),
    );
    const secret = (await page.locator('.c-secret').innerText()).replace(/\s/g, '');
    const totp = new TOTP({ issuer: 'Passerelles', algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secret) });
    await page.getByLabel(/Le code à 6 chiffres/).fill('000000' === totp.generate() ? '111111' : '000000');
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await checkPage(page, 'mon-compte-totp-erreur');
    assert.match(await page.getByRole('alert').innerText(), /Code de vérification incorrect/);
    await page.getByLabel(/Le code à 6 chiffres/).fill(totp.generate());
    await page.getByRole('button', { name: 'Activer la double authentification' }).click();
    await page.waitForURL(/\/mon-compte\?fait=totp-active$/);
    assert.match(await page.getByRole('status').innerText(), /La double authentification est activée/);

    // Signed out, then in again: the password first, then the code (the next one: a code serves once).
    await page.goto('/deconnexion');
    await page.locator('main').getByRole('button', { name: 'Se déconnecter' }).click();
    await page.waitForURL(/\/connexion\?deconnecte=1$/);
    await signIn(page, email, COUNSELLOR_PASSWORD);
    await checkPage(page, 'connexion-code');
    assert.match(await page.getByRole('alert').innerText(), /Saisissez le code à 6 chiffres/);
    await page.getByLabel(/^Mot de passe/).fill(COUNSELLOR_PASSWORD);
    await page.getByLabel(/Code de vérification/).fill(totp.generate({ timestamp: Date.now() + 30_000 }));
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(/\/mon-compte$/);
    assert.match(await page.locator('main').innerText(), /La double authentification est activée\./);
  } finally {
    await page.dispose();
  }
});
