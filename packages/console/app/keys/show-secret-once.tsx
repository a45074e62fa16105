import { Button, Callout, Card, Checkbox, FormGroup, H1, InputGroup, Intent } from "@blueprintjs/core";
import { useState } from "react";
import type { CreatedKey } from "../api/wire-types.js";
import { CopyButton } from "../common/copy-button.js";
import { KeyTypeTag, RegionTag } from "./key-type-tag.js";

/** The one time a key's secret is visible. Finish stays disabled until the person ticks "Got it!". */
export function ShowSecretOnce({ created, onFinish }: { readonly created: CreatedKey; onFinish(): void }) {
  const [gotIt, setGotIt] = useState(false);
  const { key, secret } = created;
  return (
    <main className="lk-main">
      <H1 className="lk-title">Copy your API key</H1>
      <Card className="lk-card">
        <Callout intent={Intent.WARNING} title="This is the only time the secret is shown" className="lk-callout">
          Store it somewhere safe now: after Finish no one can see it again, here or through the API. If you lose it,
          delete this key and create a new one.
        </Callout>
        <dl className="lk-facts">
          <dt>Friendly name</dt>
          <dd>{key.friendly_name || "—"}</dd>
          <dt>Type</dt>
          <dd>
            <KeyTypeTag type={key.type} /> <RegionTag region={key.region} />
          </dd>
        </dl>
        <FormGroup label="SID" labelFor="created-key-sid">
          <div className="lk-copy-row">
            <InputGroup id="created-key-sid" value={key.sid} readOnly className="lk-mono lk-grow" />
            <CopyButton value={key.sid} label="Copy SID" fallbackInputId="created-key-sid" />
          </div>
        </FormGroup>
        <FormGroup label="Secret" labelFor="created-key-secret">
          <div className="lk-copy-row">
            <InputGroup
              id="created-key-secret"
              value={secret}
              readOnly
              autoComplete="off"
              spellCheck={false}
              className="lk-mono lk-grow"
            />
            <CopyButton value={secret} label="Copy secret" fallbackInputId="created-key-secret" />
          </div>
        </FormGroup>
        <Checkbox
          checked={gotIt}
          onChange={(event) => setGotIt(event.currentTarget.checked)}
          label="Got it!"
          className="lk-got-it"
        />
        <p className="lk-muted">I have stored the secret somewhere safe.</p>
        <div className="lk-actions">
          <Button intent={Intent.PRIMARY} text="Finish" disabled={!gotIt} onClick={onFinish} />
        </div>
      </Card>
    </main>
  );
}
