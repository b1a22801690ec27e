/**
 * The annual evaluation report in Debian's Chromium over the real bundle: Maine-et-Loire's report
 * chosen with the GET form at 390 px, with and without JavaScript (every calculated indicator's
 * label and value in French, the charts' tables, the PDF link; axe-core and the RGAA basics), then
 * its PDF printed by the server: tagged (StructTreeRoot, MarkInfo), and its text — read by unpdf,
 * and by pdftotext when poppler-utils is installed — holds every calculated indicator's label and
 * formatted value from the API.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { extractText, getDocumentProxy } from 'unpdf';
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
import { formatValue, plainSpaces } from '../../web/components/pilotage/report-format.ts';
import type { Indicators } from '../../src/steering/indicators-contract.ts';

const skip = skipReason();
let portal: Portal;
let browser: Browser;
let maine: Indicators;

before(
  async () => {
    if (skip) return;
    portal = await startBundlePortal();
    browser = await launchBrowser();
    const res = await fetch(`${portal.url}/api/v1/steering/indicators/departement?code=49`);
    assert.equal(res.status, 200);
    maine = (await res.json()) as Indicators;
  },
  { timeout: 600_000 },
);
after(async () => {
  await browser?.close();
  await portal?.close();
});

/** Every calculated indicator with a value for Maine-et-Loire: its label and its value as the report writes it. */
function expected(): { label: string; value: string }[] {
  const territory = maine.territories[0];
  return maine.definitions.flatMap((d, i) => {
    const v = territory.values.find((x) => x.id === d.id) ?? territory.values[i];
    return d.status === 'calcule' && v?.value != null ? [{ label: d.label, value: plainSpaces(formatValue(v.value, d.unit)) }] : [];
  });
}

for (const javaScript of [true, false]) {
  const mode = javaScript ? '' : ', sans JavaScript';

  test(`rapport annuel du Maine-et-Loire choisi par le formulaire (390 px${mode})`, { skip }, async () => {
    const page = await openPage(browser, portal.url, { width: 390, javaScript });
    try {
      await visit(page, '/pilotage/rapport', { name: 'pilotage-rapport' });
      if (javaScript) await assertKeyboardReachesAll(page);
      assert.match(await page.locator('#donnees-ouvertes ~ p').first().innerText(), /UTF-8 avec BOM/);
      assert.ok(await page.getByRole('link', { name: /CSV des indicateurs : les départements/ }).isVisible());
      await page.getByLabel('Échelle', { exact: true }).selectOption('departement');
      await page.locator('select#territoire').selectOption('49');
      await page.getByRole('button', { name: 'Voir le rapport' }).click();
      await page.waitForURL(/\/pilotage\/rapport\/departement\/49$/);
      await checkPage(page, 'pilotage-rapport-territoire');
      assert.equal(await page.locator('h1').innerText(), 'Évaluation annuelle — Maine-et-Loire (département)');
      const wide = await page.evaluate(() =>
        [...document.querySelectorAll('main *')]
          .filter((e) => e.getBoundingClientRect().right > 391 && !e.closest('.report-table'))
          .map((e) => `${e.tagName}.${e.className}`)
          .slice(0, 5),
      );
      assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390, `la page défile en largeur : ${wide.join(', ')}`);

      const main = plainSpaces(await page.locator('main').innerText());
      const wanted = expected();
      assert.ok(wanted.length > 0, 'aucun indicateur calculé pour le Maine-et-Loire');
      for (const { label, value } of wanted) {
        const block = page.locator('.report-indicator', { has: page.getByRole('heading', { name: label, exact: true }) });
        assert.equal(await block.count(), 1, `indicateur absent : ${label}`);
        assert.equal(plainSpaces(await block.locator('.report-value').innerText()), value, label);
      }
      // Each chart is an image named in words, with its data table right after it.
      const figures = page.locator('figure.report-figure');
      for (let i = 0; i < (await figures.count()); i++) {
        const figure = figures.nth(i);
        assert.ok(((await figure.locator('svg[role="img"]').getAttribute('aria-label')) ?? '').length > 20);
        assert.ok((await figure.locator('table tbody tr').count()) > 0);
      }
      if (maine.definitions.some((d) => d.status === 'pas-encore')) assert.match(main, /Pas encore de données/);
      const pdf = page.getByRole('link', { name: 'Télécharger le rapport en PDF' });
      assert.equal(await pdf.getAttribute('href'), '/api/v1/steering/report/departement/49.pdf');
    } finally {
      await page.dispose();
    }
  });
}

test('le PDF du rapport du Maine-et-Loire : balisé, chaque indicateur calculé avec sa valeur', { skip, timeout: 180_000 }, async () => {
  const res = await fetch(`${portal.url}/api/v1/steering/report/departement/49.pdf`);
  assert.equal(res.status, 200, await res.clone().text());
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  const bytes = new Uint8Array(await res.arrayBuffer());
  const raw = Buffer.from(bytes).toString('latin1');
  assert.ok(raw.startsWith('%PDF-'));
  assert.match(raw, /\/StructTreeRoot/, 'PDF non balisé (pas de StructTreeRoot)');
  assert.match(raw, /\/MarkInfo\s*<<[^>]*\/Marked\s+true/, 'PDF non balisé (MarkInfo /Marked true)');
  assert.match(raw, /\/Outlines\s+\d+ 0 R/, 'PDF sans signets (Outlines)');

  const { text } = await extractText(await getDocumentProxy(bytes.slice()), { mergePages: true });
  const read = plainSpaces(text);
  assert.match(read, /Évaluation annuelle — Maine-et-Loire \(département\)/);
  for (const { label, value } of expected()) {
    assert.ok(read.includes(plainSpaces(label)), `unpdf : libellé absent du PDF : ${label}`);
    assert.ok(read.includes(value), `unpdf : valeur absente du PDF pour ${label} : ${value}`);
  }

  let pdftotext: string | null = null;
  try {
    pdftotext = execFileSync('which', ['pdftotext'], { encoding: 'utf8' }).trim() || null;
  } catch {
    pdftotext = null;
  }
  if (!pdftotext) {
    process.stderr.write('IGNORÉ : pdftotext absent (paquet poppler-utils) : le PDF n’est relu que par unpdf\n');
    return;
  }
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'rapport-')), 'rapport.pdf');
  fs.writeFileSync(file, bytes);
  const popplerText = plainSpaces(execFileSync(pdftotext, ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }));
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
  for (const { label, value } of expected()) {
    assert.ok(popplerText.includes(plainSpaces(label)), `pdftotext : libellé absent du PDF : ${label}`);
    assert.ok(popplerText.includes(value), `pdftotext : valeur absente du PDF pour ${label} : ${value}`);
  }
});

test('le PDF d’un territoire inconnu : 404 en français, sans lancer d’impression', { skip }, async () => {
  const res = await fetch(`${portal.url}/api/v1/steering/report/departement/99.pdf`);
  assert.equal(res.status, 404);
  assert.ok(((await res.json()) as { error: string }).error.length > 0);
});
