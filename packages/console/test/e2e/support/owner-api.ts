import { iamHost, type RestAnswer, restRequest } from "./rest-client.js";

/** What a test checks a console action against: the REST APIs, called with a credential of its choosing. */
export interface RestTarget {
  readonly url: string;
  readonly accountSid: string;
}

/** A key as GET /v1/Keys/{Sid} shows it to the account's Auth Token. */
export interface FetchedKey {
  readonly sid: string;
  readonly friendly_name: string;
  readonly policy: { readonly allow: readonly string[] } | null;
}

/** GET /v1/Keys/{Sid} in `region` with `token` (the owner's Auth Token there, unless a test rotated it). */
export function fetchKey(server: RestTarget, token: string, region: string, sid: string): Promise<RestAnswer> {
  return restRequest(server.url, {
    path: `/v1/Keys/${sid}`,
    user: server.accountSid,
    password: token,
    host: iamHost(region),
  });
}

/** Every key SID in `region`, as GET /v1/Keys lists them (one page of up to 1000: the tests make far fewer). */
export async function listKeySids(server: RestTarget, token: string, region: string): Promise<string[]> {
  const answer = await restRequest(server.url, {
    path: `/v1/Keys?AccountSid=${server.accountSid}&PageSize=1000`,
    user: server.accountSid,
    password: token,
    host: iamHost(region),
  });
  if (answer.status !== 200) throw new Error(`GET /v1/Keys answered ${answer.status}: ${JSON.stringify(answer.body)}`);
  const body = answer.body as { keys: { sid: string }[]; meta: { next_page_url: string | null } };
  if (body.meta.next_page_url !== null) throw new Error("more than one page of keys: the helper reads one");
  return body.keys.map((key) => key.sid).sort();
}

/** A key's own credential on the API: GET /v1/Keys/{itsSid} (needs keys read rights; 401 once deleted). */
export function keyReadsItself(server: RestTarget, region: string, sid: string, secret: string): Promise<RestAnswer> {
  return restRequest(server.url, { path: `/v1/Keys/${sid}`, user: sid, password: secret, host: iamHost(region) });
}

/** The decision API's verdict, as a gateway holding `gatewayToken` would ask it. */
export interface Verdict {
  readonly allowed: boolean;
  readonly credential_sid: string | null;
  readonly credential_type: string | null;
  readonly missing_permission: string | null;
  readonly reason: string;
  readonly error: { readonly code: number } | null;
}

/** POST /v1/Authorize: may the caller with `user:password` make `method url`? */
export async function authorize(
  server: RestTarget,
  gatewayToken: string,
  call: { readonly method: string; readonly url: string; readonly user: string; readonly password: string },
): Promise<Verdict> {
  const caller = `Basic ${Buffer.from(`${call.user}:${call.password}`).toString("base64")}`;
  const answer = await fetch(`${server.url}/v1/Authorize`, {
    method: "POST",
    headers: { Authorization: `Bearer ${gatewayToken}`, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ Method: call.method, Url: call.url, Authorization: caller }),
  });
  if (answer.status !== 200) throw new Error(`POST /v1/Authorize answered ${answer.status}: ${await answer.text()}`);
  return (await answer.json()) as Verdict;
}
