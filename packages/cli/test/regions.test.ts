import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getWithHost } from "./http-with-host.js";
import { runCli } from "./run-cli.js";
import {
  type BannerCredentials,
  bannerConsoleUser,
  bannerCredentials,
  basicAuth,
  type ServeProcess,
  startServe,
} from "./serve-process.js";

// LATCHKEY_REGIONS emptied so the developer's own shell cannot change the regions under test.
const ENV = { LATCHKEY_MASTER_KEY: "", LATCHKEY_MASTER_KEY_FILE: "", LATCHKEY_REGIONS: "", LATCHKEY_OWNER_EMAIL: "" };
const TOKEN = /^[0-9a-f]{32}$/;
const NO_BANNER: BannerCredentials = { accountSid: "", authToken: "", authTokens: {} };
const AUTHENTICATE = {
  code: 20003,
  message: "Authenticate",
  more_info: "https://www.twilio.com/docs/errors/20003",
  status: 401,
};

/** GET /v1/Keys of the account over TCP, in the region `host` picks (none: 127.0.0.1, the default region). */
function listKeys(url: string, accountSid: string, user: string, password: string, host?: string) {
  return getWithHost(`${url}/v1/Keys?AccountSid=${accountSid}`, {
    authorization: basicAuth(user, password),
    ...(host !== undefined && { host }),
  });
}

/** Runs one line the banner printed, as a shell would, and returns curl's body and status code. */
function runPrintedCurl(line: string): Promise<{ status: number; json: any }> {
  return new Promise((resolve, reject) => {
    execFile("sh", ["-c", `${line.trim()} --silent --show-error --write-out '\\n%{http_code}'`], (error, stdout) => {
      if (error !== null) return reject(error);
      const [status = "", ...body] = stdout.split("\n").reverse();
      resolve({ status: Number(status), json: JSON.parse(body.reverse().join("\n")) });
    });
  });
}

const listening = (server: ServeProcess, regions: string, dataDir: string) =>
  `Latchkey is listening on ${server.url} (regions ${regions}; default us1; data in ${dataDir})`;

