import { Button, Callout, Intent, Spinner } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import type { ApiKey } from "../api/wire-types.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";
import { useLoad } from "../common/use-load.js";
import { PermissionsPicker } from "./permissions-picker.js";

/** A restricted key's permissions. Save replaces the whole list, exactly as the API does. */
export function KeyPermissionsTab({ apiKey, onSaved }: { readonly apiKey: ApiKey; onSaved(key: ApiKey): void }) {
  const { client, region, may } = useConsole();
  const catalog = useLoad(() => client.permissionCatalog(region), [client, region]);
  const [selected, setSelected] = useState<readonly string[]>(apiKey.permissions ?? []);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [saved, setSaved] = useState(false);
  const mayEdit = may("keys.edit_permissions");

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(false);
    try {
      const key = await client.updateKey(region, apiKey.sid, { permissions: selected });
      setSelected(key.permissions ?? []);
      onSaved(key);
      setSaved(true);
    } catch (failure) {
      setError(failure);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form aria-label="Permissions" onSubmit={(event) => void submit(event)} className="lk-section">
      <ErrorCallout error={catalog.error} />
      {catalog.loading && <Spinner aria-label="Loading permissions" size={30} />}
      {catalog.data !== undefined && (
        <PermissionsPicker
          catalog={catalog.data}
          selected={selected}
          onChange={(next) => {
            setSaved(false);
            setSelected(next);
          }}
          disabled={!mayEdit || busy}
        />
      )}
      <ErrorCallout error={error} />
      {saved && (
        <Callout intent={Intent.SUCCESS} role="status" className="lk-callout">
          Permissions saved. The key now has exactly the {selected.length} selected.
        </Callout>
      )}
      {mayEdit && (
        <div className="lk-actions">
          <Button
            type="submit"
            intent={Intent.PRIMARY}
            text="Save"
            loading={busy}
            disabled={catalog.data === undefined}
          />
        </div>
      )}
    </form>
  );
}
