/**
 * The grants an Access Token can carry, written exactly as Twilio's helper libraries write them: the
 * same payload key per product (`video`, `voice`, `chat`, `data_sync`, `task_router`, `player`) and
 * the same fields, left out when not given, in the same order.
 */

/** The JSON a grant puts in the token's `grants` claim, under its key. */
export type GrantPayload = Record<string, unknown>;

/**
 * What {@link AccessToken.addGrant} accepts: a payload key and the payload under it. The classes below
 * cover Twilio's products; any object of this shape adds a grant of your own.
 *
 * @example
 * ```ts
 * const custom: AccessTokenGrant = { key: "my_service", toPayload: () => ({ tier: "gold" }) };
 * token.addGrant(custom);
 * ```
 */
export interface AccessTokenGrant {
  /** The name of the grant in the token's `grants` claim, e.g. `video`. */
  readonly key: string;
  toPayload(): GrantPayload;
}

/** Options of {@link VideoGrant}. */
export interface VideoGrantOptions {
  /** The one room the token may join (its name or `RM…` SID); every room when left out. */
  readonly room?: string;
}

/**
 * Programmable Video: payload key `video`.
 *
 * @example
 * ```ts
 * token.addGrant(new VideoGrant({ room: "daily-standup" }));
 * ```
 */
export class VideoGrant implements AccessTokenGrant {
  readonly key = "video";
  readonly room: string | undefined;

  constructor(options: VideoGrantOptions = {}) {
    this.room = options.room;
  }

  toPayload(): GrantPayload {
    const grant: GrantPayload = {};
    if (this.room) grant.room = this.room;
    return grant;
  }
}

/** Options of {@link VoiceGrant}. */
export interface VoiceGrantOptions {
  /** Whether the client may receive calls to its identity; only `true` writes anything. */
  readonly incomingAllow?: boolean;
  /** The TwiML App (`AP…`) that outgoing calls run. */
  readonly outgoingApplicationSid?: string;
  /** Parameters passed to that app; written only together with `outgoingApplicationSid`. */
  readonly outgoingApplicationParams?: Record<string, unknown>;
  /** The push credential (`CR…`) for incoming call notifications. */
  readonly pushCredentialSid?: string;
  readonly endpointId?: string;
}

/**
 * Programmable Voice: payload key `voice`.
 *
 * @example
 * ```ts
 * token.addGrant(
 *   new VoiceGrant({ incomingAllow: true, outgoingApplicationSid: "AP…", outgoingApplicationParams: { plan: "pro" } }),
 * );
 * ```
 */
export class VoiceGrant implements AccessTokenGrant {
  readonly key = "voice";
  readonly incomingAllow: boolean | undefined;
  readonly outgoingApplicationSid: string | undefined;
  readonly outgoingApplicationParams: Record<string, unknown> | undefined;
  readonly pushCredentialSid: string | undefined;
  readonly endpointId: string | undefined;

  constructor(options: VoiceGrantOptions = {}) {
    this.incomingAllow = options.incomingAllow;
    this.outgoingApplicationSid = options.outgoingApplicationSid;
    this.outgoingApplicationParams = options.outgoingApplicationParams;
    this.pushCredentialSid = options.pushCredentialSid;
    this.endpointId = options.endpointId;
  }

  toPayload(): GrantPayload {
    const grant: GrantPayload = {};
    if (this.incomingAllow === true) grant.incoming = { allow: true };
    if (this.outgoingApplicationSid) {
      const outgoing: GrantPayload = { application_sid: this.outgoingApplicationSid };
      if (this.outgoingApplicationParams) outgoing.params = this.outgoingApplicationParams;
      grant.outgoing = outgoing;
    }
    if (this.pushCredentialSid) grant.push_credential_sid = this.pushCredentialSid;
    if (this.endpointId) grant.endpoint_id = this.endpointId;
    return grant;
  }
}

/** Options of {@link ChatGrant}. */
export interface ChatGrantOptions {
  /** The Conversations or Chat service (`IS…`). */
  readonly serviceSid?: string;
  readonly endpointId?: string;
  readonly deploymentRoleSid?: string;
  readonly pushCredentialSid?: string;
}

