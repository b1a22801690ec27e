/**
 * Agenda events pushed by a partner's program, as the structure reads them, in Debian's Chromium at
 * 390 px with and without JavaScript over an empty database: « Ma structure » links to « Flux
 * d’offres et d’événements » (and to the API keys, for an administrator); the flux page shows the
 * source's events in the agenda, the event pushes, the rejected event with its JSON field path and
 * French reason, and the warned one linked to its agenda page. A supervisor, whom the flux page
 * refuses, sees no link to it. Every page passes axe-core and the RGAA basics.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPage, launchBrowser, openPage, type Browser } from './helpers/index.ts';
import { skipReason, startBarePortal, type Portal } from './helpers/portal.ts';
import { identityDb } from '../../src/identity/db.ts';
import { acceptInvitation, createStructure, invite } from '../../src/identity/accounts.ts';
import { pushEvents } from '../../src/exchange/push-events.ts';
import { pushEventDb } from '../../src/exchange/push-events-tables.ts';

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

const PASSWORD = 'agenda des partenaires 2026 en avril';
let structures = 0;

async function person(roles: string[]) {
  const n = ++structures;
  const db = identityDb(portal.handle.db);
  const structureId = await createStructure(db, { name: `CFA des Mauges ${n}`, kind: 'cfa', code: `CFA-MAUGES-${n}` });
  const email = `agenda-${n}@exemple.fr`;
  const { id, link } = await invite(db, null, { email, name: `Sacha ${n}`, roles, structureId }, { publicUrl: portal.url });
  await acceptInvitation(db, new URL(link).searchParams.get('jeton')!, PASSWORD);
  return { n, id, email, structureId };
}

async function signIn(javaScript: boolean, email: string, target: string) {
  const page = await openPage(browser, portal.url, { width: 390, javaScript });
  await page.goto(target);
  await page.getByLabel(/Adresse électronique/).fill(email);
  await page.getByLabel(/^Mot de passe/).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(new RegExp(`${target}$`));
  return page;
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';
  test(`flux d’événements : lien depuis ma structure, envois, rejet avec son champ, avertissement (390 px${mode})`, { skip }, async () => {
    const { n, id, email, structureId } = await person(['cfa', 'admin']);
    const source = `agenda-mauges-${n}`;
    // What the structure's program pushed (PUT /api/v1/sources/{source}/events), through the service.
    const report = await pushEvents(
      pushEventDb(portal.handle.db),
      { structureId, accountId: id, keyId: null },
      {
        source,
        mode: 'complet',
        body: {
          events: [
            {
              id: 'JPO-1',
              kind: 'jpo',
              title: 'Portes ouvertes du CFA',
              startDate: '2099-03-07',
              startTime: '09:00',
              endTime: '13:00',
              commune: '99999',
            },
            { id: 'FOR-2', kind: 'forum', title: 'Forum des métiers', startDate: '2099-13-01' },
          ],
        },
      },
    );
    assert.deepEqual([report.accepted, report.rejected], [1, 1]);

    const page = await signIn(javaScript, email, '/structure');
    try {
      await checkPage(page, 'structure-liens');
      assert.ok(await page.getByRole('link', { name: 'Clés d’API des partenaires de la structure' }).isVisible());
      await page.getByRole('link', { name: 'Flux d’offres et d’événements' }).click();
      await page.waitForURL(/\/structure\/flux$/);
      await checkPage(page, 'flux-evenements');
      const main = await page.locator('main').innerText();
      assert.match(main, new RegExp(`Source « ${source} » : 0 offre en ligne, 1 événement dans l’agenda`));
      assert.match(main, /Événement « FOR-2 » : date de début invalide « 2099-13-01 » .*\(champ \/events\/1\/startDate\)/);
      const row = page.getByRole('row', { name: /tous les événements/ });
      assert.match(await row.innerText(), /tous les événements\s+1\s+1\s+1\s+0\s+1/);
      const warned = page.getByRole('link', { name: 'Événement « JPO-1 »' });
      assert.match((await warned.getAttribute('href')) ?? '', /^\/apprentissage\/agenda\/\d+$/);
      assert.match(main, /commune « 99999 » inconnue/);
    } finally {
      await page.dispose();
    }
  });
}

test('ma structure : un superviseur, que la page des flux refuse, n’y a pas de lien', { skip }, async () => {
  const { email } = await person(['superviseur']);
  const page = await signIn(false, email, '/structure');
  try {
    assert.equal(await page.getByRole('link', { name: 'Flux d’offres et d’événements' }).count(), 0);
    assert.equal(await page.getByRole('link', { name: /Clés d’API/ }).count(), 0);
  } finally {
    await page.dispose();
  }
});
