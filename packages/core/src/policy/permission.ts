/** A permission a route requires, with its resource wildcard precomputed so a check never builds strings. */
export interface Permission {
  readonly name: string;
  /** `/ns/product/resource/*`: the grant that covers every action of the resource. */
  readonly wildcard: string;
}

export const PERMISSION_GRAMMAR =
  /^\/[a-z0-9-]+\/[a-z0-9-]+\/[a-z0-9-]+(\.[a-z0-9-]+)*\/(read|list|create|update|delete|\*)$/;

export function permission(name: string): Permission {
  if (!PERMISSION_GRAMMAR.test(name)) throw new Error(`Not a permission string: ${name}`);
  return { name, wildcard: `${name.slice(0, name.lastIndexOf("/") + 1)}*` };
}
