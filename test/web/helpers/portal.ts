/**
 * A portal served for the browser tests: the real bundle (openBundleDatabase) plus a
 * demonstration catalogue of trainings, a private build of the web app, Fastify on a free port.
 */
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { announceSkip, bundleDir, openBundleDatabase, openTestDatabase } from '../../helpers/db.ts';
import type { DbHandle } from '../../../src/platform/db/connection.ts';
import { buildServer, type App } from '../../../src/app/server.ts';
import { importDemoCatalogue } from '../../helpers/demo.ts';
import { webBuildReady } from '../../helpers/ready.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** The demonstration catalogue every browser test sees: same seed, size and day, same offers. */
export const DEMO = { seed: 'portail', size: 4000, today: '2026-12-01', source: 'demo-portail' } as const;

export interface Portal {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  app: App;
  handle: DbHandle;
  close(): Promise<void>;
}

/**
 * Why browser tests skip on this machine, or undefined when they can run. `bundle: false` for the
 * journeys over an empty database (startBarePortal), which need Chromium only.
 */
export function skipReason(options: { bundle?: boolean } = {}): string | undefined {
  if (options.bundle !== false && !bundleDir()) return 'pas de lot de données (PASSERELLES_DATA_DIR) : tests du portail ignorés';
  if (!fs.existsSync(chromiumPath())) {
    if (process.env.CI) throw new Error(`Chromium absent (${chromiumPath()}) : .ci/run doit l’installer`);
    announceSkip(`Chromium absent (${chromiumPath()}) : les parcours du portail dans un navigateur sont ignorés`);
    return `Chromium absent (${chromiumPath()})`;
  }
  return undefined;
}

export function chromiumPath(): string {
  return process.env.PASSERELLES_CHROMIUM || '/usr/bin/chromium';
}

let built: Promise<string> | undefined;

/**
 * The web app's build: the one `npm test` made for the whole run (scripts/run-tests.mjs, named by
 * PASSERELLES_WEB_BUILD_DIR, in a folder of that run), or, for a test file run alone, a build
 * made once for this process into a private folder, so that another build of the shared tree
 * (`npm start`, another test run) cannot replace the assets under our feet.
 */
export async function buildPortal(): Promise<string> {
  await webBuildReady();
  const runBuild = process.env.PASSERELLES_WEB_BUILD_DIR;
  if (runBuild && fs.existsSync(path.join(runBuild, 'server/index.js'))) return Promise.resolve(path.resolve(runBuild));
  built ??= new Promise((resolve, reject) => {
    process.stderr.write(
      'portail non construit pour ce lancement (PASSERELLES_WEB_BUILD_DIR) : construction pour ce seul fichier de test\n',
    );
    // Inside the clone (build/ is git-ignored) so that the server build resolves node_modules.
    fs.mkdirSync(path.join(ROOT, 'build'), { recursive: true });
    const dir = fs.mkdtempSync(path.join(ROOT, 'build', 'web-test-'));
    process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
    const child = spawn(process.execPath, [path.join(ROOT, 'node_modules/@react-router/dev/bin.js'), 'build'], {
      cwd: ROOT,
      env: { ...process.env, PASSERELLES_WEB_BUILD_DIR: dir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(dir) : reject(new Error(`react-router build a échoué :\n${stderr}`))));
  });
  return built;
}

/**
 * Starts the platform over a fresh copy of the bundle database with the demonstration catalogue
 * imported (source DEMO.source, every offer marked demonstration). Call `skipReason()` first.
 */
export async function startPortal(): Promise<Portal> {
  // The build (a child process) runs while the bundle is imported.
  const [buildDir, handle] = await Promise.all([buildPortal(), openBundleDatabase()]);
  await importDemoCatalogue(handle, DEMO);
  process.env.PASSERELLES_WEB_BUILD_DIR = buildDir;
  const { app } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    app,
    handle,
    close: async () => {
      await app.close();
      await handle.close();
    },
  };
}

/**
 * A portal over a fresh copy of the bundle database, without the demonstration catalogue (for
 * pages that read communes and the ROME but no training offer). PUBLIC_URL is its own address,
 * so that the links of its mail lead back to it. Call `skipReason()` first.
 */
export async function startBundlePortal(): Promise<Portal> {
  const [buildDir, handle] = await Promise.all([buildPortal(), openBundleDatabase()]);
  return listen(buildDir, handle);
}

/**
 * A portal over an empty database (no bundle, no catalogue): the account journeys need no data.
 * PUBLIC_URL is the portal's own address, so that the links of its mail (invitations…) lead back
 * to it. Call `skipReason({ bundle: false })` first.
 */
export async function startBarePortal(): Promise<Portal> {
  const [buildDir, handle] = await Promise.all([buildPortal(), openTestDatabase()]);
  return listen(buildDir, handle);
}

/** Serves the platform over `handle` on a free port, PUBLIC_URL set to its own address while it is built. */
async function listen(buildDir: string, handle: DbHandle): Promise<Portal> {
  process.env.PASSERELLES_WEB_BUILD_DIR = buildDir;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const previous = process.env.PUBLIC_URL;
  process.env.PUBLIC_URL = url;
  try {
    const { app } = await buildServer(handle, { logger: false, rateLimit: 100_000 });
    await app.listen({ port, host: '127.0.0.1' });
    return {
      url,
      app,
      handle,
      close: async () => {
        await app.close();
        await handle.close();
      },
    };
  } finally {
    if (previous === undefined) delete process.env.PUBLIC_URL;
    else process.env.PUBLIC_URL = previous;
  }
}

/** A TCP port free at the time of asking (the address must be known before the server is built). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
