import type { KeyInstance } from "twilio/lib/rest/api/v2010/account/key.js";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Conformance, collectEach, createKeys, pageBodies, startConformance } from "./harness.js";

describe("API v2010 Keys paging through the official client", () => {
  let ctx: Conformance;
  beforeEach(async () => {
    ctx = await startConformance();
  });
  afterEach(async () => {
    await ctx.close();
  });

  const keysPath = () => `/2010-04-01/Accounts/${ctx.accountSid}/Keys.json`;
  const expectNewestFirst = (keys: readonly KeyInstance[]) => {
    const times = keys.map((key) => key.dateUpdated.getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(new Set(times).size).toBe(times.length);
  };

  it("list() walks seven keys in pages of three, newest update first, each key once", async () => {
    const created = await createKeys(ctx, 7);

    const listed = await ctx.owner.api.v2010.accounts(ctx.accountSid).keys.list({ pageSize: 3 });

    expect(listed.map((key) => key.sid)).toEqual([...created].reverse());
    expectNewestFirst(listed);
    const pages = pageBodies(ctx, keysPath());
    expect(pages.map((page) => [page.page, page.start, page.end, page.keys.length])).toEqual([
      [0, 0, 2, 3],
      [1, 3, 5, 3],
      [2, 6, 6, 1],
    ]);
  });

  it("each() visits seven keys in pages of three, newest update first, each key once", async () => {
    const created = await createKeys(ctx, 7);

    const visited = await collectEach<KeyInstance>((options) =>
      ctx.owner.api.v2010.accounts(ctx.accountSid).keys.each({ pageSize: 3, ...options }),
    );

    expect(visited.map((key) => key.sid)).toEqual([...created].reverse());
    expectNewestFirst(visited);
    expect(pageBodies(ctx, keysPath())).toHaveLength(3);
  });

  it("links pages with host-relative URIs", async () => {
    await createKeys(ctx, 4);

    await ctx.owner.api.v2010.accounts(ctx.accountSid).keys.page({ pageSize: 3 });

    const body = ctx.lastBody();
    expect(body).toMatchObject({
      first_page_uri: `${keysPath()}?PageSize=3&Page=0`,
      uri: `${keysPath()}?PageSize=3&Page=0`,
      previous_page_uri: null,
      page: 0,
      page_size: 3,
    });
    expect(body.next_page_uri).toMatch(
      new RegExp(`^${keysPath().replaceAll(".", "\\.")}\\?PageSize=3&Page=1&PageToken=.+`),
    );
  });

  it("answers an empty list with start and end at zero", async () => {
    expect(await ctx.owner.api.v2010.accounts(ctx.accountSid).keys.list()).toEqual([]);
    expect(ctx.lastBody()).toMatchObject({ keys: [], start: 0, end: 0, page_size: 50, next_page_uri: null });
  });
});