/**
 * Conversations and Programmable Chat: payload key `chat`.
 *
 * @example
 * ```ts
 * token.addGrant(new ChatGrant({ serviceSid: "IS…" }));
 * ```
 */
export class ChatGrant implements AccessTokenGrant {
  readonly key = "chat";
  readonly serviceSid: string | undefined;
  readonly endpointId: string | undefined;
  readonly deploymentRoleSid: string | undefined;
  readonly pushCredentialSid: string | undefined;

  constructor(options: ChatGrantOptions = {}) {
    this.serviceSid = options.serviceSid;
    this.endpointId = options.endpointId;
    this.deploymentRoleSid = options.deploymentRoleSid;
    this.pushCredentialSid = options.pushCredentialSid;
  }

  toPayload(): GrantPayload {
    const grant: GrantPayload = {};
    if (this.serviceSid) grant.service_sid = this.serviceSid;
    if (this.endpointId) grant.endpoint_id = this.endpointId;
    if (this.deploymentRoleSid) grant.deployment_role_sid = this.deploymentRoleSid;
    if (this.pushCredentialSid) grant.push_credential_sid = this.pushCredentialSid;
    return grant;
  }
}

/** Options of {@link SyncGrant}. */
export interface SyncGrantOptions {
  /** The Sync service (`IS…`). */
  readonly serviceSid?: string;
  readonly endpointId?: string;
}

/**
 * Sync: payload key `data_sync`.
 *
 * @example
 * ```ts
 * token.addGrant(new SyncGrant({ serviceSid: "IS…" }));
 * ```
 */
export class SyncGrant implements AccessTokenGrant {
  readonly key = "data_sync";
  readonly serviceSid: string | undefined;
  readonly endpointId: string | undefined;

  constructor(options: SyncGrantOptions = {}) {
    this.serviceSid = options.serviceSid;
    this.endpointId = options.endpointId;
  }

  toPayload(): GrantPayload {
    const grant: GrantPayload = {};
    if (this.serviceSid) grant.service_sid = this.serviceSid;
    if (this.endpointId) grant.endpoint_id = this.endpointId;
    return grant;
  }
}

/** Options of {@link TaskRouterGrant}. */
export interface TaskRouterGrantOptions {
  /** The workspace (`WS…`). */
  readonly workspaceSid?: string;
  /** The worker (`WK…`). */
  readonly workerSid?: string;
  /** e.g. `worker`, `supervisor`. */
  readonly role?: string;
}

/**
 * TaskRouter: payload key `task_router`.
 *
 * @example
 * ```ts
 * token.addGrant(new TaskRouterGrant({ workspaceSid: "WS…", workerSid: "WK…", role: "worker" }));
 * ```
 */
export class TaskRouterGrant implements AccessTokenGrant {
  readonly key = "task_router";
  readonly workspaceSid: string | undefined;
  readonly workerSid: string | undefined;
  readonly role: string | undefined;

  constructor(options: TaskRouterGrantOptions = {}) {
    this.workspaceSid = options.workspaceSid;
    this.workerSid = options.workerSid;
    this.role = options.role;
  }

  toPayload(): GrantPayload {
    const grant: GrantPayload = {};
    if (this.workspaceSid) grant.workspace_sid = this.workspaceSid;
    if (this.workerSid) grant.worker_sid = this.workerSid;
    if (this.role) grant.role = this.role;
    return grant;
  }
}

/** Options of {@link PlaybackGrant}. */
export interface PlaybackGrantOptions {
  /** The grant Live's PlaybackGrant resource returned, written as is. */
  readonly grant?: Record<string, unknown>;
}

/**
 * Twilio Live playback: payload key `player`, holding the object the PlaybackGrant API returned.
 *
 * @example
 * ```ts
 * token.addGrant(new PlaybackGrant({ grant: { playbackUrl: "https://…", playerStreamerSid: "VJ…" } }));
 * ```
 */
export class PlaybackGrant implements AccessTokenGrant {
  readonly key = "player";
  readonly grant: Record<string, unknown> | undefined;

  constructor(options: PlaybackGrantOptions = {}) {
    this.grant = options.grant;
  }

  toPayload(): GrantPayload {
    return this.grant ? this.grant : {};
  }
}
