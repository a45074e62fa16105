import { Intent, Tag } from "@blueprintjs/core";
import type { KeyType } from "../api/wire-types.js";
import { KEY_TYPE_LABELS } from "../common/labels.js";

const INTENTS: Readonly<Record<KeyType, Intent>> = {
  standard: Intent.NONE,
  restricted: Intent.PRIMARY,
  main: Intent.WARNING,
};

export function KeyTypeTag({ type }: { readonly type: KeyType }) {
  return (
    <Tag minimal intent={INTENTS[type]}>
      {KEY_TYPE_LABELS[type]}
    </Tag>
  );
}

/** The regional badge: a key exists in exactly one region and works only there. */
export function RegionTag({ region }: { readonly region: string }) {
  return (
    <Tag minimal round className="lk-region-tag" title={`This key works only in region ${region}`}>
      {region}
    </Tag>
  );
}
