import { beforeEach, describe, expect, it } from "vitest";
import { GATEWAY_TOKEN } from "../support/test-server.js";
import { useServer } from "../support/use-server.js";

/** The ext_authz shape: original method, original path after the prefix, 200 when allowed. */
describe("/v1/Authorize/Envoy/*", () => {
  const { server } = useServer();
  let caller: string;
  beforeEach(async () => {
    const created = await server.request("POST", "/v1/Keys", {
      auth: { user: server.accountSid, password: server.authToken },
      form: {
        AccountSid: server.accountSid,
        KeyType: "restricted",
        Policy: JSON.stringify({ allow: ["/twilio/messaging/messages/read"] }),
      },
    });
    caller = server.basic(created.json.sid, created.json.secret);
  });

  const check = (method: string, path: string, headers: Record<string, string> = {}) =>
    server.request(method, `/v1/Authorize/Envoy${path}`, {
      headers: {
        "x-latchkey-gateway": `Bearer ${GATEWAY_TOKEN}`,
        "x-original-host": "api.twilio.com",
        authorization: caller,
        ...headers,
      },
    });

  it("answers 200 with the decision headers when the original request is allowed", async () => {
    const response = await check(
      "GET",
      `/2010-04-01/Accounts/${server.accountSid}/Messages/SM${"0".repeat(32)}.json?x=1`,
    );
    expect(response.status).toBe(200);
    expect(response.text).toBe("");
    expect(response.headers.get("x-latchkey-credential-type")).toBe("restricted");
    expect(response.headers.get("x-latchkey-permission")).toBe("/twilio/messaging/messages/read");
  });

  it("judges the original method: a POST the policy lacks gets 403 with the Twilio body", async () => {
    const response = await check("POST", `/2010-04-01/Accounts/${server.accountSid}/Messages.json`);
    expect(response.status).toBe(403);
    expect(response.json).toMatchObject({ code: 70051, status: 403 });
    expect(response.headers.get("x-latchkey-error-code")).toBe("70051");
  });

  it("answers 401 to a wrong caller credential and to a missing gateway credential", async () => {
    const wrong = await check("GET", `/2010-04-01/Accounts/${server.accountSid}/Messages.json`, {
      authorization: server.basic(server.accountSid, "0".repeat(32)),
    });
    expect(wrong.status).toBe(401);
    expect(wrong.json).toMatchObject({ code: 20003 });
    const noGateway = await check("DELETE", "/anything", { "x-latchkey-gateway": "" });
    expect(noGateway.status).toBe(401);
    expect(noGateway.json).toMatchObject({ code: 20003, message: "Gateway authentication failed" });
  });
});
