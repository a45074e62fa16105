import { Button, NonIdealState, Spinner } from "@blueprintjs/core";
import { useEffect, useMemo, useState } from "react";
import { createConsoleClient } from "./api/console-client.js";
import type { Session } from "./api/wire-types.js";
import { ChangePasswordPage } from "./auth/change-password-page.js";
import { SignInPage } from "./auth/sign-in-page.js";
import { ErrorCallout } from "./common/error-callout.js";
import { RouterProvider } from "./routing/router.js";
import { Shell } from "./shell/shell.js";

type AppState =
  | { readonly kind: "loading" }
  | { readonly kind: "unreachable"; readonly error: unknown }
  /** `notice`: why the person sees the sign-in page again (their session ended while they worked). */
  | { readonly kind: "signed-out"; readonly notice?: string }
  | { readonly kind: "signed-in"; readonly session: Session };

/** Who is signed in decides which of three worlds shows: sign-in, the forced password change, or the console. */
export function App() {
  const [state, setState] = useState<AppState>({ kind: "loading" });
  const [attempt, setAttempt] = useState(0);
  const client = useMemo(
    () =>
      createConsoleClient(() =>
        setState({ kind: "signed-out", notice: "Your session ended. Sign in again to go on." }),
      ),
    [],
  );

  useEffect(() => {
    void attempt;
    client.getSession().then(
      (session) => setState(session === null ? { kind: "signed-out" } : { kind: "signed-in", session }),
      (error: unknown) => setState({ kind: "unreachable", error }),
    );
  }, [client, attempt]);

  const signOut = async () => {
    try {
      await client.signOut();
    } finally {
      setState({ kind: "signed-out" });
    }
  };

  switch (state.kind) {
    case "loading":
      return (
        <main className="lk-centered">
          <Spinner aria-label="Loading" />
        </main>
      );
    case "unreachable":
      return (
        <main className="lk-centered">
          <NonIdealState
            title="The console cannot start"
            description={<ErrorCallout error={state.error} />}
            action={<Button text="Try again" onClick={() => setAttempt((value) => value + 1)} />}
          />
        </main>
      );
    case "signed-out":
      return (
        <SignInPage
          client={client}
          notice={state.notice}
          onSignedIn={(session) => setState({ kind: "signed-in", session })}
        />
      );
    case "signed-in":
      if (state.session.must_change_password) {
        return (
          <ChangePasswordPage
            client={client}
            forced
            onChanged={(session) => setState({ kind: "signed-in", session })}
            onSignOut={() => void signOut()}
          />
        );
      }
      return (
        <RouterProvider>
          <Shell
            client={client}
            session={state.session}
            onSession={(session) => setState({ kind: "signed-in", session })}
            onSignOut={signOut}
          />
        </RouterProvider>
      );
  }
}
