/**
 * The apprenticeship offers end to end in Debian's Chromium at 390 px, with and without
 * JavaScript, over the real bundle (communes, ROME): an employer signs in and deposits an offer
 * in Angers, choosing the exact occupation the form proposes; a candidate finds it near Angers,
 * signs in from the offer, sends a PDF with a script (refused, in French), then applies with a
 * plain CV; the employer opens the application (« lue »), downloads the CV and proposes an
 * interview; the candidate sees the status and its history; the offer's response rate goes from
 * « pas encore » to 100 %. Every page passes axe-core and the RGAA basics.
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
  type JourneyPage,
  type Portal,
} from './helpers/index.ts';
import { startBundlePortal } from './helpers/portal.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite, signUp, verifyEmail } from '../../src/identity/accounts.ts';
import { lastMail, linkIn, tokenOf } from '../identity/helpers.ts';
import { plainPdf, pdfWithScript } from '../recruitment/pdf-fixtures.ts';

const skip = skipReason();
const PASSWORD = 'fournil du Ronceray à Angers';
let portal: Portal;
let browser: Browser;
let n = 0;

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

async function employer(): Promise<string> {
  const db = identityDb(portal.handle.db);
  const structureId = await createStructure(db, { name: `Boulangerie du Ronceray ${++n}`, kind: 'entreprise', code: `BR${n}` });
  const email = `employeur-${n}@exemple.fr`;
  const { link } = await invite(
    db,
    null,
    { email, name: 'Dominique Boulanger', roles: ['employeur'], structureId },
    { publicUrl: portal.url },
  );
  await acceptInvitation(db, tokenOf(link), PASSWORD);
  return email;
}

async function candidate(): Promise<string> {
  const db = identityDb(portal.handle.db);
  const email = `candidate-${++n}@exemple.fr`;
  await signUp(db, { email, name: 'Camille Martin', password: PASSWORD }, { publicUrl: portal.url }, '192.0.2.1');
  await verifyEmail(db, tokenOf(linkIn((await lastMail(db, email))!.body)));
  return email;
}

async function signIn(page: JourneyPage, email: string): Promise<void> {
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
}

const pdfFile = (name: string, buffer: Buffer) => ({ name, mimeType: 'application/pdf', buffer });

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`offre déposée → trouvée près d’Angers → candidature avec CV → réponse → état vu par la candidate (390 px${mode})`, {
    skip,
  }, async () => {
    const title = `Apprenti boulanger au Ronceray ${javaScript ? 'A' : 'B'}`;
    const boss = await openPage(browser, portal.url, { width: 390, javaScript });
    const camille = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      // The employer deposits the offer.
      await visit(boss, '/connexion?retour=/apprentissage/offres/deposer', { name: 'connexion-employeur' });
      await signIn(boss, await employer());
      await boss.waitForURL(/\/apprentissage\/offres\/deposer$/);
      await checkPage(boss, 'deposer-offre');
      await assertKeyboardReachesAll(boss);
      await boss.getByLabel(/^Intitulé de l’offre/).fill(title);
      await boss.getByLabel(/^Métier/).fill('boulanger');
      await boss.getByLabel(/^Description/).fill('Pain au levain, viennoiseries et snacking avec une équipe de quatre boulangers.');
      await boss.getByLabel(/^Commune du lieu de travail/).fill('Angers');
      await boss.getByLabel(/^Début du contrat/).fill(new Date(Date.now() + 60 * 86400_000).toISOString().slice(0, 10));
      await boss.getByLabel(/^Diplôme ou titre préparé/).fill('CAP Boulanger');
      await boss.getByLabel('Niveau du diplôme').selectOption('3');
      await boss.getByLabel(/^Rythme de l’alternance/).fill('3 semaines en entreprise, 1 semaine au CFA');
      await boss.getByRole('button', { name: 'Déposer l’offre' }).click();
      // Several appellations hold the word: the form asks which one.
      await checkPage(boss, 'deposer-offre-choix');
      assert.match(await boss.getByRole('alert').innerText(), /choisissez le métier exact/);
      await boss
        .getByRole('radio', { name: /^Boulanger/ })
        .first()
        .check();
      await boss.getByRole('button', { name: 'Déposer l’offre' }).click();
      await boss.waitForURL(/\/apprentissage\/mes-offres\/\d+\?deposee=1$/);
      await checkPage(boss, 'mon-offre');
      assert.match(await boss.getByRole('status').innerText(), /Votre offre est publiée/);
      const offerId = /mes-offres\/(\d+)/.exec(boss.url())![1];

      // The candidate finds it near Angers.
      await visit(camille, '/apprentissage/offres', { name: 'offres' });
      await camille.getByLabel(/^Commune/).fill('Angers');
      await camille.getByLabel('Distance maximale').selectOption('10');
      await camille.getByRole('button', { name: 'Chercher' }).click();
      await camille.waitForURL(/commune=49007/);
      await checkPage(camille, 'offres-angers');
      assert.match(await camille.locator('#resultats').innerText(), /autour d’Angers$/);
      const card = camille.locator('.r-card', { hasText: title });
      assert.match(await card.innerText(), /Boulangerie du Ronceray[\s\S]*Angers \(49\)[\s\S]*pas encore de candidature à compter/);
      await card.getByRole('link', { name: title }).click();
      await checkPage(camille, 'offre');
      await camille.getByRole('link', { name: 'Connectez-vous' }).click();
      await signIn(camille, await candidate());
      await camille.waitForURL(new RegExp(`/apprentissage/offres/${offerId}$`));

      // A PDF with a script is refused, in French; a plain one goes.
      const message = 'Bonjour, je prépare le CAP boulanger et je cherche un contrat à Angers dès la rentrée.';
      await camille.getByLabel(/^Message au recruteur/).fill(message);
      await camille.getByLabel(/^Joindre un CV/).setInputFiles(pdfFile('cv.pdf', pdfWithScript('plain')));
      await camille.getByRole('button', { name: 'Envoyer ma candidature' }).click();
      await checkPage(camille, 'candidature-cv-refuse');
      assert.match(await camille.getByRole('alert').innerText(), /contenu actif[\s\S]*refusé/);
      await camille.getByLabel(/^Message au recruteur/).fill(message);
      await camille.getByLabel(/^Joindre un CV/).setInputFiles(pdfFile('CV Camille.pdf', plainPdf()));
      await camille.getByRole('button', { name: 'Envoyer ma candidature' }).click();
      await camille.waitForURL(/\/apprentissage\/candidatures\/\d+\?envoyee=1$/);
      await checkPage(camille, 'candidature-envoyee');
      assert.match(await camille.locator('.r-status').innerText(), /^envoyée$/);

      // The employer reads, downloads the CV and proposes an interview.
      await visit(boss, `/apprentissage/mes-offres/${offerId}`, { name: 'mon-offre-candidatures' });
      await boss.getByRole('link', { name: 'Camille Martin' }).click();
      await checkPage(boss, 'candidature-recruteur');
      assert.match(await boss.locator('.r-status').innerText(), /^lue$/);
      const cvHref = (await boss.getByRole('link', { name: /Télécharger le CV/ }).getAttribute('href'))!;
      const cv = await boss.request.get(cvHref);
      assert.equal(cv.headers()['content-type'], 'application/pdf');
      assert.deepEqual(Buffer.from(await cv.body()), plainPdf());
      await boss.getByRole('radio', { name: 'Proposer un entretien' }).check();
      await boss.getByRole('button', { name: 'Envoyer ma réponse' }).click();
      await boss.waitForURL(/\?repondu=1$/);
      await checkPage(boss, 'candidature-repondue');
      assert.match(await boss.locator('.r-status').innerText(), /^entretien proposé$/);

      // The candidate sees the status and its history; the response rate follows.
      await visit(camille, '/apprentissage/mes-candidatures', { name: 'mes-candidatures' });
      const line = camille.getByRole('row', { name: new RegExp(title) });
      assert.match(await line.innerText(), /entretien proposé/);
      await line.getByRole('link', { name: title }).click();
      await checkPage(camille, 'ma-candidature');
      assert.deepEqual(
        (await camille.locator('.r-history li').allInnerTexts()).map((t) => t.replace(/^.* : /, '')),
        ['envoyée', 'lue', 'entretien proposé'],
      );
      await visit(camille, `/apprentissage/offres/${offerId}`, { name: 'offre-apres-reponse' });
      assert.match(await camille.locator('.r-facts').innerText(), /Répond à 100 % des candidatures \(1 sur 1\)/);
    } finally {
      await boss.context().close();
      await camille.context().close();
    }
  });
}
