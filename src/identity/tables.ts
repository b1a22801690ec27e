import type { ColumnType, Generated } from 'kysely';

type CreatedAt = ColumnType<Date, Date | undefined, never>;

/** The identity capability's tables: structures, accounts, sessions, tokens, outbox, audit. */
export interface IdentityTables {
  structure: {
    id: Generated<number>;
    name: string;
    kind: string;
    /** SIRET (14 digits), or null for a structure known by another official code. */
    siret: string | null;
    /** Official code other than the SIRET (UAI of a CFA, France Travail agency code…). */
    code: string | null;
    created_at: CreatedAt;
  };
  account: {
    id: Generated<number>;
    /** Null for a candidate who signed up alone. */
    structure_id: number | null;
    /** Lowercased. */
    email: string;
    display_name: string;
    roles: string[];
    /** Null until an invited person sets a password. */
    password_hash: string | null;
    email_verified_at: Date | null;
    totp_secret: string | null;
    totp_enabled_at: Date | null;
    /** Last TOTP time step accepted: a code is never accepted twice. */
    totp_last_step: number | null;
    created_at: CreatedAt;
    last_sign_in_at: Date | null;
  };
  session: {
    /** SHA-256 of the cookie's value: the value itself is never stored. */
    key: string;
    account_id: number;
    created_at: CreatedAt;
    last_seen_at: Date;
    expires_at: Date;
    ip: string;
    user_agent: string;
  };
  form_token: {
    key: string;
    /** The session's key, or the visitor cookie's hash for a person not signed in. */
    binding: string;
    expires_at: Date;
    used_at: Date | null;
  };
  account_token: {
    key: string;
    account_id: number;
    purpose: 'verification' | 'reinitialisation' | 'invitation';
    expires_at: Date;
    used_at: Date | null;
    created_at: CreatedAt;
  };
  sign_in_failure: {
    id: Generated<number>;
    /** `compte:<email>` or `adresse:<ip>`. */
    subject: string;
    at: Date;
  };
  outbox: {
    id: Generated<number>;
    recipient: string;
    subject: string;
    body: string;
    created_at: CreatedAt;
    sent_at: Date | null;
    attempts: ColumnType<number, number | undefined, number>;
    last_error: string | null;
  };
  audit_event: {
    id: Generated<number>;
    at: CreatedAt;
    actor_account_id: number | null;
    actor_structure_id: number | null;
    action: string;
    subject_type: string;
    subject_id: string;
    purpose: string;
    ip: string | null;
  };
  api_key: {
    id: Generated<number>;
    structure_id: number;
    /** The account that created the key (null once that account is deleted: the key is then refused). */
    created_by: number | null;
    name: string;
    /** The secret's first characters, shown to recognise the key (the secret itself is never kept). */
    prefix: string;
    /** SHA-256 of the secret (see keys.ts). */
    hash: string;
    scopes: string[];
    quota_per_day: number;
    rate_per_minute: number;
    created_at: CreatedAt;
    revoked_at: Date | null;
    last_used_at: Date | null;
  };
  api_key_usage: {
    key_id: number;
    /** Paris day, YYYY-MM-DD. */
    day: ColumnType<string, string, string>;
    count: number;
  };
}
