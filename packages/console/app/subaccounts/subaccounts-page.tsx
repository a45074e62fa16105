import { Button, H1, HTMLTable, Intent, NonIdealState, Spinner, Tag } from "@blueprintjs/core";
import { PeopleIcon, PlusIcon } from "@blueprintjs/icons";
import { useState } from "react";
import type { Subaccount, SubaccountStatus } from "../api/wire-types.js";
import { ConfirmDialog } from "../common/confirm-dialog.js";
import { useConsole } from "../common/console-context.js";
import { ErrorCallout } from "../common/error-callout.js";
import { formatDate } from "../common/format-date.js";
import { KeysetPager, useKeysetPages } from "../common/keyset-pager.js";
import { STATUS_LABELS } from "../common/labels.js";
import { NameDialog } from "../common/name-dialog.js";
import { useLoad } from "../common/use-load.js";

type Pending =
  | { readonly kind: "create" }
  | { readonly kind: "rename"; readonly account: Subaccount }
  | { readonly kind: "status"; readonly account: Subaccount; readonly status: SubaccountStatus }
  | null;

const STATUS_INTENTS: Readonly<Record<SubaccountStatus, Intent>> = {
  active: Intent.SUCCESS,
  suspended: Intent.WARNING,
  closed: Intent.NONE,
};

/** Subaccounts of the signed-in user's account: list, create, rename, suspend, reactivate, close. */
export function SubaccountsPage() {
  const { client, region, may } = useConsole();
  const pages = useKeysetPages(region);
  const page = useLoad(() => client.listSubaccounts(region, pages.pageToken), [client, region, pages.pageToken]);
  const [pending, setPending] = useState<Pending>(null);
  const accounts = page.data?.subaccounts ?? [];

  const replace = (updated: Subaccount) => {
    if (page.data === undefined) return;
    page.set({
      ...page.data,
      subaccounts: page.data.subaccounts.map((account) => (account.sid === updated.sid ? updated : account)),
    });
  };

  return (
    <main className="lk-main">
      <div className="lk-toolbar">
        <H1 className="lk-title">Subaccounts</H1>
        <span className="lk-spacer" />
        {may("subaccounts.create") && (
          <Button
            intent={Intent.PRIMARY}
            icon={<PlusIcon />}
            text="Create subaccount"
            onClick={() => setPending({ kind: "create" })}
          />
        )}
      </div>
      <ErrorCallout error={page.error} />
      {page.loading && page.data === undefined && <Spinner aria-label="Loading subaccounts" size={30} />}
      {page.data !== undefined && accounts.length === 0 && (
        <NonIdealState
          icon={<PeopleIcon size={48} />}
          title="No subaccounts yet"
          description="Subaccounts keep the keys and usage of each customer or project apart."
        />
      )}
      {accounts.length > 0 && (
        <div className="lk-table-wrap">
          <HTMLTable className="lk-table" striped aria-label="Subaccounts">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">SID</th>
                <th scope="col">Status</th>
                <th scope="col">Date created</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {accounts.map((account) => {
                const name = account.friendly_name || account.sid;
                return (
                  <tr key={account.sid}>
                    <td data-label="Name">{name}</td>
                    <td data-label="SID" className="lk-mono">
                      {account.sid}
                    </td>
                    <td data-label="Status">
                      <Tag minimal intent={STATUS_INTENTS[account.status]}>
                        {STATUS_LABELS[account.status]}
                      </Tag>
                    </td>
                    <td data-label="Date created">{formatDate(account.date_created)}</td>
                    <td data-label="Actions">
                      <div className="lk-row-actions">
                        {account.status !== "closed" && may("subaccounts.rename") && (
                          <Button
                            size="small"
                            text="Rename"
                            aria-label={`Rename ${name}`}
                            onClick={() => setPending({ kind: "rename", account })}
                          />
                        )}
                        {account.status === "active" && may("subaccounts.suspend") && (
                          <Button
                            size="small"
                            text="Suspend"
                            aria-label={`Suspend ${name}`}
                            onClick={() => setPending({ kind: "status", account, status: "suspended" })}
                          />
                        )}
                        {account.status === "suspended" && may("subaccounts.reactivate") && (
                          <Button
                            size="small"
                            text="Reactivate"
                            aria-label={`Reactivate ${name}`}
                            onClick={() => setPending({ kind: "status", account, status: "active" })}
                          />
                        )}
                        {account.status !== "closed" && may("subaccounts.close") && (
                          <Button
                            size="small"
                            intent={Intent.DANGER}
                            variant="outlined"
                            text="Close"
                            aria-label={`Close ${name}`}
                            onClick={() => setPending({ kind: "status", account, status: "closed" })}
                          />
                        )}
                      </div>
                    </td>
                  </tr>
                );
              })}
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
      {pending?.kind === "create" && (
        <NameDialog
          title="Create subaccount"
          initialName=""
          confirmLabel="Create"
          onClose={() => setPending(null)}
          onSubmit={async (name) => {
            await client.createSubaccount(region, name);
            page.reload();
          }}
        />
      )}
      {pending?.kind === "rename" && (
        <NameDialog
          title="Rename subaccount"
          initialName={pending.account.friendly_name}
          confirmLabel="Save"
          onClose={() => setPending(null)}
          onSubmit={async (name) =>
            replace(await client.updateSubaccount(region, pending.account.sid, { friendly_name: name }))
          }
        />
      )}
      {pending?.kind === "status" && (
        <ConfirmDialog
          isOpen
          {...statusDialog(pending.status, pending.account.friendly_name || pending.account.sid)}
          onClose={() => setPending(null)}
          onConfirm={async () =>
            replace(await client.updateSubaccount(region, pending.account.sid, { status: pending.status }))
          }
        />
      )}
    </main>
  );
}

function statusDialog(status: SubaccountStatus, name: string) {
  switch (status) {
    case "suspended":
      return {
        title: "Suspend subaccount",
        confirmLabel: "Suspend",
        intent: Intent.WARNING,
        children: <p>Suspend {name}? Its keys and auth tokens are refused until you reactivate it.</p>,
      };
    case "active":
      return {
        title: "Reactivate subaccount",
        confirmLabel: "Reactivate",
        intent: Intent.PRIMARY,
        children: <p>Reactivate {name}? Its keys and auth tokens work again.</p>,
      };
    case "closed":
      return {
        title: "Close subaccount",
        confirmLabel: "Close subaccount",
        intent: Intent.DANGER,
        children: (
          <p>
            Close {name}? <strong>Closing is final:</strong> a closed subaccount cannot be reactivated, and its keys and
            auth tokens stop working for good.
          </p>
        ),
      };
  }
}
