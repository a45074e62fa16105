import { describe, expect, it } from "vitest";
import { type AccountJson, accountFromJson, accountToJson } from "./account.js";
import { LatchkeyError } from "./errors.js";

const SID = "AC0123456789abcdef0123456789abcdef";

const JSON_ACCOUNT: AccountJson = {
  auth_token: null,
  date_created: "Mon, 13 Jun 2016 22:50:08 +0000",
  date_updated: "Tue, 14 Jun 2016 01:02:03 +0000",
  friendly_name: "Acme",
  owner_account_sid: SID,
  sid: SID,
  status: "suspended",
  subresource_uris: { keys: `/2010-04-01/Accounts/${SID}/Keys.json` },
  type: "Full",
  uri: `/2010-04-01/Accounts/${SID}.json`,
};

describe("accountFromJson", () => {
  it("reads the 2010 account in camelCase with real dates", () => {
    expect(accountFromJson(JSON_ACCOUNT)).toEqual({
      sid: SID,
      friendlyName: "Acme",
      status: "suspended",
      ownerAccountSid: SID,
      type: "Full",
      authToken: null,
      dateCreated: new Date(Date.UTC(2016, 5, 13, 22, 50, 8)),
      dateUpdated: new Date(Date.UTC(2016, 5, 14, 1, 2, 3)),
      uri: `/2010-04-01/Accounts/${SID}.json`,
      subresourceUris: { keys: `/2010-04-01/Accounts/${SID}/Keys.json` },
    });
  });

  it("writes back exactly what it read", () => {
    expect(accountToJson(accountFromJson(JSON_ACCOUNT))).toEqual(JSON_ACCOUNT);
    expect(Object.keys(accountToJson(accountFromJson(JSON_ACCOUNT)))).toEqual(Object.keys(JSON_ACCOUNT));
  });

  it("rejects a body that is not an account, or a date that does not parse", () => {
    expect(() => accountFromJson({ accounts: [] })).toThrow(LatchkeyError);
    expect(() => accountFromJson(null)).toThrow("Expected an account in the response body");
    expect(() => accountFromJson({ ...JSON_ACCOUNT, date_created: "yesterday" })).toThrow(
      'Expected an RFC 2822 date in the response body, got "yesterday"',
    );
  });
});
