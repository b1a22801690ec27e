import { ConfigError, readConfig, type Config } from '../platform/config.ts';
import { openDatabase } from './database.ts';
import { ensureData, SAMPLE_NOTICE } from './data.ts';
import { buildServer } from './server.ts';
import { terminalProgress } from '../platform/progress.ts';
import { log } from '../platform/log.ts';

/** `npm start`: open (and if empty, fill) the database, then serve the platform. */
let config: Config;
try {
  config = readConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`passerelles : ${error.message}\n`);
  process.exit(1);
}
const handle = await openDatabase(config);
await ensureData(handle.db, config, terminalProgress());
const { app, ctx } = await buildServer(handle);
if (ctx.status().sample) log.warn(SAMPLE_NOTICE);

const shutdown = async () => {
  await app.close();
  await handle.close();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
log.info(`Passerelles écoute sur http://localhost:${config.port} (base ${handle.kind})`);
