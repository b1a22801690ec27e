/**
 * What every page of a journey must pass (RGAA 4.1 automated part): lang, a unique title, the
 * landmarks, a working skip link, one h1 and no skipped heading level, zero axe-core violations;
 * plus a screenshot at the page's width. And a keyboard-only check: Tab reaches every control.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Response } from 'playwright-core';
import type { JourneyPage } from './browser.ts';

const require = createRequire(import.meta.url);
const AXE_SOURCE: string = (require('axe-core') as { source: string }).source;
const AXE_FR = JSON.parse(fs.readFileSync(require.resolve('axe-core/locales/fr.json'), 'utf8')) as object;

/** Screenshots land here (git-ignored): `<name>-<width>.png`, `-sans-js` for JavaScript off. */
export const SCREENSHOT_DIR = path.resolve(import.meta.dirname, '../../../test-results/screenshots');

export interface VisitOptions {
  /** Screenshot and report name, e.g. "fiche-metier" (lower case, no spaces). */
  name: string;
  /** Expected HTTP status (200 by default; 404 for a not-found page). */
  status?: number;
}

/**
 * Goes to a path, checks the status, then runs `checkPage`. Use `checkPage` directly after a
 * click or a form submission has brought a new page.
 */
export async function visit(page: JourneyPage, url: string, options: VisitOptions): Promise<Response | null> {
  const response = await page.goto(url, { waitUntil: 'load' });
  const status = options.status ?? 200;
  assert.equal(response?.status(), status, `${url} : statut HTTP inattendu`);
  // Error pages may share a title (« Page introuvable »).
  await checkPage(page, options.name, { uniqueTitle: status < 400 });
  return response;
}

/**
 * Every check of a page, then its screenshot, for people to look at (not with
 * PASSERELLES_SCREENSHOTS=0: CI keeps none, and encoding them costs its processor time).
 */
export async function checkPage(page: JourneyPage, name: string, options: { uniqueTitle?: boolean } = {}): Promise<void> {
  await page.waitForLoadState('load');
  await assertPageBasics(page, options);
  await assertNoAxeViolations(page);
  if (process.env.PASSERELLES_SCREENSHOTS !== '0') await screenshot(page, name);
  assert.deepEqual(page.foreignRequests, [], 'la page a tenté de joindre un autre hôte');
  assert.deepEqual(page.pageErrors, [], 'erreur JavaScript dans la page');
}

/** Where the page is, for messages. */
function where(page: JourneyPage): string {
  const u = new URL(page.url());
  return `${u.pathname}${u.search} (${page.width} px${page.javaScript ? '' : ', sans JavaScript'})`;
}

