/**
 * The 2010 API exposes the same key store twice: as Keys and as SigningKeys. Only the path segment
 * and the list's array name differ.
 */
export interface V2010KeyResource {
  /** Path segment: `Keys` or `SigningKeys`. */
  readonly segment: "Keys" | "SigningKeys";
  /** Array property of the list page: `keys` or `signing_keys`. */
  readonly listKey: "keys" | "signing_keys";
}

export const KEYS: V2010KeyResource = { segment: "Keys", listKey: "keys" };
export const SIGNING_KEYS: V2010KeyResource = { segment: "SigningKeys", listKey: "signing_keys" };

export function collectionUrl(resource: V2010KeyResource): string {
  return `/2010-04-01/Accounts/:AccountSid/${resource.segment}.json`;
}

export function instanceUrl(resource: V2010KeyResource): string {
  return `/2010-04-01/Accounts/:AccountSid/${resource.segment}/:Sid.json`;
}

export interface InstanceParams {
  readonly AccountSid: string;
  readonly Sid: string;
}
