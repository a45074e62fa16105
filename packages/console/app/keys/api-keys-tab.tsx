import { Button, HTMLSelect, HTMLTable, InputGroup, Intent, NonIdealState, Spinner } from "@blueprintjs/core";
import { KeyIcon, PlusIcon, SearchIcon } from "@blueprintjs/icons";
import { useState } from "react";
import { KEY_TYPES, type KeyType } from "../api/wire-types.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";
import { formatDate } from "../common/format-date.js";
import { KeysetPager, useKeysetPages } from "../common/keyset-pager.js";
import { KEY_TYPE_LABELS } from "../common/labels.js";
import { useDebounced } from "../common/use-debounced.js";
import { useLoad } from "../common/use-load.js";
import { Link, useRouter } from "../routing/router.js";
import { KeyTypeTag, RegionTag } from "./key-type-tag.js";

const PAGE_SIZE = 50;

/** The region's keys: searched and filtered by the server, paged by keyset token. */
export function ApiKeysTab() {
  const { client, region, may } = useConsole();
  const { navigate } = useRouter();
  const [searchText, setSearchText] = useState("");
  const [type, setType] = useState<KeyType | null>(null);
  const search = useDebounced(searchText.trim(), 300);
  // A new question (search, type, region) starts again from its first page.
  const pages = useKeysetPages(JSON.stringify([region, search, type]));

  const page = useLoad(
    () => client.listKeys(region, { search, type, pageToken: pages.pageToken, pageSize: PAGE_SIZE }),
    [client, region, search, type, pages.pageToken],
  );
  const mayCreate = KEY_TYPES.some((keyType) => may(`keys.create.${keyType}`));
  const keys = page.data?.keys ?? [];
  const filtered = search !== "" || type !== null;

  return (
    <section aria-label="API keys" className="lk-section">
      <div className="lk-toolbar">
        <InputGroup
          type="search"
          aria-label="Search by name or SID"
          placeholder="Search by name or SID"
          leftIcon={<SearchIcon />}
          value={searchText}
          onValueChange={setSearchText}
          className="lk-search"
        />
        <div className="lk-inline-label">
          <label htmlFor="key-type-filter">Type</label>
          <HTMLSelect
            id="key-type-filter"
            value={type ?? ""}
            onChange={(event) => setType(keyTypeOrNull(event.currentTarget.value))}
            options={[
              { value: "", label: "All types" },
              ...KEY_TYPES.map((keyType) => ({ value: keyType, label: KEY_TYPE_LABELS[keyType] })),
            ]}
          />
        </div>
        <span className="lk-spacer" />
        {mayCreate && (
          <Button
            intent={Intent.PRIMARY}
            icon={<PlusIcon />}
            text="Create API key"
            onClick={() => navigate({ name: "new-key" })}
          />
        )}
      </div>
      <ErrorCallout error={page.error} />
      {page.loading && page.data === undefined && <Spinner aria-label="Loading keys" size={30} />}
      {page.data !== undefined && keys.length === 0 && (
        <NonIdealState
          icon={<KeyIcon size={48} />}
          title={filtered ? "No keys match" : `No API keys in ${region} yet`}
          description={
            filtered
              ? "No key in this region has that name or SID, or that type."
              : "API keys let your applications call Twilio-compatible APIs in this region."
          }
        />
      )}
      {keys.length > 0 && (
        <div className="lk-table-wrap">
          <HTMLTable className="lk-table" striped aria-label={`API keys in ${region}`} aria-busy={page.loading}>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">SID</th>
                <th scope="col">Type</th>
                <th scope="col">Date created</th>
                <th scope="col">Region</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr key={key.sid}>
                  <td data-label="Name">
                    <Link to={{ name: "key", sid: key.sid }}>{key.friendly_name || key.sid}</Link>
                  </td>
                  <td data-label="SID" className="lk-mono">
                    {key.sid}
                  </td>
                  <td data-label="Type">
                    <KeyTypeTag type={key.type} />
                  </td>
                  <td data-label="Date created">{formatDate(key.date_created)}</td>
                  <td data-label="Region">
                    <RegionTag region={key.region} />
                  </td>
                </tr>
              ))}
            </tbody>
          </HTMLTable>
        </div>
      )}
      <KeysetPager
        pageNumber={pages.pageNumber}
        nextPageToken={page.data?.next_page_token ?? null}
        onPrevious={pages.previous}
        onNext={pages.next}
        disabled={page.loading}
      />
    </section>
  );
}

function keyTypeOrNull(value: string): KeyType | null {
  return KEY_TYPES.find((keyType) => keyType === value) ?? null;
}
