/** Who did a mutation, from where. Built once per request by the HTTP edge or the CLI. */
export interface Actor {
  /** The account or key SID that authenticated, or `operator` for the local CLI. */
  readonly sid: string;
  readonly address: string;
}

export type AuditAction =
  | "account.initialized"
  | "account.created"
  | "account.updated"
  | "auth_token.secondary_created"
  | "auth_token.secondary_deleted"
  | "auth_token.promoted"
  /** Shown in the clear on request (the console's Reveal); a read, audited because of what it shows. */
  | "auth_token.revealed"
  | "key.created"
  | "key.updated"
  | "key.deleted";

export interface AuditEntry {
  readonly action: AuditAction;
  readonly actorSid: string;
  readonly address: string;
  readonly region: string;
  readonly accountSid: string;
  readonly targetSid: string;
  /** What changed, as field -> new value. SECURITY: never holds a secret. */
  readonly changes: Readonly<Record<string, unknown>>;
  readonly at: number;
}

export interface StoredAuditEntry extends AuditEntry {
  readonly id: number;
}
