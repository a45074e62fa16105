import { AppError, type Deployment, type RegionContext } from "@latchkey/core";
import { HostRegions } from "./host-region.js";

/** Which region's context serves a host: the Host of a request, or the host of a decision's target URL. */
export class RegionRouter {
  readonly #hosts: HostRegions;
  readonly #contexts: ReadonlyMap<string, RegionContext>;
  readonly #served: string;
  readonly defaultRegion: RegionContext;

  constructor(deployment: Deployment, domains: readonly string[]) {
    const names = deployment.regions.map((region) => region.region);
    const [first] = deployment.regions;
    if (first === undefined) throw new Error("a deployment serves at least one region");
    this.defaultRegion = first;
    this.#hosts = new HostRegions({ regions: names, domains });
    this.#contexts = new Map(deployment.regions.map((region) => [region.region, region]));
    this.#served = names.join(", ");
  }

  /** The region `host` addresses, or the 404 a region this deployment does not serve gets (returned, not thrown: hooks pass it on). */
  contextFor(host: string | undefined): RegionContext | AppError {
    const found = this.#hosts.regionOf(host);
    const context = found.served ? this.#contexts.get(found.region) : undefined;
    if (context !== undefined) return context;
    return new AppError("REGION_NOT_SERVED", {
      message: `The region ${found.region} is not served by this Latchkey deployment (it serves ${this.#served})`,
    });
  }

  /** {@link contextFor} for code that throws its errors. */
  require(host: string | undefined): RegionContext {
    const context = this.contextFor(host);
    if (context instanceof AppError) throw context;
    return context;
  }
}
