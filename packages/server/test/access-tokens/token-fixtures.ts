/**
 * Helpers for the Access Token tests: tokens minted by the official `twilio` library at a chosen
 * instant, hand-made JWTs (for headers and claims no library writes), and the two ways of asking the
 * decision API about a token.
 */
import { createHmac } from "node:crypto";
import twilio from "twilio";
import { vi } from "vitest";
import { GATEWAY_TOKEN, type TestResponse, type TestServer } from "../support/test-server.js";

export const Official = twilio.jwt.AccessToken;
/** Any grant of the official library. */
export type OfficialGrant = Parameters<InstanceType<typeof Official>["addGrant"]>[0];

export interface OfficialTokenInput {
  readonly accountSid: string;
  readonly keySid: string;
  readonly secret: string;
  readonly identity?: string;
  readonly ttl?: number;
  readonly nbf?: number;
  readonly region?: string;
  readonly algorithm?: "HS256" | "HS384" | "HS512";
  readonly grants?: readonly OfficialGrant[];
  /** Milliseconds since the epoch the token is issued at. */
  readonly at: number;
}

/** A token from `twilio.jwt.AccessToken`, issued at `input.at` (only Date is faked, and only meanwhile). */
export function officialToken(input: OfficialTokenInput): string {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(input.at);
  try {
    const token = new Official(input.accountSid, input.keySid, input.secret, {
      identity: input.identity ?? "alice",
      ...(input.ttl !== undefined && { ttl: input.ttl }),
      ...(input.nbf !== undefined && { nbf: input.nbf }),
      ...(input.region !== undefined && { region: input.region }),
    });
    for (const grant of input.grants ?? []) token.addGrant(grant);
    return token.toJwt(input.algorithm);
  } finally {
    vi.useRealTimers();
  }
}

/** Every grant type the official library has, with every field set. */
export function everyOfficialGrant(): OfficialGrant[] {
  return [
    new Official.VideoGrant({ room: "r1" }),
    new Official.VoiceGrant({
      incomingAllow: true,
      outgoingApplicationSid: `AP${"a".repeat(32)}`,
      outgoingApplicationParams: { plan: "pro" },
      pushCredentialSid: `CR${"b".repeat(32)}`,
      endpointId: "alice-phone",
    }),
    new Official.ChatGrant({
      serviceSid: `IS${"c".repeat(32)}`,
      endpointId: "chat-endpoint",
      deploymentRoleSid: `RL${"d".repeat(32)}`,
      pushCredentialSid: `CR${"e".repeat(32)}`,
    }),
    new Official.SyncGrant({ serviceSid: `IS${"f".repeat(32)}`, endpointId: "sync-endpoint" }),
    new Official.TaskRouterGrant({
      workspaceSid: `WS${"1".repeat(32)}`,
      workerSid: `WK${"2".repeat(32)}`,
      role: "worker",
    }),
    new Official.PlaybackGrant({ grant: { playbackUrl: "https://example.com/live.m3u8", playerStreamerSid: "VJ1" } }),
  ];
}

/** The `grants` claim `everyOfficialGrant()` writes, identity included. */
export function everyGrantClaim(identity: string): Record<string, unknown> {
  return {
    identity,
    video: { room: "r1" },
    voice: {
      incoming: { allow: true },
      outgoing: { application_sid: `AP${"a".repeat(32)}`, params: { plan: "pro" } },
      push_credential_sid: `CR${"b".repeat(32)}`,
      endpoint_id: "alice-phone",
    },
    chat: {
      service_sid: `IS${"c".repeat(32)}`,
      endpoint_id: "chat-endpoint",
      deployment_role_sid: `RL${"d".repeat(32)}`,
      push_credential_sid: `CR${"e".repeat(32)}`,
    },
    data_sync: { service_sid: `IS${"f".repeat(32)}`, endpoint_id: "sync-endpoint" },
    task_router: { workspace_sid: `WS${"1".repeat(32)}`, worker_sid: `WK${"2".repeat(32)}`, role: "worker" },
    player: { playbackUrl: "https://example.com/live.m3u8", playerStreamerSid: "VJ1" },
  };
}

/** A JWT written by hand: any header and claims, signed with HMAC `hash` over `secret` (or `signature`). */
export function handMadeToken(
  header: unknown,
  claims: unknown,
  signing: { readonly secret: string; readonly hash?: string } | { readonly signature: string },
): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
  const signed = `${encode(header)}.${encode(claims)}`;
  const signature =
    "signature" in signing
      ? signing.signature
      : createHmac(signing.hash ?? "sha256", signing.secret)
          .update(signed)
          .digest("base64url");
  return `${signed}.${signature}`;
}

export function decodeSegment(token: string, index: number): any {
  return JSON.parse(Buffer.from(token.split(".")[index] ?? "", "base64url").toString("utf8"));
}

/** A request a client-side SDK might send, which the gateway asks about. */
export const VIDEO_ROOMS_URL = "https://video.twilio.com/v1/Rooms";

/** POST /v1/Authorize with the token in the caller's Authorization header (`Bearer`), or as TwilioToken. */
export function authorizeWithToken(
  server: TestServer,
  token: string,
  options: { readonly via?: "bearer" | "field"; readonly url?: string; readonly method?: string } = {},
): Promise<TestResponse> {
  const credential = options.via === "field" ? { TwilioToken: token } : { Authorization: `Bearer ${token}` };
  return server.request("POST", "/v1/Authorize", {
    auth: `Bearer ${GATEWAY_TOKEN}`,
    form: { Method: options.method ?? "GET", Url: options.url ?? VIDEO_ROOMS_URL, ...credential },
  });
}

/** GET /v1/Authorize/Request with the token in X-Twilio-Token (or `Authorization: Bearer`). */
export function checkRequestWithToken(
  server: TestServer,
  token: string,
  options: { readonly via?: "header" | "bearer"; readonly path?: string } = {},
): Promise<TestResponse> {
  return server.request("GET", "/v1/Authorize/Request", {
    headers: {
      "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
      "x-original-method": "GET",
      "x-original-uri": options.path ?? "/v1/Rooms",
      "x-original-host": "video.twilio.com",
      ...(options.via === "bearer" ? { authorization: `Bearer ${token}` } : { "x-twilio-token": token }),
    },
  });
}
