import { Button, Callout, Card, FormGroup, H1, InputGroup, Intent } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import type { ConsoleClient } from "../api/console-client.js";
import type { Session } from "../api/wire-types.js";
import { ErrorCallout } from "../common/error-callout.js";

export function SignInPage({
  client,
  notice,
  onSignedIn,
}: {
  readonly client: ConsoleClient;
  readonly notice: string | undefined;
  onSignedIn(session: Session): void;
}) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const session = await client.signIn(email, password);
      // SECURITY: the password leaves component state as soon as it has been used.
      setPassword("");
      onSignedIn(session);
    } catch (failure) {
      setPassword("");
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main className="lk-auth">
      <Card className="lk-auth-card" elevation={1}>
        <H1 className="lk-auth-title">Sign in to Latchkey</H1>
        {notice !== undefined && error === undefined && (
          <Callout intent={Intent.PRIMARY} role="status" className="lk-callout">
            {notice}
          </Callout>
        )}
        <form onSubmit={(event) => void submit(event)} aria-label="Sign in">
          <FormGroup label="Email" labelFor="sign-in-email">
            <InputGroup
              id="sign-in-email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onValueChange={setEmail}
            />
          </FormGroup>
          <FormGroup label="Password" labelFor="sign-in-password">
            <InputGroup
              id="sign-in-password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onValueChange={setPassword}
            />
          </FormGroup>
          <ErrorCallout error={error} />
          <Button type="submit" intent={Intent.PRIMARY} text="Sign in" loading={busy} fill />
        </form>
      </Card>
    </main>
  );
}
