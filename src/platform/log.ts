import { pino } from 'pino';

/** One logger for the server and the CLI; JSON lines, level from LOG_LEVEL. */
export const log = pino({
  level: process.env.LOG_LEVEL || (process.env.NODE_ENV === 'test' ? 'warn' : 'info'),
  base: undefined,
});
