import { HTMLSelect } from "@blueprintjs/core";
import { useState } from "react";
import { messageOf } from "../api/api-error.js";
import { useConsole } from "../common/console-context.js";

/** The deployment's regions; the choice is saved on the server for this user (PUT /console/api/preferences). */
export function RegionSelector() {
  const { client, session, region, replaceSession, may } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const select = async (next: string) => {
    setBusy(true);
    setError(null);
    try {
      replaceSession(await client.selectRegion(next));
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="lk-region">
      <label htmlFor="region-select" className="lk-region-label">
        Region
      </label>
      <HTMLSelect
        id="region-select"
        value={region}
        disabled={busy || !may("regions.select")}
        onChange={(event) => void select(event.currentTarget.value)}
        options={session.regions.map((name) => ({ value: name, label: name }))}
      />
      {error !== null && (
        <span role="alert" className="lk-region-error">
          {error}
        </span>
      )}
    </div>
  );
}
