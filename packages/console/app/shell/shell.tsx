import { Button, Tag } from "@blueprintjs/core";
import { LogOutIcon } from "@blueprintjs/icons";
import { useMemo } from "react";
import type { ConsoleClient } from "../api/console-client.js";
import type { Session } from "../api/wire-types.js";
import { ChangePasswordPage } from "../auth/change-password-page.js";
import { AuthTokensTab } from "../auth-tokens/auth-tokens-tab.js";
import { ConsoleContext, consoleContextFor } from "../common/console-context.js";
import { ROLE_LABELS } from "../common/labels.js";
import { ApiKeysTab } from "../keys/api-keys-tab.js";
import { CreateKeyPage } from "../keys/create-key-page.js";
import { KeyPage } from "../keys/key-page.js";
import { KeysAndTokensPage } from "../keys/keys-and-tokens-page.js";
import { Link, useRouter } from "../routing/router.js";
import { SubaccountsPage } from "../subaccounts/subaccounts-page.js";
import { RegionSelector } from "./region-selector.js";

export function Shell({
  client,
  session,
  onSession,
  onSignOut,
}: {
  readonly client: ConsoleClient;
  readonly session: Session;
  onSession(session: Session): void;
  onSignOut(): Promise<void>;
}) {
  const { route, navigate } = useRouter();
  const context = useMemo(() => consoleContextFor(client, session, onSession), [client, session, onSession]);
  const onKeysPage =
    route.name === "keys" || route.name === "auth-tokens" || route.name === "new-key" || route.name === "key";

  return (
    <ConsoleContext.Provider value={context}>
      <header className="lk-header bp6-dark">
        <div className="lk-header-row">
          <Link to={{ name: "keys" }} className="lk-brand">
            Latchkey
          </Link>
          <nav aria-label="Console" className="lk-nav">
            <Link
              to={{ name: "keys" }}
              className="lk-nav-link"
              {...(onKeysPage && { "aria-current": "page" as const })}
            >
              API keys &amp; auth tokens
            </Link>
            {context.may("subaccounts.list") && (
              <Link
                to={{ name: "subaccounts" }}
                className="lk-nav-link"
                {...(route.name === "subaccounts" && { "aria-current": "page" as const })}
              >
                Subaccounts
              </Link>
            )}
          </nav>
          <RegionSelector />
          <div className="lk-user">
            <span className="lk-user-email" title={session.user.account_friendly_name}>
              {session.user.email}
            </span>
            <Tag minimal>{ROLE_LABELS[session.user.role] ?? session.user.role}</Tag>
            <Link to={{ name: "password" }} className="lk-nav-link">
              Change password
            </Link>
            <Button variant="minimal" icon={<LogOutIcon />} text="Sign out" onClick={() => void onSignOut()} />
          </div>
        </div>
      </header>
      <div className="lk-page">
        {route.name === "keys" && (
          <KeysAndTokensPage tab="keys">
            <ApiKeysTab />
          </KeysAndTokensPage>
        )}
        {route.name === "auth-tokens" && (
          <KeysAndTokensPage tab="auth-tokens">
            <AuthTokensTab key={context.region} />
          </KeysAndTokensPage>
        )}
        {route.name === "new-key" && <CreateKeyPage draft={route.draft} key={JSON.stringify(route.draft ?? null)} />}
        {route.name === "key" && <KeyPage sid={route.sid} key={`${route.sid}@${context.region}`} />}
        {route.name === "subaccounts" && <SubaccountsPage key={context.region} />}
        {route.name === "password" && (
          <ChangePasswordPage
            client={client}
            forced={false}
            onChanged={(next) => {
              onSession(next);
              navigate({ name: "keys" });
            }}
            onCancel={() => navigate({ name: "keys" })}
            onSignOut={() => void onSignOut()}
          />
        )}
      </div>
    </ConsoleContext.Provider>
  );
}
