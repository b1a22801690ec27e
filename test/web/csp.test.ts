/**
 * The Content-Security-Policy in Debian's Chromium (issue 15): the pages a person visits most, the
 * apprenticeship map (its island script, MapLibre and its worker), the widget's page and the API's
 * documentation (Swagger UI) load and work under the policy their server sends, and Chromium
 * reports no violation of it (neither the `securitypolicyviolation` event of any frame nor a
 * « Refused to… » message on the console, which also covers the workers).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { journeySuite, visit, type JourneyPage } from './helpers/index.ts';

const { skip, open } = journeySuite();

/** A page that records every CSP violation its frames report. */
async function watched(javaScript = true): Promise<JourneyPage & { violations: string[] }> {
  const page = await open({ width: 1280, javaScript });
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('__cspViolation', (text: string) => violations.push(text));
  // Added through DevTools: runs in every frame before its own scripts, whatever the policy.
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      (window as unknown as { __cspViolation(text: string): void }).__cspViolation(
        `${event.violatedDirective} : ${event.blockedURI || '(en ligne)'} sur ${event.documentURI}`,
      );
    });
  });
  return Object.assign(page, { violations });
}

function assertNoViolation(page: { violations: string[] }, where: string): void {
  assert.deepEqual(page.violations, [], `${where} : la politique de sécurité du contenu a bloqué quelque chose`);
}

test('the home page, a fiche métier and the training search load without a CSP violation', { skip }, async () => {
  const page = await watched();
  try {
    const response = await visit(page, '/', { name: 'csp-accueil' });
    assert.match(String(response?.headers()['content-security-policy']), /script-src 'self'/);
    await visit(page, '/metiers/D1102', { name: 'csp-fiche-metier' });
    assert.match(await page.locator('h1').innerText(), /Boulanger/i);
    await visit(page, '/formations?rome=D1102&commune=49007', { name: 'csp-formations' });
    assert.ok((await page.locator('main li').count()) > 0, 'des formations listées');
    assertNoViolation(page, 'accueil, fiche, formations');
  } finally {
    await page.dispose();
  }
});

test('the apprenticeship map: the island reveals its button, MapLibre draws its canvas', { skip }, async () => {
  const page = await watched();
  try {
    await visit(page, '/apprentissage/carte?rome=D1102&commune=49007', { name: 'csp-carte' });
    await page.getByRole('button', { name: 'Afficher la carte' }).click();
    await page.waitForFunction(
      () => ['yes', 'failed'].includes(document.querySelector('[data-map-canvas]')?.getAttribute('data-loaded') ?? ''),
      undefined,
      { timeout: 60_000 },
    );
    assert.equal(
      await page.locator('[data-map-canvas]').getAttribute('data-loaded'),
      'yes',
      await page.locator('[data-map-status]').innerText(),
    );
    assert.equal(await page.locator('[data-map-canvas] canvas').count(), 1);
    // The map's own controls (MapLibre's style sheet, its icons as data: images) are there.
    assert.equal(await page.getByRole('button', { name: 'Zoomer', exact: true }).count(), 1);
    assertNoViolation(page, 'carte de l’apprentissage');
  } finally {
    await page.dispose();
  }
});

test('the widget’s page runs its own script (it tells its height) and nothing else', { skip }, async () => {
  const page = await watched();
  try {
    const response = await page.goto('/widget/formations?commune=49007&rayon=30', { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    assert.match(String(response?.headers()['content-security-policy']), /frame-ancestors \*/);
    assert.ok((await page.locator('main li').count()) > 0, 'des formations listées');
    // Its script posts its height to the parent (here the page itself): it ran.
    const height = await page.evaluate(
      () =>
        new Promise<number>((resolve) => {
          addEventListener('message', (event) => resolve((event.data as { hauteur: number }).hauteur));
          dispatchEvent(new Event('resize'));
        }),
    );
    assert.ok(height > 0);
    assertNoViolation(page, 'page du module');
  } finally {
    await page.dispose();
  }
});

test('the API’s documentation (Swagger UI) renders under the policy', { skip }, async () => {
  const page = await watched();
  try {
    const response = await page.goto('/api/docs', { waitUntil: 'load' });
    assert.equal(response?.status(), 200);
    await page.locator('.swagger-ui .info .title').waitFor({ timeout: 60_000 });
    assert.match(await page.locator('.swagger-ui .info .title').innerText(), /API publique Passerelles/);
    // Opening an operation is drawn by its scripts.
    const operation = page.locator('.opblock-summary').first();
    await operation.click();
    await page.locator('.opblock-body').first().waitFor();
    assertNoViolation(page, '/api/docs');
  } finally {
    await page.dispose();
  }
});
