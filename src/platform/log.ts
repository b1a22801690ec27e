import { pino, type DestinationStream, type Logger } from 'pino';
import { logLevel } from './config.ts';

/** Query parameters that carry a secret (a mail link's token): never written to the log. */
const SECRET_PARAMS = /([?&](?:jeton|token|csrf)=)[^&#]*/gi;

/** A request as the log shows it: no header (cookies), no body, URL secrets masked. */
export function requestForLog(req: { method?: string; url?: string; ip?: string }) {
  return { method: req.method, url: req.url?.replace(SECRET_PARAMS, '$1***'), remoteAddress: req.ip };
}

/** JSON lines, level from LOG_LEVEL (see config.ts); `destination` for tests that read the log. */
export function createLog(destination?: DestinationStream, level: string = logLevel()): Logger {
  return pino({ level, base: undefined, serializers: { req: requestForLog } }, destination);
}

/** One logger for the server and the CLI. */
export const log = createLog();
