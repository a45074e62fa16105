import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN, startTestServer, type TestServer } from "../support/test-server.js";

describe("decision API smoke", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("allows a restricted key on its permission and denies it elsewhere", async () => {
    const owner = { user: server.accountSid, password: server.authToken };
    const created = await server.request("POST", "/v1/Keys", {
      auth: owner,
      form: {
        AccountSid: server.accountSid,
        KeyType: "restricted",
        Policy: JSON.stringify({ allow: ["/twilio/messaging/messages/read"] }),
      },
    });
    const caller = server.basic(created.json.sid, created.json.secret);
    const ask = (method: string, path: string) =>
      server.request("POST", "/v1/Authorize", {
        auth: `Bearer ${GATEWAY_TOKEN}`,
        form: { Method: method, Url: `https://api.twilio.com${path}`, Authorization: caller },
      });
    const messages = `/2010-04-01/Accounts/${server.accountSid}/Messages`;
    const allowed = await ask("GET", `${messages}/SM${"0".repeat(32)}.json`);
    expect(allowed.status).toBe(200);
    expect(allowed.json).toEqual({
      allowed: true,
      account_sid: server.accountSid,
      credential_sid: created.json.sid,
      credential_type: "restricted",
      permission: "/twilio/messaging/messages/read",
      missing_permission: null,
      reason: "allowed",
      error: null,
    });
    const denied = await ask("POST", `${messages}.json`);
    expect(denied.json).toMatchObject({
      allowed: false,
      reason: "permission_denied",
      missing_permission: "/twilio/messaging/messages/create",
      error: { code: 70051, status: 403 },
    });

    const viaHeaders = await server.request("GET", "/v1/Authorize/Request", {
      headers: {
        "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
        "x-original-method": "POST",
        "x-original-uri": `${messages}.json`,
        "x-original-host": "api.twilio.com",
        authorization: caller,
      },
    });
    expect(viaHeaders.status).toBe(403);
    expect(viaHeaders.headers.get("x-latchkey-error-code")).toBe("70051");
  });

  it("refuses callers that are not gateways", async () => {
    const response = await server.request("POST", "/v1/Authorize", {
      auth: { user: server.accountSid, password: server.authToken },
      body: JSON.stringify({ Method: "GET", Url: "https://api.twilio.com/x" }),
      headers: { "content-type": "application/json" },
    });
    expect(response.status).toBe(401);
    expect(response.json).toMatchObject({ code: 20003, message: "Gateway authentication failed" });
  });
});
