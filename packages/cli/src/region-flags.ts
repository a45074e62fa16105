import { parseRegionList } from "@latchkey/server";

/** `--regions us1,ie1` as a config override; the flag wins over LATCHKEY_REGIONS. */
export function regionOverrides(flags: { readonly regions?: readonly string[] }) {
  return flags.regions === undefined ? {} : { regions: flags.regions };
}

/** Commander's parser for `--regions`: validated as LATCHKEY_REGIONS is, with the flag's name in the error. */
export function parseRegionsFlag(value: string): readonly string[] {
  return parseRegionList(value, "--regions");
}
