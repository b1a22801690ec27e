import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { log } from './log.ts';

export interface Job {
  /** Unique name, the key of its row in scheduled_job. */
  name: string;
  /** Period between two runs (across every process). */
  everyMs: number;
  /** Delay before the first run ever on this database (default: one period). */
  firstAfterMs?: number;
  /** How long a run may hold the job before another process may take it over (default 10 min). */
  leaseMs?: number;
  run(): Promise<unknown>;
}

/**
 * Runs a background job (mail outbox, purge, reminders) once per period across every process and
 * machine serving the platform: each process checks regularly (`runIfDue`), and the one whose
 * UPDATE claims the job's row runs it. The row keeps the schedule across restarts (a daily purge
 * stays daily however often the processes restart). Returns the function that stops this
 * process's checks.
 */
// biome-ignore lint/suspicious/noExplicitAny: the ground's own table, on any capability's schema
export function scheduleJob(db: Kysely<any>, job: Job): () => void {
  let checking = false;
  const timer = setInterval(
    async () => {
      if (checking) return;
      checking = true;
      try {
        await runIfDue(db, job);
      } catch (error) {
        // The database is away (restart, network): the next check tries again.
        log.warn({ err: error instanceof Error ? error.message : String(error) }, `tâche de fond « ${job.name} » non vérifiée`);
      } finally {
        checking = false;
      }
    },
    Math.min(job.everyMs, 60_000),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/**
 * Runs the job if it is due and no run holds it, claiming it first: of several processes calling
 * this at once, one runs it. A run cut short by a crash is taken over once its lease has passed.
 * A run that fails is logged and its reason kept in scheduled_job.last_error. Whether it ran.
 */
// biome-ignore lint/suspicious/noExplicitAny: see scheduleJob
export async function runIfDue(db: Kysely<any>, job: Job): Promise<boolean> {
  await sql`INSERT INTO scheduled_job (name, next_run)
    VALUES (${job.name}, now() + ${`${job.firstAfterMs ?? job.everyMs} milliseconds`}::interval)
    ON CONFLICT (name) DO NOTHING`.execute(db);
  const claim = randomUUID();
  const claimed = await sql`UPDATE scheduled_job
    SET next_run = now() + ${`${job.everyMs} milliseconds`}::interval,
      lease_until = now() + ${`${job.leaseMs ?? 600_000} milliseconds`}::interval, claim = ${claim}, last_started = now()
    WHERE name = ${job.name} AND next_run <= now() AND (lease_until IS NULL OR lease_until < now())
    RETURNING name`.execute(db);
  if (!claimed.rows.length) return false;
  let failure: string | null = null;
  try {
    await job.run();
  } catch (error) {
    failure = error instanceof Error ? error.message : String(error);
    log.error(error, `tâche de fond « ${job.name} » en échec`);
  }
  // Unless a run that outlived its lease was taken over meanwhile: that one's lease stays.
  await sql`UPDATE scheduled_job SET lease_until = NULL, claim = NULL, last_finished = now(), last_error = ${failure}
    WHERE name = ${job.name} AND claim = ${claim}`.execute(db);
  return true;
}
