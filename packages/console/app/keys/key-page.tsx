import { Button, H1, Intent, NonIdealState, Spinner, Tab, Tabs } from "@blueprintjs/core";
import { ArrowLeftIcon, DuplicateIcon, EditIcon, TrashIcon } from "@blueprintjs/icons";
import { useState } from "react";
import { ApiError } from "../api/api-error.js";
import type { ApiKey } from "../api/wire-types.js";
import { ConfirmDialog } from "../common/confirm-dialog.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";
import { formatDate } from "../common/format-date.js";
import { useLoad } from "../common/use-load.js";
import { Link, useRouter } from "../routing/router.js";
import { EditKeyName } from "./edit-key-name.js";
import { KeyPermissionsTab } from "./key-permissions-tab.js";
import { KeyTypeTag, RegionTag } from "./key-type-tag.js";

type KeyTab = "details" | "permissions";

/** One key: rename, its permissions (restricted), duplicate, delete. */
export function KeyPage({ sid }: { readonly sid: string }) {
  const { client, region, may } = useConsole();
  const { navigate } = useRouter();
  const loaded = useLoad(() => client.getKey(region, sid), [client, region, sid]);
  const [editingName, setEditingName] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [tab, setTab] = useState<KeyTab>("details");

  const back = (
    <Link to={{ name: "keys" }} className="lk-back">
      <ArrowLeftIcon /> API keys
    </Link>
  );

  if (loaded.data === undefined) {
    const missing = loaded.error instanceof ApiError && loaded.error.status === 404;
    return (
      <main className="lk-main">
        {back}
        {loaded.loading && <Spinner aria-label="Loading key" />}
        {missing ? (
          <NonIdealState
            title="No such key in this region"
            description={`There is no key ${sid} in region ${region}. It may have been deleted, or it lives in another region.`}
          />
        ) : (
          <ErrorCallout error={loaded.error} />
        )}
      </main>
    );
  }

  const key: ApiKey = loaded.data;
  const isRestricted = key.type === "restricted";
  const mayDuplicate = isRestricted && may("keys.duplicate") && may("keys.create.restricted");

  return (
    <main className="lk-main">
      {back}
      <div className="lk-key-heading">
        <H1 className="lk-title">{key.friendly_name || key.sid}</H1>
        <KeyTypeTag type={key.type} />
        <RegionTag region={key.region} />
      </div>
      {editingName ? (
        <EditKeyName
          apiKey={key}
          onSaved={(saved) => {
            loaded.set(saved);
            setEditingName(false);
          }}
          onCancel={() => setEditingName(false)}
        />
      ) : (
        <div className="lk-actions">
          {may(`keys.rename.${key.type}`) && (
            <Button icon={<EditIcon />} text="Edit name" onClick={() => setEditingName(true)} />
          )}
          {mayDuplicate && (
            <Button
              icon={<DuplicateIcon />}
              text="Duplicate this key"
              onClick={() =>
                navigate({
                  name: "new-key",
                  draft: { friendlyName: `${key.friendly_name || key.sid} (copy)`, permissions: key.permissions ?? [] },
                })
              }
            />
          )}
          {may(`keys.delete.${key.type}`) && (
            <Button
              icon={<TrashIcon />}
              intent={Intent.DANGER}
              variant="outlined"
              text="Delete this key"
              onClick={() => setDeleting(true)}
            />
          )}
        </div>
      )}
      <Tabs
        id="key-tabs"
        selectedTabId={tab}
        onChange={(next) => setTab(next === "permissions" ? "permissions" : "details")}
        renderActiveTabPanelOnly
      >
        <Tab
          id="details"
          title="Details"
          panel={
            <dl className="lk-facts">
              <dt>SID</dt>
              <dd className="lk-mono">{key.sid}</dd>
              <dt>Type</dt>
              <dd>
                <KeyTypeTag type={key.type} />
              </dd>
              <dt>Region</dt>
              <dd>{key.region}</dd>
              <dt>Date created</dt>
              <dd>{formatDate(key.date_created)}</dd>
              <dt>Date updated</dt>
              <dd>{formatDate(key.date_updated)}</dd>
            </dl>
          }
        />
        {isRestricted && (
          <Tab id="permissions" title="Permissions" panel={<KeyPermissionsTab apiKey={key} onSaved={loaded.set} />} />
        )}
      </Tabs>
      <ConfirmDialog
        isOpen={deleting}
        title="Delete API key"
        confirmLabel="Delete"
        intent={Intent.DANGER}
        onClose={() => setDeleting(false)}
        onConfirm={async () => {
          await client.deleteKey(region, key.sid);
          navigate({ name: "keys" }, { replace: true });
        }}
      >
        <p>
          Delete <strong>{key.friendly_name || key.sid}</strong> (<span className="lk-mono">{key.sid}</span>)?
        </p>
        <p>Every application using this key is refused from the moment you delete it. This cannot be undone.</p>
      </ConfirmDialog>
    </main>
  );
}
