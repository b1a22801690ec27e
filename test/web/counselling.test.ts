/**
 * The counsellors' workspace end to end in Debian's Chromium at 390 px, with and without
 * JavaScript, over the real bundle and the demonstration catalogue: a counsellor signs in,
 * welcomes a person with their consent (refused first without it, in French), builds a skills
 * profile from D1106 minus three skills, saves two pathways toward D1102 near Saint-Nazaire,
 * compares them, opens one with its details, makes a plan of two steps and creates the person's
 * link; the person opens it in a fresh browser and reads the plan; the counsellor prints the
 * appointment summary as PDF (its text holds the plan's steps), then revokes the link, which
 * becomes a French 410 page. Every page passes axe-core and the RGAA basics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { extractText, getDocumentProxy } from 'unpdf';
import {
  assertKeyboardReachesAll,
  checkPage,
  launchBrowser,
  openPage,
  skipReason,
  startPortal,
  visit,
  type Browser,
  type JourneyPage,
  type Portal,
} from './helpers/index.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';
import { tokenOf } from '../identity/helpers.ts';

const skip = skipReason();
const PASSWORD = 'phare du Grand Charpentier';
let portal: Portal;
let browser: Browser;
let n = 0;

before(
  async () => {
    if (skip) return;
    // The page cache on, as in production: the person's plan must still answer 410 once revoked.
    process.env.PASSERELLES_PAGE_CACHE_SECONDS = '60';
    portal = await startPortal();
    browser = await launchBrowser();
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  await portal?.close();
});

async function counsellor(): Promise<string> {
  const db = identityDb(portal.handle.db);
  const structureId = await createStructure(db, {
    name: `Mission locale de Saint-Nazaire ${++n}`,
    kind: 'mission_locale',
    code: `MLSN${n}`,
  });
  const email = `conseillere-${n}@exemple.fr`;
  const { link } = await invite(db, null, { email, name: 'Alix Conseil', roles: ['conseiller'], structureId }, { publicUrl: portal.url });
  await acceptInvitation(db, tokenOf(link), PASSWORD);
  return email;
}

const day = (offset: number) => new Date(Date.now() + offset * 86400_000).toISOString().slice(0, 10);
const STEPS = ['Immersion en boulangerie à Saint-Nazaire', 'CAP Boulanger en alternance'];

async function addStep(page: JourneyPage, kind: string, title: string, due: string) {
  await page.getByLabel(/^Type d’étape/).selectOption(kind);
  await page.getByLabel(/^Intitulé/).fill(title);
  await page.locator('#step-date').fill(due);
  await page.getByRole('button', { name: 'Ajouter l’étape' }).click();
  await page.waitForURL(/\?fait=etape/);
}

async function simulate(page: JourneyPage, radius: string, label: string) {
  await page.getByLabel('Type de simulation').selectOption('parcours');
  await page.getByLabel(/^Métier visé/).fill('D1102');
  await page.getByLabel(/^Distance maximale/).selectOption(radius);
  await page.getByLabel(/^Nom de la simulation/).fill(label);
  await page.getByRole('button', { name: 'Lancer et enregistrer' }).click();
  await page.waitForURL(/\?fait=simulation/);
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`conseillère : fiche avec consentement → profil D1106 − 3 → deux parcours vers D1102 → plan → lien → synthèse PDF (390 px${mode})`, {
    skip,
  }, async () => {
    const alix = await openPage(browser, portal.url, { width: 390, javaScript });
    const lea = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(alix, '/connexion?retour=/conseil', { name: 'connexion-conseil' });
      await alix.getByLabel(/Adresse électronique/).fill(await counsellor());
      await alix.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await alix.getByRole('button', { name: 'Se connecter' }).click();
      await alix.waitForURL(/\/conseil$/);
      await checkPage(alix, 'conseil-liste-vide');
      assert.match(await alix.locator('main').innerText(), /ne suit encore personne/);

      // A new person: refused without consent, in French; created with it.
      await alix.getByRole('link', { name: 'Accueillir une nouvelle personne' }).click();
      await checkPage(alix, 'conseil-nouveau');
      await assertKeyboardReachesAll(alix);
      await alix.getByLabel(/^Prénom ou pseudonyme/).fill('Léa');
      await alix.getByLabel(/^Initiale du nom/).fill('M');
      await alix.getByLabel(/^Commune/).fill('Saint-Nazaire');
      await alix.getByLabel(/^Tranche d’âge/).selectOption('18-25');
      await alix.getByLabel(/^Situation/).selectOption('demandeur');
      await alix.getByLabel(/^Finalité de l’accompagnement/).fill('Conseil en évolution professionnelle');
      await alix.getByRole('button', { name: 'Créer la fiche' }).click();
      await checkPage(alix, 'conseil-nouveau-sans-consentement');
      assert.match(await alix.getByRole('alert').innerText(), /consentement de la personne est nécessaire/);
      await alix.getByLabel(/La personne a lu ou entendu ce texte/).check();
      await alix.getByRole('button', { name: 'Créer la fiche' }).click();
      await alix.waitForURL(/\/conseil\/\d+\?cree=1$/);
      await checkPage(alix, 'conseil-fiche');
      const id = /\/conseil\/(\d+)/.exec(alix.url())![1];
      assert.match(await alix.locator('.k-facts').innerText(), /Saint-Nazaire \(44184\)/);

      // The record corrected: the situation changes, the consent stays.
      await alix.getByRole('link', { name: 'Corriger la fiche' }).click();
      await checkPage(alix, 'conseil-modifier');
      assert.equal(await alix.getByLabel(/^Prénom ou pseudonyme/).inputValue(), 'Léa');
      await alix.getByLabel(/^Situation/).selectOption('jeune');
      await alix.getByRole('button', { name: 'Enregistrer la fiche' }).click();
      await alix.waitForURL(/\?fait=fiche$/);
      assert.match(await alix.getByRole('status').innerText(), /La fiche est corrigée/);
      assert.match(await alix.locator('.k-facts').innerText(), /jeune[\s\S]*Consentement/);

      // Skills profile: D1106, three skills unticked.
      await alix.getByLabel(/^1\. Métiers exercés/).fill('D1106');
      await alix.getByRole('button', { name: 'Afficher les compétences' }).click();
      await alix.waitForURL(/metiers=D1106/);
      await checkPage(alix, 'conseil-fiche-competences');
      const boxes = alix.locator('fieldset.k-skills input[type="checkbox"]');
      assert.ok((await boxes.count()) > 3, 'les compétences de D1106 sont proposées');
      for (let i = 0; i < 3; i++) await boxes.nth(i).uncheck();
      await alix.getByRole('button', { name: 'Enregistrer le profil' }).click();
      await alix.waitForURL(/\?fait=profil/);
      assert.match(await alix.getByRole('status').innerText(), /profil de compétences est enregistré/);
      assert.match(await alix.locator('#profil + p').innerText(), /D1106, moins 3 compétences non pratiquées/);

      // Two pathways toward D1102 near Saint-Nazaire (the person's commune), 30 and 60 km.
      await simulate(alix, '30', 'Boulanger à 30 km');
      await simulate(alix, '60', 'Boulanger à 60 km');
      await checkPage(alix, 'conseil-fiche-simulations');
      const sims = alix.locator('.k-sims input[type="checkbox"]');
      assert.equal(await sims.count(), 2);
      await sims.nth(0).check();
      await sims.nth(1).check();
      await alix.getByRole('button', { name: 'Comparer les parcours cochés' }).click();
      await alix.waitForURL(/\/comparer\?s=\d+&s=\d+$/);
      await checkPage(alix, 'conseil-comparer');
      const table = alix.locator('table.k-compare');
      assert.deepEqual((await table.locator('thead th').allInnerTexts()).sort(), ['Boulanger à 30 km', 'Boulanger à 60 km']);
      assert.match(await table.getByRole('row', { name: /Durée totale/ }).innerText(), /semaine/);
      await table.getByRole('link', { name: 'Boulanger à 30 km' }).click();
      await checkPage(alix, 'conseil-simulation');
      const detail = await alix.locator('main').innerText();
      assert.match(detail, /Calculée sur les données d’aujourd’hui/);
      assert.match(detail, /Autour de Saint-Nazaire, dans un rayon de 30 km/);
      assert.match(detail, /composantes du score/);
      assert.match(detail, /Toutes les certifications du métier/);

      // The plan: two steps, the first one next.
      await visit(alix, `/conseil/${id}`, { name: 'conseil-fiche-plan' });
      await addStep(alix, 'immersion', STEPS[0], day(5));
      await addStep(alix, 'formation', STEPS[1], day(60));
      assert.match(await alix.locator('#plan ~ .k-next').innerText(), new RegExp(`Prochaine action : ${STEPS[0]}`));

      // The person's link, shown once, opened in a fresh browser without an account.
      await alix.getByRole('button', { name: 'Créer un lien pour la personne' }).click();
      await checkPage(alix, 'conseil-fiche-lien');
      const href = (await alix.locator('.k-url a').getAttribute('href'))!;
      const path = new URL(href).pathname;
      assert.match(path, /^\/mon-plan\/[\w-]+$/);
      await visit(lea, path, { name: 'mon-plan' });
      const plan = await lea.locator('main').innerText();
      assert.match(plan, /Bonjour Léa, voici votre plan d’action/);
      assert.ok(plan.indexOf(STEPS[0]) >= 0 && plan.indexOf(STEPS[0]) < plan.indexOf(STEPS[1]), 'les deux étapes, dans l’ordre');

      // The appointment summary, printed to PDF: its text holds the plan's steps.
      await visit(alix, `/conseil/${id}/synthese`, { name: 'conseil-synthese' });
      const pdf = await alix.pdf({ format: 'A4', printBackground: false });
      const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
      const flat = text.replace(/\s+/g, ' ');
      for (const step of STEPS) assert.ok(flat.includes(step), `le PDF contient « ${step} »`);
      assert.match(flat, /Synthèse du rendez-vous de Léa M\./);
      assert.match(flat, /Boulanger à 30 km/);
      assert.doesNotMatch(flat, /Aller au contenu|Mentions légales/, 'la feuille d’impression ôte l’en-tête et le pied de page');

      // Revoked, the link is a French 410 page; an unknown one a French 404.
      await visit(alix, `/conseil/${id}`, { name: 'conseil-fiche-avant-revocation' });
      await alix.getByRole('button', { name: /^Révoquer/ }).click();
      await alix.waitForURL(/\?fait=revoque/);
      await visit(lea, path, { name: 'mon-plan-revoque', status: 410 });
      assert.equal(await lea.locator('h1').innerText(), 'Ce lien n’est plus valable');
      assert.match(await lea.locator('main').innerText(), /désactivé par votre conseiller/);
      await visit(lea, '/mon-plan/inconnu', { name: 'mon-plan-inconnu', status: 404 });
      assert.equal(await lea.locator('h1').innerText(), 'Lien introuvable');

      // The list: Léa, her next step due in five days.
      await visit(alix, '/conseil', { name: 'conseil-liste' });
      await assertKeyboardReachesAll(alix);
      const row = alix.getByRole('row', { name: /Léa M\./ });
      assert.match(await row.innerText(), /Saint-Nazaire/);
    } finally {
      await alix.dispose();
      await lea.dispose();
    }
  });
}
