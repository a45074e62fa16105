import { Button, FormGroup, InputGroup, Intent } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import type { ApiKey } from "../api/wire-types.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";

export function EditKeyName({
  apiKey,
  onSaved,
  onCancel,
}: {
  readonly apiKey: ApiKey;
  onSaved(key: ApiKey): void;
  onCancel(): void;
}) {
  const { client, region } = useConsole();
  const [name, setName] = useState(apiKey.friendly_name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await client.updateKey(region, apiKey.sid, { friendly_name: name }));
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <form className="lk-inline-form" aria-label="Edit name" onSubmit={(event) => void submit(event)}>
      <FormGroup label="Friendly name" labelFor="edit-key-name" className="lk-grow">
        <InputGroup id="edit-key-name" value={name} onValueChange={setName} autoFocus autoComplete="off" />
      </FormGroup>
      <div className="lk-actions">
        <Button type="submit" intent={Intent.PRIMARY} text="Save" loading={busy} />
        <Button text="Cancel" onClick={onCancel} disabled={busy} />
      </div>
      <ErrorCallout error={error} />
    </form>
  );
}