describe("latchkey with several regions", () => {
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "latchkey-regions-"));
    dataDir = join(dir, "data");
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("init prints one Auth Token per region, and each opens its own region only", async () => {
    const init = await runCli(["init", "--json", "--regions", "us1,ie1", "--data", dataDir], ENV);
    expect(init.code).toBe(0);
    const printed = JSON.parse(init.stdout);
    expect(init.stdout).toBe(`${JSON.stringify(printed)}\n`);
    expect(Object.keys(printed)).toEqual(["account_sid", "auth_token", "auth_tokens", "console_user"]);
    expect(printed.account_sid).toMatch(/^AC[0-9a-f]{32}$/);
    expect(Object.keys(printed.auth_tokens)).toEqual(["us1", "ie1"]);
    const { us1, ie1 } = printed.auth_tokens;
    expect(us1).toMatch(TOKEN);
    expect(ie1).toMatch(TOKEN);
    expect(us1).not.toBe(ie1);
    expect(printed.auth_token).toBe(us1);

    const sid: string = printed.account_sid;
    const server = await startServe(["--port", "0", "--data", dataDir], { ...ENV, LATCHKEY_REGIONS: "us1,ie1" });
    try {
      expect(server.stderr().split("\n")[0]).toBe(listening(server, "us1, ie1", dataDir));
      const us1AtDefault = await listKeys(server.url, sid, sid, us1);
      expect(us1AtDefault.status).toBe(200);
      expect(us1AtDefault.json.keys).toEqual([]);
      expect((await listKeys(server.url, sid, sid, us1, "iam.us1.twilio.com")).status).toBe(200);
      const ie1InIe1 = await listKeys(server.url, sid, sid, ie1, "iam.ie1.twilio.com");
      expect(ie1InIe1.status).toBe(200);
      expect(ie1InIe1.json.meta.url).toBe(`http://iam.ie1.twilio.com/v1/Keys?AccountSid=${sid}&PageSize=50&Page=0`);

      const ie1AtDefault = await listKeys(server.url, sid, sid, ie1);
      expect(ie1AtDefault.status).toBe(401);
      expect(ie1AtDefault.json).toEqual(AUTHENTICATE);
      // SECURITY: another region's token is refused exactly as a made-up one is.
      const us1InIe1 = await listKeys(server.url, sid, sid, us1, "iam.ie1.twilio.com");
      const madeUpInIe1 = await listKeys(
        server.url,
        sid,
        sid,
        "0123456789abcdef0123456789abcdef",
        "iam.ie1.twilio.com",
      );
      expect(us1InIe1.status).toBe(401);
      expect(us1InIe1.json).toEqual(AUTHENTICATE);
      expect(madeUpInIe1.status).toBe(401);
      expect(us1InIe1.text).toBe(madeUpInIe1.text);

      const jp1 = await listKeys(server.url, sid, sid, us1, "api.jp1.twilio.com");
      expect(jp1.status).toBe(404);
      expect(jp1.json).toEqual({
        code: 20404,
        message: "The region jp1 is not served by this Latchkey deployment (it serves us1, ie1)",
        more_info: "https://www.twilio.com/docs/errors/20404",
        status: 404,
      });
    } finally {
      expect(await server.stop()).toBe(0);
    }
    // init already printed the credentials: serve does not print them again.
    expect(server.stdout()).not.toContain("Auth Token");
  });

  it("serve's first start prints both regions' tokens and curl lines that answer 200 as printed", async () => {
    const server = await startServe(["--port", "0", "--data", dataDir, "--regions", "us1,ie1"], ENV);
    try {
      await vi.waitFor(() => expect(bannerCredentials(server.stdout())).toBeDefined());
      const { accountSid: sid, authTokens } = bannerCredentials(server.stdout()) ?? NO_BANNER;
      expect(Object.keys(authTokens)).toEqual(["us1", "ie1"]);
      const { us1 = "", ie1 = "" } = authTokens;
      expect(us1).toMatch(TOKEN);
      expect(ie1).toMatch(TOKEN);
      expect(us1).not.toBe(ie1);
      const curlLines = [
        `  curl -u ${sid}:${us1} '${server.url}/v1/Keys?AccountSid=${sid}'`,
        `  curl -u ${sid}:${ie1} -H 'Host: iam.ie1.twilio.com' '${server.url}/v1/Keys?AccountSid=${sid}'`,
      ];
      expect(server.stdout()).toContain(
        [
          "",
          "Latchkey initialized a new data dir. Save these credentials now: they are not shown again.",
          "",
          `  Account SID:      ${sid} (the same in every region)`,
          `  Auth Token (us1): ${us1}`,
          `  Auth Token (ie1): ${ie1}`,
          `  API:              ${server.url}`,
          "",
          `  Console:           ${server.url}/console`,
          "  Console email:     owner@localhost",
          `  One-time password: ${bannerConsoleUser(server.stdout())?.oneTimePassword}`,
          "  The one-time password must be changed at first sign-in.",
          "",
          "Try it:",
          ...curlLines,
          "",
          "",
        ].join("\n"),
      );
      expect(server.stderr().split("\n")[0]).toBe(listening(server, "us1, ie1", dataDir));

      const printed = server
        .stdout()
        .split("\n")
        .filter((line) => line.startsWith("  curl "));
      expect(printed).toEqual(curlLines);
      for (const line of printed) {
        const answer = await runPrintedCurl(line);
        expect(answer.status).toBe(200);
        expect(answer.json.keys).toEqual([]);
      }
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("a restart with a longer list adds the region once and keeps the other regions' tokens", async () => {
    const first = await startServe(["--port", "0", "--data", dataDir, "--regions", "us1,ie1"], ENV);
    try {
      await vi.waitFor(() => expect(bannerCredentials(first.stdout())).toBeDefined());
    } finally {
      expect(await first.stop()).toBe(0);
    }
    const { accountSid: sid, authTokens } = bannerCredentials(first.stdout()) ?? NO_BANNER;
    const { us1 = "", ie1 = "" } = authTokens;

    const second = await startServe(["--port", "0", "--data", dataDir, "--regions", "us1,ie1,au1"], ENV);
    let au1 = "";
    try {
      const added = /\n {2}Auth Token \(au1\): ([0-9a-f]{32})\n/;
      await vi.waitFor(() => expect(second.stdout()).toMatch(added));
      au1 = added.exec(second.stdout())?.[1] ?? "";
      expect([us1, ie1]).not.toContain(au1);
      expect(second.stdout()).toContain(
        [
          "",
          "Latchkey now serves region au1. Save its Auth Token now: it is not shown again.",
          "",
          `  Account SID:      ${sid}`,
          `  Auth Token (au1): ${au1}`,
          "",
          "Try it:",
          `  curl -u ${sid}:${au1} -H 'Host: iam.au1.twilio.com' '${second.url}/v1/Keys?AccountSid=${sid}'`,
          "",
          "",
        ].join("\n"),
      );
      expect(second.stderr().split("\n")[0]).toBe(listening(second, "us1, ie1, au1", dataDir));
      expect((await listKeys(second.url, sid, sid, us1)).status).toBe(200);
      expect((await listKeys(second.url, sid, sid, ie1, "iam.ie1.twilio.com")).status).toBe(200);
      expect((await listKeys(second.url, sid, sid, au1, "iam.au1.twilio.com")).status).toBe(200);
      const au1AtDefault = await listKeys(second.url, sid, sid, au1);
      expect(au1AtDefault.status).toBe(401);
      expect(au1AtDefault.json).toEqual(AUTHENTICATE);
    } finally {
      expect(await second.stop()).toBe(0);
    }
    expect(second.stdout().split("Latchkey now serves region")).toHaveLength(2);
    expect(second.stdout()).not.toContain("Latchkey initialized");

    const third = await startServe(["--port", "0", "--data", dataDir, "--regions", "us1,ie1,au1"], ENV);
    try {
      expect((await listKeys(third.url, sid, sid, au1, "iam.au1.twilio.com")).status).toBe(200);
    } finally {
      expect(await third.stop()).toBe(0);
    }
    expect(third.stdout()).not.toContain("Latchkey now serves region");
    expect(third.stdout()).not.toContain("Latchkey initialized");
    expect(third.stdout()).not.toContain("Auth Token");
  });

  it("keys create --region ie1 makes a Main key that exists in ie1 only", async () => {
    const env = { ...ENV, LATCHKEY_REGIONS: "us1,ie1" };
    const init = JSON.parse((await runCli(["init", "--json", "--data", dataDir], env)).stdout);
    const sid: string = init.account_sid;
    const created = await runCli(
      ["keys", "create", "--type", "main", "--account", sid, "--region", "ie1", "--data", dataDir, "--json"],
      env,
    );
    expect(created.code).toBe(0);
    const key = JSON.parse(created.stdout);
    expect(Object.keys(key)).toEqual(["sid", "secret", "friendly_name", "region"]);
    expect(key).toMatchObject({ friendly_name: null, region: "ie1" });
    expect(key.sid).toMatch(/^SK[0-9a-f]{32}$/);
    expect(key.secret).toMatch(/^[0-9A-Za-z]{32}$/);

    const human = await runCli(
      ["keys", "create", "--type", "main", "--account", sid, "--region", "ie1", "--data", dataDir],
      env,
    );
    expect(human.code).toBe(0);
    const humanSid = /^Key SID: (SK[0-9a-f]{32})\n/.exec(human.stdout)?.[1];
    const humanSecret = /\nSecret: {2}([0-9A-Za-z]{32})\n/.exec(human.stdout)?.[1];
    expect(human.stdout).toBe(
      `Key SID: ${humanSid}\nSecret:  ${humanSecret}\nRegion:  ie1 (the key works only there)\n(The secret is shown only this once.)\n`,
    );

    const server = await startServe(["--port", "0", "--data", dataDir], env);
    try {
      const inIe1 = await listKeys(server.url, sid, key.sid, key.secret, "iam.ie1.twilio.com");
      expect(inIe1.status).toBe(200);
      expect(inIe1.json.keys.map((listed: { sid: string }) => listed.sid).sort()).toEqual([key.sid, humanSid].sort());
      const atDefault = await listKeys(server.url, sid, key.sid, key.secret);
      expect(atDefault.status).toBe(401);
      expect(atDefault.json).toEqual(AUTHENTICATE);
      // Keys live only in the region that made them: us1 lists none of ie1's.
      const us1Keys = await listKeys(server.url, sid, sid, init.auth_tokens.us1);
      expect(us1Keys.status).toBe(200);
      expect(us1Keys.json.keys).toEqual([]);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });

  it("keys create refuses a region the deployment does not serve, naming where the list came from", async () => {
    const env = { ...ENV, LATCHKEY_REGIONS: "us1,ie1" };
    const sid = JSON.parse((await runCli(["init", "--json", "--data", dataDir], env)).stdout).account_sid;
    const args = ["keys", "create", "--type", "main", "--account", sid, "--region", "au1", "--data", dataDir];

    const fromEnv = await runCli(args, env);
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stdout).toBe("");
    expect(fromEnv.stderr).toBe(
      "latchkey keys create: --region au1 is not one of the regions served (LATCHKEY_REGIONS: us1,ie1)\n",
    );
    const fromFlag = await runCli([...args, "--regions", "us1,ie1"], ENV);
    expect(fromFlag.code).toBe(1);
    expect(fromFlag.stdout).toBe("");
    expect(fromFlag.stderr).toBe(
      "latchkey keys create: --region au1 is not one of the regions served (--regions: us1,ie1)\n",
    );
    expect(existsSync(join(dataDir, "au1"))).toBe(false);
  });

  const notARegion = (name: string, bad: string) =>
    `${name} must be a comma-separated list of region ids such as us1,ie1,au1 (two lower-case letters and a digit); not a region id: "${bad}"`;
  const badFlags: readonly (readonly [string, string])[] = [
    ["us1,US1", notARegion("--regions", "US1")],
    ["us1,us1", "--regions names us1 twice"],
    ["x", notARegion("--regions", "x")],
  ];

  for (const command of ["serve", "init"]) {
    for (const [list, reason] of badFlags) {
      it(`${command} --regions ${list} exits 1 naming --regions, touching nothing`, async () => {
        const port = command === "serve" ? ["--port", "0"] : [];
        const result = await runCli([command, ...port, "--data", dataDir, "--regions", list], ENV);
        expect(result.code).toBe(1);
        expect(result.stdout).toBe("");
        expect(result.stderr).toBe(`latchkey ${command}: ${reason}\n`);
        expect(existsSync(dataDir)).toBe(false);
      });
    }

    it(`${command} with LATCHKEY_REGIONS=bogus exits 1 naming LATCHKEY_REGIONS, touching nothing`, async () => {
      const result = await runCli([command, "--data", dataDir], { ...ENV, LATCHKEY_REGIONS: "bogus" });
      expect(result.code).toBe(1);
      expect(result.stdout).toBe("");
      expect(result.stderr).toBe(`latchkey ${command}: ${notARegion("LATCHKEY_REGIONS", "bogus")}\n`);
      expect(existsSync(dataDir)).toBe(false);
    });
  }
});
