/**
 * Debian's Chromium driven by playwright-core (never a downloaded browser), with the flags of
 * ARCHITECTURE.md. Playwright gives every launch a fresh temporary profile (--user-data-dir).
 */
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { chromiumPath } from './portal.ts';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The two widths every journey runs at: a phone and a laptop. */
export const WIDTHS = [390, 1280] as const;
export type Width = (typeof WIDTHS)[number] | number;

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_FLAGS, headless: true });
}

export interface PageOptions {
  width: Width;
  /** false: a context with JavaScript disabled (the journeys that must work without it). */
  javaScript?: boolean;
}

/**
 * A page in a fresh context (no cookies, no cache) at the given width, French locale, base URL
 * set so that `page.goto('/metiers/D1102')` works. Requests to any other host are refused and
 * counted in `foreignRequests` (the portal must fetch nothing elsewhere).
 */
export async function openPage(browser: Browser, baseURL: string, options: PageOptions): Promise<JourneyPage> {
  const context = await browser.newContext({
    baseURL,
    viewport: { width: options.width, height: options.width < 600 ? 844 : 900 },
    deviceScaleFactor: 1,
    isMobile: false,
    locale: 'fr-FR',
    javaScriptEnabled: options.javaScript ?? true,
  });
  const foreignRequests: string[] = [];
  const origin = new URL(baseURL).origin;
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return Object.assign(page, {
    width: options.width,
    javaScript: options.javaScript ?? true,
    foreignRequests,
    pageErrors: errors,
    visitedTitles: new Map<string, string>(),
    async dispose() {
      await context.close();
    },
  });
}

/** A playwright Page plus what the journey checks record along the way. */
export type JourneyPage = Page & {
  width: Width;
  javaScript: boolean;
  foreignRequests: string[];
  pageErrors: string[];
  /** title → path of the pages visited, to check titles are unique. */
  visitedTitles: Map<string, string>;
  dispose(): Promise<void>;
};

export type { Browser, BrowserContext, Page };
