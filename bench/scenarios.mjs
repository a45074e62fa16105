// The requests the bench drives, built from the credentials the bench server seeded. Each scenario is
// one fixed request, so autocannon can replay it on every keep-alive connection.

/** @param {string} user @param {string} password */
function basic(user, password) {
  return `Basic ${Buffer.from(`${user}:${password}`).toString("base64")}`;
}

/**
 * @param {{ accountSid: string, authToken: string, main: { sid: string, secret: string },
 *           mainIe1: { sid: string, secret: string }, restricted: { sid: string, secret: string } }} seed
 */
export function buildScenarios(seed) {
  return [
    { id: "a", name: "GET /bench/noop (204, no auth)", method: "GET", path: "/bench/noop", headers: {}, status: 204 },
    // Not a target: (a) plus the auth hook alone, which separates the cost of authentication from the
    // cost of the route's own store read and serialization in (b) and (b').
    {
      id: "a'",
      name: "GET /bench/auth-noop (204), restricted key",
      method: "GET",
      path: "/bench/auth-noop",
      headers: { authorization: basic(seed.restricted.sid, seed.restricted.secret) },
      status: 204,
    },
    {
      id: "b",
      name: "GET /v1/Keys/{Sid}, Main key",
      method: "GET",
      path: `/v1/Keys/${seed.main.sid}`,
      headers: { authorization: basic(seed.main.sid, seed.main.secret) },
      status: 200,
    },
    // (b) in the second region: the Host the official client builds with region ie1 and edge dublin.
    {
      id: "b-ie1",
      name: "GET /v1/Keys/{Sid}, Main key, Host iam.dublin.ie1.twilio.com",
      method: "GET",
      path: `/v1/Keys/${seed.mainIe1.sid}`,
      headers: { authorization: basic(seed.mainIe1.sid, seed.mainIe1.secret), host: "iam.dublin.ie1.twilio.com" },
      status: 200,
    },
    {
      id: "b'",
      name: "GET /v1/Keys/{Sid}, restricted key",
      method: "GET",
      path: `/v1/Keys/${seed.main.sid}`,
      headers: { authorization: basic(seed.restricted.sid, seed.restricted.secret) },
      status: 200,
    },
    // Last: every request inserts a key and an audit row, so it grows the database the reads use.
    {
      id: "c",
      name: "POST /v1/Keys, owner auth token",
      method: "POST",
      path: "/v1/Keys",
      headers: {
        authorization: basic(seed.accountSid, seed.authToken),
        "content-type": "application/x-www-form-urlencoded",
      },
      body: new URLSearchParams({ AccountSid: seed.accountSid, FriendlyName: "bench" }).toString(),
      status: 201,
    },
  ];
}
