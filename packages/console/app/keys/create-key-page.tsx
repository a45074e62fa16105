import { Button, Callout, Card, FormGroup, H1, InputGroup, Intent, Radio, Spinner } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import { type CreatedKey, KEY_TYPES, type KeyType } from "../api/wire-types.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";
import { KEY_TYPE_LABELS } from "../common/labels.js";
import { useLoad } from "../common/use-load.js";
import { useRouter } from "../routing/router.js";
import type { KeyDraft } from "../routing/routes.js";
import { PermissionsPicker } from "./permissions-picker.js";
import { ShowSecretOnce } from "./show-secret-once.js";

const TYPE_HINTS: Readonly<Record<KeyType, string>> = {
  standard: "Calls every API except the ones that manage keys and accounts.",
  restricted: "Calls only the endpoints its permissions open.",
  main: "Full access to the account, key management included. Treat it like the Auth Token.",
};

/** Create API key: the form, then the secret shown once. `draft` comes from Duplicate this key. */
export function CreateKeyPage({ draft }: { readonly draft: KeyDraft | undefined }) {
  const { client, region, may } = useConsole();
  const { navigate } = useRouter();
  const allowedTypes = KEY_TYPES.filter((type) => may(`keys.create.${type}`));
  const [friendlyName, setFriendlyName] = useState(draft?.friendlyName ?? "");
  const [type, setType] = useState<KeyType>(
    draft !== undefined
      ? "restricted"
      : (allowedTypes.find((item) => item === "standard") ?? allowedTypes[0] ?? "standard"),
  );
  const [permissions, setPermissions] = useState<readonly string[]>(draft?.permissions ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  // SECURITY: the new key's secret exists only here, in component state, until Finish (or leaving the page)
  // drops it. It is never written to a URL, history state or browser storage.
  const [created, setCreated] = useState<CreatedKey | null>(null);

  const catalog = useLoad(
    () => (type === "restricted" ? client.permissionCatalog(region) : Promise.resolve(undefined)),
    [client, region, type === "restricted"],
  );

  if (created !== null) {
    return (
      <ShowSecretOnce
        created={created}
        onFinish={() => {
          setCreated(null);
          navigate({ name: "keys" }, { replace: true });
        }}
      />
    );
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const answer = await client.createKey(region, {
        friendly_name: friendlyName,
        type,
        ...(type === "restricted" && { permissions }),
      });
      setCreated(answer);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  if (allowedTypes.length === 0) {
    return (
      <main className="lk-main">
        <H1 className="lk-title">Create API key</H1>
        <Callout intent={Intent.WARNING} className="lk-callout">
          Your role may not create API keys.
        </Callout>
      </main>
    );
  }

  return (
    <main className="lk-main">
      <H1 className="lk-title">Create API key</H1>
      <p className="lk-muted">
        The key works in region <strong>{region}</strong> only.
      </p>
      <Card className="lk-card">
        <form onSubmit={(event) => void submit(event)} aria-label="Create API key">
          <FormGroup label="Friendly name" labelFor="key-friendly-name">
            <InputGroup
              id="key-friendly-name"
              value={friendlyName}
              onValueChange={setFriendlyName}
              autoComplete="off"
              autoFocus
            />
          </FormGroup>
          <fieldset className="lk-fieldset">
            <legend className="lk-legend">Key type</legend>
            {allowedTypes.map((item) => (
              <div key={item} className="lk-radio-row">
                <Radio
                  name="key-type"
                  value={item}
                  label={KEY_TYPE_LABELS[item]}
                  checked={type === item}
                  onChange={() => setType(item)}
                  aria-describedby={`key-type-hint-${item}`}
                />
                <span id={`key-type-hint-${item}`} className="lk-muted lk-radio-hint">
                  {TYPE_HINTS[item]}
                </span>
              </div>
            ))}
          </fieldset>
          {type === "restricted" && (
            <>
              <ErrorCallout error={catalog.error} />
              {catalog.loading && <Spinner aria-label="Loading permissions" size={30} />}
              {catalog.data !== undefined && (
                <PermissionsPicker catalog={catalog.data} selected={permissions} onChange={setPermissions} />
              )}
            </>
          )}
          <ErrorCallout error={error} />
          <div className="lk-actions">
            <Button type="submit" intent={Intent.PRIMARY} text="Next" loading={busy} />
            <Button text="Cancel" disabled={busy} onClick={() => navigate({ name: "keys" })} />
          </div>
        </form>
      </Card>
    </main>
  );
}
