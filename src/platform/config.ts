import { isIP } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/**
 * Runtime settings: every environment variable the platform reads is parsed and checked here, and
 * only here (see README, "Configuration"). An empty variable counts as unset. A faulty value is a
 * ConfigError naming the variable and the expected form, in French.
 */
export interface Config {
  /** PostgreSQL connection string (DATABASE_URL); when set it wins over the PGlite folder. */
  databaseUrl?: string;
  /** A read replica of that server for the public searches (DATABASE_READ_URL); needs DATABASE_URL. */
  databaseReadUrl?: string;
  /** PGlite data folder (PASSERELLES_DB); `memory://` keeps the database in memory (tests). */
  pgliteDir: string;
  /** A data bundle laid out like the official publications (PASSERELLES_DATA_DIR). */
  dataDir?: string;
  /** Processes serving HTTP behind one port on PostgreSQL (PASSERELLES_WORKERS; always one on PGlite). */
  workers: number;
  /** HTTP port (PORT). */
  port: number;
  /** Address the server listens on (HOST). */
  host: string;
  /** NODE_ENV as given: `production` turns the page cache on, `test` quietens the log. */
  nodeEnv?: string;
  /** Logger level (LOG_LEVEL). */
  logLevel: LogLevel;
  /** Requests per minute and per client address, API and pages (PASSERELLES_RATE_LIMIT). */
  rateLimit: number;
  /** Seconds a rendered page is served again from memory, 0 for never (PASSERELLES_PAGE_CACHE_SECONDS). */
  pageCacheSeconds: number;
  /** The portal's build folder (PASSERELLES_WEB_BUILD_DIR). */
  webBuildDir: string;
  /** Mail transport (SMTP_URL, smtp:// or smtps://); unset, mail waits in the outbox. */
  smtpUrl?: string;
  /** Sender of the platform's mail (MAIL_FROM). */
  mailFrom: string;
  /** The address people reach the portal at, for links in mail (PUBLIC_URL). */
  publicUrl: string;
  /** Folder of the server's regular backups (PASSERELLES_BACKUP_DIR); unset, none is taken. */
  backupDir?: string;
  /** Hours between two of them (PASSERELLES_BACKUP_EVERY_HOURS, 24 by default). */
  backupEveryHours: number;
  /** How many of them are kept (PASSERELLES_BACKUP_KEEP, 7 by default). */
  backupKeep: number;
  /** Proxies (IPs or CIDR ranges) besides loopback whose X-Forwarded-For is believed (PASSERELLES_TRUST_PROXY). */
  trustProxy: string[];
  /** Addresses (IPs or CIDR ranges) besides loopback that may read /metrics (PASSERELLES_METRICS_ALLOW). */
  metricsAllow: string[];
  /** Bearer token that opens /metrics from anywhere (PASSERELLES_METRICS_TOKEN); unset, none does. */
  metricsToken?: string;
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** A faulty environment variable; the message names it and says what is expected. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

/** Reads and checks the whole configuration; every faulty variable is named in one ConfigError. */
export function readConfig(env: Env = process.env): Config {
  const faults: string[] = [];
  const read = <T>(parse: (env: Env) => T): T => {
    try {
      return parse(env);
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      faults.push(error.message);
      return undefined as T;
    }
  };
  const nodeEnv = value(env, 'NODE_ENV');
  const config: Config = {
    databaseUrl: read((e) => databaseUrl(e, 'DATABASE_URL')),
    databaseReadUrl: read(databaseReadUrl),
    pgliteDir: value(env, 'PASSERELLES_DB') ?? path.resolve('var/db'),
    dataDir: optionalPath(env, 'PASSERELLES_DATA_DIR'),
    workers: read((e) =>
      integer(
        e,
        'PASSERELLES_WORKERS',
        os.availableParallelism(),
        1,
        256,
        'un nombre entier de processus, de 1 à 256 (par défaut le nombre de cœurs)',
      ),
    ),
    port: read((e) => integer(e, 'PORT', 3000, 0, 65_535, 'un numéro de port, entier de 0 à 65535 (ex. 3000)')),
    host: value(env, 'HOST') ?? '0.0.0.0',
    nodeEnv,
    logLevel: read(logLevel),
    rateLimit: read((e) =>
      integer(
        e,
        'PASSERELLES_RATE_LIMIT',
        600,
        1,
        Number.MAX_SAFE_INTEGER,
        'un nombre entier de requêtes par minute, au moins 1 (600 par défaut)',
      ),
    ),
    pageCacheSeconds: read((e) =>
      integer(
        e,
        'PASSERELLES_PAGE_CACHE_SECONDS',
        nodeEnv === 'production' ? 60 : 0,
        0,
        1_000_000_000,
        'un nombre entier de secondes, 0 pour désactiver (60 par défaut en production)',
      ),
    ),
    webBuildDir: path.resolve(value(env, 'PASSERELLES_WEB_BUILD_DIR') ?? 'build/web'),
    smtpUrl: read((e) => url(e, 'SMTP_URL', ['smtp:', 'smtps:'], 'une adresse smtp://utilisateur:motdepasse@hôte:port ou smtps://…')),
    mailFrom: value(env, 'MAIL_FROM') ?? 'Passerelles <ne-pas-repondre@passerelles.invalid>',
    publicUrl: (
      read((e) => url(e, 'PUBLIC_URL', ['http:', 'https:'], 'une adresse https://… (celle du portail)')) ?? 'http://localhost:3000'
    ).replace(/\/$/, ''),
    backupDir: optionalPath(env, 'PASSERELLES_BACKUP_DIR'),
    backupEveryHours: read((e) =>
      integer(
        e,
        'PASSERELLES_BACKUP_EVERY_HOURS',
        24,
        1,
        8760,
        'un nombre entier d’heures entre deux sauvegardes, au moins 1 (24 par défaut)',
      ),
    ),
    backupKeep: read((e) =>
      integer(e, 'PASSERELLES_BACKUP_KEEP', 7, 1, 10_000, 'un nombre entier de sauvegardes gardées, au moins 1 (7 par défaut)'),
    ),
    trustProxy: read((e) => addressList(e, 'PASSERELLES_TRUST_PROXY')) ?? [],
    metricsAllow: read((e) => addressList(e, 'PASSERELLES_METRICS_ALLOW')) ?? [],
    metricsToken: read(metricsToken),
  };
  if (faults.length) throw new ConfigError(faults.join('\n'));
  return config;
}

/** LOG_LEVEL, or `warn` under NODE_ENV=test and `info` otherwise (the logger reads only this). */
export function logLevel(env: Env = process.env): LogLevel {
  const level = value(env, 'LOG_LEVEL');
  if (level === undefined) return value(env, 'NODE_ENV') === 'test' ? 'warn' : 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(level)) fault('LOG_LEVEL', level, `un niveau parmi ${LOG_LEVELS.join(', ')}`);
  return level as LogLevel;
}

