import { mayViewAuthToken, type Principal, type RegionContext, type StoredAccount } from "@latchkey/core";
import { rfc2822 } from "./dates.js";

const SUBRESOURCES: Readonly<Record<string, string>> = {
  addresses: "Addresses",
  conferences: "Conferences",
  signing_keys: "SigningKeys",
  transcriptions: "Transcriptions",
  connect_apps: "ConnectApps",
  sip: "SIP",
  authorized_connect_apps: "AuthorizedConnectApps",
  usage: "Usage",
  keys: "Keys",
  applications: "Applications",
  recordings: "Recordings",
  short_codes: "SMS/ShortCodes",
  calls: "Calls",
  notifications: "Notifications",
  incoming_phone_numbers: "IncomingPhoneNumbers",
  queues: "Queues",
  messages: "Messages",
  outgoing_caller_ids: "OutgoingCallerIds",
  available_phone_numbers: "AvailablePhoneNumbers",
  balance: "Balance",
};

/**
 * The 2010 account resource. SECURITY: who sees `auth_token` is a core rule (mayViewAuthToken); the
 * sealed token is opened only when it says so.
 */
export function serializeAccount(account: StoredAccount, principal: Principal, region: RegionContext) {
  const showsToken = mayViewAuthToken(principal, account);
  const base = `/2010-04-01/Accounts/${account.sid}`;
  return {
    auth_token: showsToken ? region.secrets.open(account.sealedAuthToken, account.sid) : null,
    date_created: rfc2822(account.dateCreated),
    date_updated: rfc2822(account.dateUpdated),
    friendly_name: account.friendlyName,
    owner_account_sid: account.ownerAccountSid,
    sid: account.sid,
    status: account.status,
    subresource_uris: Object.fromEntries(
      Object.entries(SUBRESOURCES).map(([name, path]) => [name, `${base}/${path}.json`]),
    ),
    type: account.type,
    uri: `${base}.json`,
  };
}
