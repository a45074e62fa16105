/**
 * A store that does not answer during a decision is an outage, never a verdict: 503 with a clear code,
 * not a denial that reads like an unknown credential or a missing account.
 */
import { expect, it } from "vitest";
import { createSubaccount } from "../support/account-fixtures.js";
import { useServer } from "../support/use-server.js";
import { ask, sid } from "./decision-fixtures.js";

const { server, owner } = useServer();

const STORE_DOWN = {
  code: 20503,
  message: "The credential store did not answer; the request was not judged. Retry shortly",
  more_info: "https://www.twilio.com/docs/errors/20503",
  status: 503,
};

it("answers 503/20503 when the store fails while checking a credential", async () => {
  await server.region.store.close();
  const response = await ask(
    server,
    { user: sid("SK"), password: "x".repeat(32) },
    "GET",
    "https://api.twilio.com/v1/x",
  );
  expect(response.status).toBe(503);
  expect(response.json).toEqual(STORE_DOWN);
});

it("answers 503/20503, not 404, when the store fails while checking the account a path names", async () => {
  const sub = await createSubaccount(server);
  // Warm the owner's credential, so only the account lookup meets the closed store.
  const url = `https://api.twilio.com/2010-04-01/Accounts/${sub.sid}/Messages.json`;
  expect((await ask(server, owner, "GET", url)).json.allowed).toBe(true);
  await server.region.store.close();
  const response = await ask(server, owner, "GET", url);
  expect(response.status).toBe(503);
  expect(response.json).toEqual(STORE_DOWN);
});
