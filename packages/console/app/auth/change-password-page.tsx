import { Button, Card, FormGroup, H1, InputGroup, Intent } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import type { ConsoleClient } from "../api/console-client.js";
import type { Session } from "../api/wire-types.js";
import { ErrorCallout } from "../common/error-callout.js";

/**
 * Change password: forced after a one-time password (`forced`), or chosen from the header. The server
 * decides what a good password is; this form only checks that the two new entries match.
 */
export function ChangePasswordPage({
  client,
  forced,
  onChanged,
  onCancel,
  onSignOut,
}: {
  readonly client: ConsoleClient;
  readonly forced: boolean;
  onChanged(session: Session): void;
  onCancel?: () => void;
  onSignOut(): void;
}) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [mismatch, setMismatch] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (next !== repeat) {
      setMismatch(true);
      return;
    }
    setMismatch(false);
    setBusy(true);
    setError(undefined);
    try {
      const session = await client.changePassword(current, next);
      onChanged(session);
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <main className="lk-auth">
      <Card className="lk-auth-card" elevation={1}>
        <H1 className="lk-auth-title">Change password</H1>
        {forced && <p>You signed in with a one-time password. Choose your own password to start using the console.</p>}
        <form onSubmit={(event) => void submit(event)} aria-label="Change password">
          <FormGroup label={forced ? "One-time password" : "Current password"} labelFor="current-password">
            <InputGroup
              id="current-password"
              type="password"
              autoComplete="current-password"
              required
              autoFocus
              value={current}
              onValueChange={setCurrent}
            />
          </FormGroup>
          <FormGroup label="New password" labelFor="new-password">
            <InputGroup
              id="new-password"
              type="password"
              autoComplete="new-password"
              required
              value={next}
              onValueChange={setNext}
            />
          </FormGroup>
          <FormGroup
            label="Confirm new password"
            labelFor="repeat-password"
            intent={mismatch ? Intent.DANGER : Intent.NONE}
            helperText={mismatch ? "The two new passwords are not the same." : undefined}
          >
            <InputGroup
              id="repeat-password"
              type="password"
              autoComplete="new-password"
              required
              value={repeat}
              onValueChange={setRepeat}
              intent={mismatch ? Intent.DANGER : Intent.NONE}
            />
          </FormGroup>
          <ErrorCallout error={error} />
          <div className="lk-actions">
            <Button type="submit" intent={Intent.PRIMARY} text="Change password" loading={busy} />
            {onCancel !== undefined && <Button text="Cancel" onClick={onCancel} disabled={busy} />}
            {forced && <Button variant="minimal" text="Sign out" onClick={onSignOut} disabled={busy} />}
          </div>
        </form>
      </Card>
    </main>
  );
}
