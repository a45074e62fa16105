import type { GetApiKeysInstance } from "twilio/lib/rest/iam/v1/getApiKeys.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Conformance, collectEach, createKeys, pageBodies, startConformance } from "./harness.js";

describe("iam v1 Keys paging through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const expectNewestFirst = (keys: readonly GetApiKeysInstance[]) => {
    const times = keys.map((key) => key.dateUpdated.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(times.length);
  };

  it("list() walks seven keys in pages of three, newest update first, each key once", async () => {
    const created = await createKeys(ctx, 7);

    const listed = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid, pageSize: 3 });

    expect(listed.map((key) => key.sid)).toEqual([...created].reverse());
    expectNewestFirst(listed);
    expect(pageBodies(ctx, "/v1/Keys").map((body) => body.keys.length)).toEqual([3, 3, 1]);
  });

  it("each() visits seven keys in pages of three, newest update first, each key once", async () => {
    const created = await createKeys(ctx, 7);

    const visited = await collectEach<GetApiKeysInstance>((options) =>
      ctx.owner.iam.v1.getApiKeys.each({ accountSid: ctx.accountSid, pageSize: 3, ...options }),
    );

    expect(visited.map((key) => key.sid)).toEqual([...created].reverse());
    expectNewestFirst(visited);
    expect(pageBodies(ctx, "/v1/Keys").map((body) => body.meta.page)).toEqual([0, 1, 2]);
  });

  it("list() stops at its limit", async () => {
    const created = await createKeys(ctx, 7);

    const listed = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid, pageSize: 3, limit: 4 });

    expect(listed.map((key) => key.sid)).toEqual(created.slice(3).reverse());
  });

  it("moves an updated key to the front of the list", async () => {
    const [oldest, ...rest] = await createKeys(ctx, 4);
    if (oldest === undefined) throw new Error("no key created");

    await ctx.owner.iam.v1.apiKey(oldest).update({ friendlyName: "touched" });
    const listed = await ctx.owner.iam.v1.getApiKeys.list({ accountSid: ctx.accountSid, pageSize: 2 });

    expect(listed.map((key) => key.sid)).toEqual([oldest, ...rest.reverse()]);
  });

  it("links pages with absolute URLs on the serving origin that keep the AccountSid filter", async () => {
    const created = await createKeys(ctx, 7);
    const first = await ctx.owner.iam.v1.getApiKeys.page({ accountSid: ctx.accountSid, pageSize: 3 });
    const query = `AccountSid=${ctx.accountSid}&PageSize=3`;

    expect(ctx.lastBody().meta).toMatchObject({
      page: 0,
      page_size: 3,
      key: "keys",
      first_page_url: `${ctx.server.url}/v1/Keys?${query}&Page=0`,
      url: `${ctx.server.url}/v1/Keys?${query}&Page=0`,
      previous_page_url: null,
    });
    expect(first.nextPageUrl).toMatch(new RegExp(`^${ctx.server.url}/v1/Keys\\?${query}&Page=1&PageToken=.+`));

    const second = await first.nextPage();
    const third = await second?.nextPage();
    expect(third?.instances.map((key) => key.sid)).toEqual([created[0]]);
    expect(third?.nextPageUrl).toBeUndefined();
    expect(ctx.lastBody().meta).toMatchObject({ page: 2, next_page_url: null });

    const back = await third?.previousPage();
    expect(back?.instances.map((key) => key.sid)).toEqual(second?.instances.map((key) => key.sid));
    expect(ctx.lastBody().meta.page).toBe(1);
  });
});
