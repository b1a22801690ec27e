/** The browser-test harness: see README.md beside this file. */
export { DEMO, skipReason, startPortal, buildPortal, chromiumPath, type Portal } from './portal.ts';
export { CHROMIUM_FLAGS, WIDTHS, launchBrowser, openPage, type JourneyPage, type PageOptions, type Browser } from './browser.ts';
export {
  SCREENSHOT_DIR,
  assertKeyboardReachesAll,
  assertNoAxeViolations,
  assertPageBasics,
  checkPage,
  screenshot,
  visit,
} from './checks.ts';
export { journeySuite } from './suite.ts';
