/**
 * The report printed to a tagged PDF by Chromium: one browser launched at the first request and
 * kept (closed with the server), at most two pages printed at once, each within a time limit.
 * Chromium loads the portal's report page from this same server, at its listening address
 * (loopback when it listens everywhere): never an address taken from the request (no SSRF by a
 * Host header), and the page may fetch nothing from another origin.
 */
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';

/** Chromium is missing on this machine: the route answers 503 with this message. */
export class ChromiumMissingError extends Error {
  constructor(tried: string[]) {
    super(
      `Le PDF du rapport est imprimé par Chromium, absent de ce serveur (cherché : ${tried.join(', ')}). ` +
        'Installez Chromium (paquet chromium) ou indiquez son chemin dans PASSERELLES_CHROMIUM ; le rapport reste lisible et imprimable depuis la page /pilotage/rapport.',
    );
  }
}

/** Chromium's executable: PASSERELLES_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own if installed. */
export function findChromium(env: NodeJS.ProcessEnv, fallbacks: readonly string[]): string {
  const tried: string[] = [];
  const candidates = [env.PASSERELLES_CHROMIUM, ...fallbacks];
  for (const candidate of candidates) {
    if (!candidate) continue;
    tried.push(candidate);
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new ChromiumMissingError(tried);
}

function defaultChromiums(chromium: typeof import('playwright-core').chromium): string[] {
  const paths = ['/usr/bin/chromium'];
  try {
    paths.push(chromium.executablePath());
  } catch {
    // Playwright knows no browser of its own here.
  }
  return paths;
}

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The server's own base URL from its listening address: a wildcard address becomes loopback. */
export function ownBaseUrl(address: string | AddressInfo | null): string {
  if (!address || typeof address === 'string')
    throw new Error('le serveur n’écoute pas sur un port TCP : le rapport ne peut pas être imprimé');
  const ipv6 = address.family === 'IPv6' || (address.family as unknown) === 6;
  let host = address.address;
  if (host === '0.0.0.0' || host === '') host = '127.0.0.1';
  if (host === '::') host = '::1';
  return `http://${ipv6 ? `[${host}]` : host}:${address.port}`;
}

export interface PrinterOptions {
  /** Pages printed at once (2 by default). */
  concurrency?: number;
  /** Time limit of one print, in ms (60 s by default). */
  timeoutMs?: number;
  /** Where Chromium is (findChromium by default). */
  findExecutable?: () => string;
}

export class ReportPrinter {
  #browser: Promise<Browser> | undefined;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #concurrency: number;
  readonly #timeoutMs: number;
  readonly #findExecutable: (() => string) | undefined;
  #closed = false;

  constructor(options: PrinterOptions = {}) {
    this.#concurrency = options.concurrency ?? 2;
    this.#timeoutMs = options.timeoutMs ?? 60_000;
    this.#findExecutable = options.findExecutable;
  }

  /** The browser, launched at the first print (a failed launch is tried again at the next one). */
  #launch(): Promise<Browser> {
    if (!this.#browser) {
      const launched = this.#start();
      this.#browser = launched;
      launched.then(
        (browser) => browser.on('disconnected', () => this.#browser === launched && (this.#browser = undefined)),
        () => this.#browser === launched && (this.#browser = undefined),
      );
    }
    return this.#browser;
  }

  async #start(): Promise<Browser> {
    // Loaded at the first print: playwright-core weighs ~90 MB in every process that imports it.
    const { chromium } = await import('playwright-core');
    const executablePath = this.#findExecutable?.() ?? findChromium(process.env, defaultChromiums(chromium));
    return chromium.launch({ executablePath, args: FLAGS, headless: true });
  }

  async #slot(): Promise<void> {
    if (this.#running < this.#concurrency) {
      this.#running++;
      return;
    }
    await new Promise<void>((resolve) => this.#waiting.push(resolve));
  }

  #release(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#running--;
  }

  /** Prints `url` (a page of this server) to a tagged A4 PDF with its outline; only `origin` may be fetched. */
  async print(url: string): Promise<Buffer> {
    if (this.#closed) throw new Error('le serveur s’arrête');
    const origin = new URL(url).origin;
    await this.#slot();
    try {
      const browser = await this.#launch();
      const context = await browser.newContext({ locale: 'fr-FR', javaScriptEnabled: false });
      try {
        await context.route('**/*', (route) =>
          route.request().url().startsWith(`${origin}/`) || route.request().url().startsWith('data:') ? route.continue() : route.abort(),
        );
        const page = await context.newPage();
        page.setDefaultTimeout(this.#timeoutMs);
        const response = await page.goto(url, { waitUntil: 'load', timeout: this.#timeoutMs });
        if (!response?.ok()) throw new Error(`la page du rapport a répondu ${response?.status() ?? 'rien'}`);
        await page.emulateMedia({ media: 'print' });
        return await page.pdf({
          format: 'A4',
          tagged: true,
          outline: true,
          printBackground: true,
          margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
        });
      } finally {
        await context.close();
      }
    } finally {
      this.#release();
    }
  }

  async close(): Promise<void> {
    this.#closed = true;
    const browser = this.#browser;
    this.#browser = undefined;
    if (browser) await (await browser.catch(() => null))?.close();
  }
}