/** A comma list of IPv4/IPv6 addresses or CIDR ranges (10.0.0.0/8, fd00::/8). */
function addressList(env: Env, name: string): string[] | undefined {
  const v = value(env, name);
  if (v === undefined) return undefined;
  const entries = v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  for (const entry of entries) {
    const [address, prefix, ...rest] = entry.split('/');
    const family = isIP(address);
    const maxPrefix = family === 6 ? 128 : 32;
    const prefixOk = prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= maxPrefix);
    if (family === 0 || !prefixOk || rest.length > 0) {
      fault(name, entry, 'des adresses IP ou des plages CIDR séparées par des virgules (ex. 10.0.0.5,192.168.0.0/16)');
    }
  }
  return entries;
}

/** PASSERELLES_METRICS_TOKEN: at least 16 characters; the value is never repeated (a secret). */
function metricsToken(env: Env): string | undefined {
  const v = value(env, 'PASSERELLES_METRICS_TOKEN');
  if (v === undefined) return undefined;
  if (v.length < 16 || /\s/.test(v)) {
    throw new ConfigError('PASSERELLES_METRICS_TOKEN invalide : un jeton d’au moins 16 caractères, sans espace, est attendu');
  }
  return v;
}

function databaseUrl(env: Env, name: 'DATABASE_URL' | 'DATABASE_READ_URL'): string | undefined {
  const url = value(env, name);
  if (url === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(url).protocol;
  } catch {
    // not a URL at all
  }
  // The value is not repeated: it may hold a password.
  if (!['postgres:', 'postgresql:', 'socket:'].includes(protocol)) {
    throw new ConfigError(`${name} invalide : une adresse postgresql://utilisateur:motdepasse@hôte:port/base est attendue`);
  }
  return url;
}

/** DATABASE_READ_URL: a replica of the DATABASE_URL server; PGlite has none. */
function databaseReadUrl(env: Env): string | undefined {
  const url = databaseUrl(env, 'DATABASE_READ_URL');
  if (url !== undefined && value(env, 'DATABASE_URL') === undefined) {
    throw new ConfigError(
      'DATABASE_READ_URL ne sert qu’avec DATABASE_URL : une réplique en lecture suppose un serveur PostgreSQL principal',
    );
  }
  return url;
}

/** A URL with one of these protocols; the value is not repeated in the error (it may hold a password). */
function url(env: Env, name: string, protocols: string[], expected: string): string | undefined {
  const v = value(env, name);
  if (v === undefined) return undefined;
  let protocol = '';
  try {
    protocol = new URL(v).protocol;
  } catch {
    // not a URL at all
  }
  if (!protocols.includes(protocol)) throw new ConfigError(`${name} invalide : ${expected} est attendue`);
  return v;
}

/** The variable's value, undefined when unset or empty. */
function value(env: Env, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v === '' ? undefined : v;
}

function optionalPath(env: Env, name: string): string | undefined {
  const v = value(env, name);
  return v === undefined ? undefined : path.resolve(v);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number, expected: string): number {
  const v = value(env, name);
  if (v === undefined) return fallback;
  const n = /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) fault(name, v, expected);
  return n;
}

function fault(name: string, given: string, expected: string): never {
  const shown = given.length > 40 ? `${given.slice(0, 40)}…` : given;
  throw new ConfigError(`${name} invalide : « ${shown} » ; attendu : ${expected}`);
}
