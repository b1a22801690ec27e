import { after, before } from 'node:test';
import { launchBrowser, openPage, type Browser, type JourneyPage, type PageOptions } from './browser.ts';
import { skipReason, startPortal, type Portal } from './portal.ts';

/**
 * One portal and one browser for a test file (the bundle import is the slow part): registers the
 * file's `before` and `after`, and returns the skip reason and `open`, a new page on that portal.
 */
export function journeySuite(): { skip: string | undefined; open(options: PageOptions): Promise<JourneyPage> } {
  const skip = skipReason();
  let portal: Portal | undefined;
  let browser: Browser | undefined;
  before(
    async () => {
      if (skip) return;
      portal = await startPortal();
      browser = await launchBrowser();
    },
    { timeout: 600_000 },
  );
  after(async () => {
    await browser?.close();
    await portal?.close();
  });
  return { skip, open: (options) => openPage(browser!, portal!.url, options) };
}
