/**
 * The agenda pages in Debian's Chromium at 390 px, with and without JavaScript, over the real
 * bundle (its `evenements/`) and one event a CFA entered for the weeks to come: the list shows
 * what is to come by default, the form finds the past fairs of Rennes and links to their
 * iCalendar file; an event's page says when and where, and its « Ajouter à mon agenda (.ics) »
 * file is read back by ical.js; a CFA signs in and proposes an event, corrects the error the
 * form reports, and lands on the published event. Every page passes axe-core and the RGAA basics;
 * Tab reaches every control.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import ICAL from 'ical.js';
import { DateTime } from 'luxon';
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
import { agendaDb } from '../../src/agenda/db.ts';
import { createEvent } from '../../src/agenda/events.ts';
import { tokenOf } from '../identity/helpers.ts';

const skip = skipReason();
const PASSWORD = 'salon des métiers 2027 à Angers';
const UPCOMING = 'Réunion d’information : l’apprentissage au CFA';
let portal: Portal;
let browser: Browser;

let accounts = 0;

/** A CFA account with its password, in the CFA that entered the upcoming event. */
async function cfaAccount(structureId: number): Promise<string> {
  const email = `cfa-agenda-${++accounts}@exemple.fr`;
  const db = identityDb(portal.handle.db);
  const { link } = await invite(
    db,
    null,
    { email, name: `Camille Chargée de relations ${accounts}`, roles: ['cfa'], structureId },
    { publicUrl: portal.url },
  );
  await acceptInvitation(db, tokenOf(link), PASSWORD);
  return email;
}

let structureId: number;
const inDays = (days: number) => DateTime.now().setZone('Europe/Paris').plus({ days }).toISODate()!;

