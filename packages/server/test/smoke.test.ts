import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "./support/test-server.js";

describe("test server", () => {
  let server: TestServer;
  beforeEach(async () => {
    server = await startTestServer();
  });
  afterEach(async () => {
    await server.close();
  });

  it("serves an authenticated empty key list to the owner", async () => {
    const response = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, {
      auth: { user: server.accountSid, password: server.authToken },
    });
    expect(response.status).toBe(200);
    expect(response.json.keys).toEqual([]);
  });
});
