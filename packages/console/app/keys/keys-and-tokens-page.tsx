import { H1, Tab, Tabs } from "@blueprintjs/core";
import type { ReactNode } from "react";
import { useRouter } from "../routing/router.js";

type KeysTab = "keys" | "auth-tokens";

/** "API keys & auth tokens": one heading, two tabs, each tab its own path so reload and back work. */
export function KeysAndTokensPage({ tab, children }: { readonly tab: KeysTab; readonly children: ReactNode }) {
  const { navigate } = useRouter();
  return (
    <main className="lk-main">
      <H1 className="lk-title">API keys &amp; auth tokens</H1>
      <Tabs
        id="keys-and-tokens"
        selectedTabId={tab}
        onChange={(next) => navigate({ name: next === "auth-tokens" ? "auth-tokens" : "keys" })}
        renderActiveTabPanelOnly
        size="large"
      >
        <Tab id="keys" title="API keys" panel={tab === "keys" ? <div>{children}</div> : <div />} />
        <Tab id="auth-tokens" title="Auth tokens" panel={tab === "auth-tokens" ? <div>{children}</div> : <div />} />
      </Tabs>
    </main>
  );
}
