import { Callout, Intent } from "@blueprintjs/core";
import { messageOf } from "../api/api-error.js";

/** An error in plain words: the API's own message, or one sentence for a network failure. */
export function ErrorCallout({ error, title }: { readonly error: unknown; readonly title?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <Callout intent={Intent.DANGER} role="alert" className="lk-callout" {...(title !== undefined && { title })}>
      {messageOf(error)}
    </Callout>
  );
}
