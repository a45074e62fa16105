import { describe, expect, it } from "vitest";
import { useServer } from "./support/use-server.js";

describe("test server", () => {
  const { server } = useServer();

  it("serves an authenticated empty key list to the owner", async () => {
    const response = await server.request("GET", `/v1/Keys?AccountSid=${server.accountSid}`, {
      auth: { user: server.accountSid, password: server.authToken },
    });
    expect(response.status).toBe(200);
    expect(response.json.keys).toEqual([]);
  });
});
