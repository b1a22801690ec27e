import type { Principal } from '../platform/http/access.ts';
import type { IdentityDb } from './db.ts';

/**
 * The access log: who read or changed which personal record, when, from where, and why. Rows are
 * only ever added (a trigger refuses UPDATE and DELETE, but for the retention purge).
 */
export interface AccessRecord {
  /** Who: an account, or the command line (no account) acting for a structure. */
  actor: Pick<Principal, 'structureId'> & { accountId: number | null };
  /** lecture, modification, création, suppression, export, invitation… */
  action: string;
  subjectType: string;
  subjectId: string | number;
  purpose: string;
  ip?: string;
}

export async function recordAccess(db: IdentityDb, r: AccessRecord): Promise<void> {
  await db
    .insertInto('audit_event')
    .values({
      actor_account_id: r.actor.accountId,
      actor_structure_id: r.actor.structureId,
      action: r.action,
      subject_type: r.subjectType,
      subject_id: String(r.subjectId),
      purpose: r.purpose,
      ip: r.ip ?? null,
    })
    .execute();
}

export interface AuditQuery {
  structureId?: number;
  limit?: number;
}

/** The latest events, the newest first; of one structure's accounts when `structureId` is given. */
export async function listAudit(db: IdentityDb, q: AuditQuery = {}) {
  let query = db
    .selectFrom('audit_event')
    .leftJoin('account', 'account.id', 'audit_event.actor_account_id')
    .select([
      'audit_event.id',
      'audit_event.at',
      'audit_event.actor_account_id',
      'account.email as actor_email',
      'audit_event.action',
      'audit_event.subject_type',
      'audit_event.subject_id',
      'audit_event.purpose',
      'audit_event.ip',
    ])
    .orderBy('audit_event.id', 'desc')
    .limit(Math.min(q.limit ?? 100, 1000));
  if (q.structureId !== undefined) query = query.where('audit_event.actor_structure_id', '=', q.structureId);
  return query.execute();
}