/** lang, a unique non-empty title, the landmarks, the skip link, headings in order. */
export async function assertPageBasics(page: JourneyPage, options: { uniqueTitle?: boolean } = {}): Promise<void> {
  // No named functions inside evaluate(): tsx would wrap them in a __name() the page lacks.
  const facts = await page.evaluate(() => {
    const headings = [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')]
      .filter((e) => (e as HTMLElement).checkVisibility?.() ?? true)
      .map((h) => Number(h.tagName[1]));
    const first = document.body.querySelector('a[href], button, input, select, textarea, [tabindex]:not([tabindex="-1"])');
    const skipTarget = first?.getAttribute('href')?.startsWith('#') ? document.getElementById(first.getAttribute('href')!.slice(1)) : null;
    return {
      lang: document.documentElement.lang,
      title: document.title.trim(),
      main: document.querySelectorAll('main, [role="main"]').length,
      banner: document.querySelectorAll('body > header, [role="banner"]').length,
      contentinfo: document.querySelectorAll('body > footer, [role="contentinfo"]').length,
      nav: document.querySelectorAll('nav, [role="navigation"]').length,
      skipText: first?.textContent?.trim() ?? '',
      skipTargetIsMain: !!skipTarget && (skipTarget.tagName === 'MAIN' || skipTarget.getAttribute('role') === 'main'),
      headings,
    };
  });
  const at = where(page);
  assert.equal(facts.lang, 'fr', `${at} : <html lang="fr"> attendu`);
  assert.ok(facts.title.length > 0, `${at} : titre de page vide`);
  const pathname = new URL(page.url()).pathname;
  if (options.uniqueTitle !== false) {
    const seen = page.visitedTitles.get(facts.title);
    assert.ok(!seen || seen === pathname, `${at} : le titre « ${facts.title} » est aussi celui de ${seen}`);
    page.visitedTitles.set(facts.title, pathname);
  }
  assert.equal(facts.main, 1, `${at} : un seul <main> attendu`);
  assert.equal(facts.banner, 1, `${at} : un en-tête (banner) attendu`);
  assert.equal(facts.contentinfo, 1, `${at} : un pied de page (contentinfo) attendu`);
  assert.ok(facts.nav >= 1, `${at} : une navigation attendue`);
  assert.ok(facts.skipTargetIsMain, `${at} : le premier lien doit mener au contenu principal (lien d’évitement)`);
  assert.match(facts.skipText, /contenu/i, `${at} : lien d’évitement attendu en premier`);
  assert.equal(facts.headings.filter((h) => h === 1).length, 1, `${at} : un seul titre h1 attendu`);
  assert.equal(facts.headings[0], 1, `${at} : le premier titre doit être le h1`);
  for (let i = 1; i < facts.headings.length; i++) {
    assert.ok(
      facts.headings[i] <= facts.headings[i - 1] + 1,
      `${at} : niveau de titre sauté (h${facts.headings[i - 1]} puis h${facts.headings[i]})`,
    );
  }
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

/**
 * Without JavaScript the page's timers never fire (evaluate() still runs, microtasks too), and
 * axe.run() yields through setTimeout: give it a microtask-based one for the audit.
 */
const MICROTASK_TIMERS =
  'window.setTimeout = function (fn) { var a = Array.prototype.slice.call(arguments, 2); ' +
  'Promise.resolve().then(function () { if (typeof fn === "function") fn.apply(null, a); }); return 0; }; window.clearTimeout = function () {};';

/**
 * Injects axe-core (also on pages without JavaScript: it is evaluated through the DevTools
 * protocol, not by a <script>) and fails on any violation, listing each with its elements.
 */
export async function assertNoAxeViolations(page: JourneyPage): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded && !page.javaScript) await page.evaluate(MICROTASK_TIMERS);
  if (!loaded) await page.evaluate(`${AXE_SOURCE}\n;axe.configure({ locale: ${JSON.stringify(AXE_FR)} });`);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
    }));
  });
  const report = violations
    .map(
      (v) => `- ${v.id} (${v.impact}) ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')} : ${n.failureSummary ?? ''}`).join('\n')}`,
    )
    .join('\n');
  assert.equal(violations.length, 0, `${where(page)} : axe-core signale ${violations.length} violation(s)\n${report}`);
}

/** Full-page screenshot: test-results/screenshots/<name>-<width>[-sans-js].png. */
export async function screenshot(page: JourneyPage, name: string): Promise<string> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}-${page.width}${page.javaScript ? '' : '-sans-js'}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export interface KeyboardReport {
  /** Controls reached by Tab, in order (short descriptions). */
  reached: string[];
}

/**
 * Keyboard-only check: from the top of the page, presses Tab until focus comes back round, and
 * asserts that every visible control (links, buttons, fields, summaries, tabindex ≥ 0) received
 * the focus — one radio per group is enough — and that each showed a visible focus indicator.
 * The first Tab must land on the skip link, and activating it must move the focus to <main>.
 */
export async function assertKeyboardReachesAll(page: JourneyPage): Promise<KeyboardReport> {
  const at = where(page);
  const expected = await page.evaluate(() => {
    const selector =
      'a[href], button:not([disabled]), input:not([disabled]):not([type="hidden"]), select:not([disabled]), ' +
      'textarea:not([disabled]), summary, [tabindex]:not([tabindex="-1"]), [contenteditable="true"]';
    const list: { key: string; label: string; group: string | null }[] = [];
    document.querySelectorAll(selector).forEach((el, i) => {
      const e = el as HTMLElement;
      if (!(e.checkVisibility?.({ checkOpacity: true, checkVisibilityCSS: true }) ?? true)) return;
      if (e.closest('[inert]')) return;
      // A skip link is visible only when focused: count it anyway.
      const key = `k${i}`;
      e.dataset.kbd = key;
      const radio = e instanceof HTMLInputElement && e.type === 'radio' ? `radio:${e.name}` : null;
      const label = `${e.tagName.toLowerCase()} « ${(e.getAttribute('aria-label') || e.textContent || (e as HTMLInputElement).name || '').trim().slice(0, 40)} »`;
      list.push({ key, label, group: radio });
    });
    // The skip link is visually hidden until focused; checkVisibility keeps it (it is clipped, not hidden).
    (document.activeElement as HTMLElement | null)?.blur();
    return list;
  });
  await focusTop(page);
  const reached = new Set<string>();
  const order: string[] = [];
  const noIndicator: string[] = [];
  const limit = expected.length * 2 + 20;
  let first: string | null = null;
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press('Tab');
    const now = await page.evaluate(() => {
      const e = document.activeElement as HTMLElement | null;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      const indicator = (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none';
      return { key: e.dataset.kbd ?? null, tag: e.tagName.toLowerCase(), text: (e.textContent ?? '').trim().slice(0, 40), indicator };
    });
    // Focus left the document (after the last control): the next Tab comes back to the top.
    // The walk may start mid-page (a #fragment moves the starting point): go on until it comes
    // back to the first control it reached.
    if (!now) continue;
    const key = now.key ?? `${now.tag}:${now.text}`;
    if (key === first) break;
    first ??= key;
    reached.add(key);
    order.push(`${now.tag} « ${now.text} »`);
    if (!now.indicator) noIndicator.push(`${now.tag} « ${now.text} »`);
  }
  const groups = new Map<string, boolean>();
  const missed: string[] = [];
  for (const e of expected) {
    if (e.group) groups.set(e.group, (groups.get(e.group) ?? false) || reached.has(e.key));
    else if (!reached.has(e.key)) missed.push(e.label);
  }
  for (const [group, ok] of groups) if (!ok) missed.push(group);
  assert.deepEqual(missed, [], `${at} : contrôles jamais atteints au clavier`);
  assert.deepEqual(noIndicator, [], `${at} : focus sans indicateur visible`);

  // From the top of the page, the first Tab reaches the skip link, and activating it moves the
  // focus into <main>.
  await focusTop(page);
  await page.keyboard.press('Tab');
  const firstStop = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
  assert.match(firstStop, /contenu/i, `${at} : la première tabulation doit atteindre le lien d’évitement`);
  await page.keyboard.press('Enter');
  const inMain = await page.evaluate(() => !!document.activeElement?.closest('main'));
  assert.ok(inMain, `${at} : le lien d’évitement doit placer le focus dans le contenu principal`);
  return { reached: order };
}

/**
 * Moves the sequential focus starting point to the top of the document, as on a fresh load (a
 * #fragment or an earlier click moves it): focus a temporary element at the start of <body>,
 * then remove it.
 */
async function focusTop(page: JourneyPage): Promise<void> {
  await page.evaluate(() => {
    const probe = document.createElement('span');
    probe.tabIndex = -1;
    document.body.prepend(probe);
    probe.focus();
    probe.remove();
    window.scrollTo(0, 0);
  });
}
