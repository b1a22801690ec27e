import nodemailer from 'nodemailer';
import { sql } from 'kysely';
import type { IdentityDb } from './db.ts';
import { log } from '../platform/log.ts';
import { scheduleJob } from '../platform/jobs.ts';

/**
 * Mail leaves through the outbox table: written in the same transaction as what it announces
 * (an invitation, a reset), sent afterwards by the server when SMTP_URL is set; without it,
 * outside production, /dev/courriels and `passerelles mail list` show what would have left.
 */
export interface Mail {
  to: string;
  subject: string;
  body: string;
}

export async function enqueueMail(db: IdentityDb, mail: Mail): Promise<void> {
  await db.insertInto('outbox').values({ recipient: mail.to, subject: mail.subject, body: mail.body }).execute();
}

export async function listOutbox(db: IdentityDb, limit = 50) {
  return db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'subject', 'body', 'created_at', 'sent_at', 'attempts', 'last_error'])
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

const MAX_ATTEMPTS = 5;

/** Sends what waits in the outbox through SMTP_URL; a failure is kept and retried (5 tries). */
export async function sendOutbox(db: IdentityDb, smtpUrl: string, from: string): Promise<number> {
  const transport = nodemailer.createTransport(smtpUrl);
  const waiting = await db
    .selectFrom('outbox')
    .select(['id', 'recipient', 'subject', 'body'])
    .where('sent_at', 'is', null)
    .where('attempts', '<', MAX_ATTEMPTS)
    .orderBy('id')
    .limit(100)
    .execute();
  let sent = 0;
  for (const m of waiting) {
    try {
      await transport.sendMail({ from, to: m.recipient, subject: m.subject, text: m.body });
      await db
        .updateTable('outbox')
        .set({ sent_at: sql<Date>`now()`, attempts: sql<number>`attempts + 1`, last_error: null })
        .where('id', '=', m.id)
        .execute();
      sent++;
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      await db
        .updateTable('outbox')
        .set({ attempts: sql<number>`attempts + 1`, last_error: reason.slice(0, 500) })
        .where('id', '=', m.id)
        .execute();
      log.warn({ outbox: m.id, reason }, 'envoi d’un courriel impossible');
    }
  }
  transport.close();
  return sent;
}

/** While the server runs with SMTP_URL, the outbox is emptied every 15 seconds, by one process at a time. */
export function sendOutboxEvery(db: IdentityDb, smtpUrl: string, from: string): () => void {
  return scheduleJob(db, { name: 'courriels', everyMs: 15_000, run: () => sendOutbox(db, smtpUrl, from) });
}
