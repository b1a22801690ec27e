import fs from 'node:fs';

/**
 * scripts/run-tests.mjs starts the test files while it still builds the portal and imports the
 * bundle's template, and writes each outcome to a file named by an environment variable (`ok`,
 * or why it failed). A file that needs one waits for it: a generous ceiling, no guess about the
 * machine's speed. Without the variable (a file run alone), there is nothing to wait for.
 */
export async function waitUntilReady(variable: 'PASSERELLES_WEB_BUILD_READY' | 'PASSERELLES_TEST_TEMPLATE_READY'): Promise<void> {
  const marker = process.env[variable];
  if (!marker) return;
  const deadline = Date.now() + 30 * 60_000;
  while (!fs.existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`${variable} : toujours pas prêt après 30 minutes (${marker})`);
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const outcome = fs.readFileSync(marker, 'utf8');
  if (outcome !== 'ok') throw new Error(outcome);
}

/** The run's portal build, once it is there (tests that request pages). */
export const webBuildReady = () => waitUntilReady('PASSERELLES_WEB_BUILD_READY');