before(
  async () => {
    if (skip) return;
    portal = await startBundlePortal();
    browser = await launchBrowser();
    structureId = await createStructure(identityDb(portal.handle.db), { name: 'CFA des métiers d’Angers', kind: 'cfa', code: '0490001A' });
    await createEvent(
      agendaDb(portal.handle.db),
      { accountId: 0, structureId, roles: ['cfa'], sessionKey: '' },
      {
        kind: 'info',
        title: UPCOMING,
        description: 'Présentation des formations en alternance.',
        startDate: inDays(20),
        startTime: '17:30',
        endTime: '19:00',
        venue: 'Amphithéâtre',
        commune: '49007',
      },
    );
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

  test(`agenda : ce qui est à venir, puis les salons passés de Rennes et leur fichier .ics (390 px${mode})`, { skip }, async () => {
    const page = await open(javaScript);
    try {
      await visit(page, '/apprentissage/agenda', { name: 'agenda' });
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Agenda de l’apprentissage');
      assert.match(await page.locator('#resultats').innerText(), /^\d+ événements? à venir$/);
      const upcoming = page.locator('#liste-evenements > li', { hasText: UPCOMING });
      assert.match(await upcoming.innerText(), /Réunion d’information[\s\S]*Amphithéâtre, Angers \(49\)[\s\S]*CFA des métiers d’Angers/);
      // Nothing of 2025 by default.
      assert.equal(await page.locator('#liste-evenements > li', { hasText: 'Salon du lycéen et de l’étudiant' }).count(), 0);

      await page.getByLabel(/^Mots-clés/).fill('Rennes');
      await page.getByLabel('Période').selectOption('passes');
      await page.getByRole('button', { name: 'Afficher les événements' }).click();
      await page.waitForURL(/periode=passes/);
      await checkPage(page, 'agenda-passes');
      assert.equal(await page.locator('#resultats').innerText(), '3 événements passés');
      const cards = page.locator('#liste-evenements > li');
      assert.equal(await cards.count(), 3);
      assert.match(
        await cards.last().innerText(),
        /Salon du lycéen et de l’étudiant[\s\S]*du jeudi 9 janvier 2025 au samedi 11 janvier 2025[\s\S]*Parc Expo, Rennes \(35\)/,
      );
      const ics = page.getByRole('link', { name: 'Ajouter ces 3 événements à mon agenda (.ics)' });
      const href = (await ics.getAttribute('href')) ?? '';
      assert.match(href, /^\/api\/v1\/agenda\/export\.ics\?/);
      const calendar = new ICAL.Component(ICAL.parse(await (await page.request.get(href)).text()));
      assert.deepEqual(
        calendar
          .getAllSubcomponents('vevent')
          .map((v) => new ICAL.Event(v).summary)
          .sort(),
        [
          "Salon de la poursuite d'études et masters",
          "Salon des études supérieures et de l'alternance",
          'Salon du lycéen et de l’étudiant',
        ],
      );
      if (javaScript) assert.ok(await page.getByRole('button', { name: 'Afficher la carte' }).isVisible());
      else assert.equal(await page.getByRole('button', { name: 'Afficher la carte' }).count(), 0, 'sans JavaScript, pas de bouton inerte');
    } finally {
      await page.dispose();
    }
  });

  test(`agenda : la page d’un salon et « Ajouter à mon agenda (.ics) » (390 px${mode})`, { skip }, async () => {
    const page = await open(javaScript);
    try {
      await visit(page, '/apprentissage/agenda?periode=passes&q=Rennes', { name: 'agenda-rennes' });
      await page.getByRole('link', { name: 'Salon du lycéen et de l’étudiant' }).click();
      await page.waitForURL(/\/apprentissage\/agenda\/\d+$/);
      await checkPage(page, 'agenda-evenement');
      await assertKeyboardReachesAll(page);
      assert.equal(await page.locator('h1').innerText(), 'Salon du lycéen et de l’étudiant');
      const facts = await page.locator('main dl').innerText();
      assert.match(facts, /du jeudi 9 janvier 2025 au samedi 11 janvier 2025/);
      assert.match(facts, /Parc Expo, Rennes \(35\)/);
      assert.match(facts, /L’Étudiant/);
      const href = (await page.getByRole('link', { name: 'Ajouter à mon agenda (.ics)' }).getAttribute('href')) ?? '';
      const file = await page.request.get(href);
      assert.match(file.headers()['content-type'], /^text\/calendar/);
      const [event] = new ICAL.Component(ICAL.parse(await file.text())).getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      assert.equal(event.summary, 'Salon du lycéen et de l’étudiant');
      assert.equal(event.location, 'Parc Expo, Rennes');
      assert.deepEqual([event.startDate.toString(), event.endDate.toString()], ['2025-01-09', '2025-01-12']);
      await visit(page, '/apprentissage/agenda/999999', { name: 'agenda-inconnu', status: 404 });
    } finally {
      await page.dispose();
    }
  });

  test(`agenda : un CFA propose un événement, corrige l’erreur signalée, le publie (390 px${mode})`, { skip }, async () => {
    const email = await cfaAccount(structureId);
    const page = await open(javaScript);
    try {
      await page.goto('/apprentissage/agenda/proposer');
      await page.waitForURL(/\/connexion\?retour=/);
      await page.getByLabel(/Adresse électronique/).fill(email);
      await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
      await page.getByRole('button', { name: 'Se connecter' }).click();
      await page.waitForURL(/\/apprentissage\/agenda\/proposer$/);
      await checkPage(page, 'agenda-proposer');
      await assertKeyboardReachesAll(page);
      assert.match(await page.locator('#mes-evenements').innerText(), /Les événements de votre structure \(\d+\)/);

      const title = `Journée portes ouvertes du CFA${javaScript ? '' : ' (sans JavaScript)'}`;
      await page.getByLabel(/^Type d’événement/).selectOption('jpo');
      await page.getByLabel(/^Titre/).fill(title);
      await page.getByLabel(/^Premier jour/).fill(inDays(40));
      await page.getByLabel(/^Heure de début/).fill('14:00');
      await page.getByLabel(/^Heure de fin/).fill('10:00');
      await page.getByLabel(/^Commune/).fill('Angers');
      await page.getByRole('button', { name: 'Publier l’événement' }).click();
      await page.waitForSelector('.g-error-summary');
      await checkPage(page, 'agenda-proposer-erreur');
      assert.match(await page.getByRole('alert').innerText(), /L’heure de fin doit suivre l’heure de début\./);
      assert.equal(await page.getByLabel(/^Heure de fin/).getAttribute('aria-invalid'), 'true');
      assert.equal(await page.getByLabel(/^Titre/).inputValue(), title);

      await page.getByLabel(/^Heure de fin/).fill('17:00');
      await page.getByRole('button', { name: 'Publier l’événement' }).click();
      await page.waitForURL(/\/apprentissage\/agenda\/\d+\?enregistre=1$/);
      await checkPage(page, 'agenda-publie');
      assert.match(await page.getByRole('status').innerText(), /L’événement est enregistré/);
      assert.equal(await page.locator('h1').innerText(), title);
      assert.match(await page.locator('main dl').innerText(), /de 14 h 00 à 17 h 00[\s\S]*Angers \(49\)[\s\S]*CFA des métiers d’Angers/);
    } finally {
      await page.dispose();
    }
  });
}
