import { describe, expect, it } from "vitest";
import { InvalidatingCache } from "./invalidating-cache.js";

describe("InvalidatingCache", () => {
  it("loads once and then answers from memory", async () => {
    const cache = new InvalidatingCache<string>(10);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return "value";
    };
    expect(await cache.getOrLoad("k", load)).toBe("value");
    expect(await cache.getOrLoad("k", load)).toBe("value");
    expect(loads).toBe(1);
  });

  it("never caches a missing record", async () => {
    const cache = new InvalidatingCache<string>(10);
    expect(await cache.getOrLoad("k", async () => null)).toBeNull();
    expect(await cache.getOrLoad("k", async () => "created")).toBe("created");
  });

  it("drops the result of a load that an invalidation overtook", async () => {
    const cache = new InvalidatingCache<string>(10);
    let release: (value: string) => void = () => {};
    const slow = cache.getOrLoad(
      "k",
      () =>
        new Promise<string>((resolve) => {
          release = resolve;
        }),
    );
    cache.invalidate("k");
    release("stale");
    expect(await slow).toBe("stale");
    expect(cache.get("k")).toBeUndefined();
  });

  it("evicts the oldest entry when full", async () => {
    const cache = new InvalidatingCache<string>(2);
    for (const key of ["a", "b", "c"]) await cache.getOrLoad(key, async () => key);
    expect(cache.get("a")).toBeUndefined();
    expect(cache.get("c")).toBe("c");
  });

  it("clears everything at once", async () => {
    const cache = new InvalidatingCache<string>(10);
    await cache.getOrLoad("a", async () => "a");
    cache.clear();
    expect(cache.get("a")).toBeUndefined();
  });
});
