import { pino } from 'pino';
import { logLevel } from './config.ts';

/** One logger for the server and the CLI; JSON lines, level from LOG_LEVEL (see config.ts). */
export const log = pino({
  level: logLevel(),
  base: undefined,
});
