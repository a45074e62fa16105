import { Button, Dialog, DialogBody, DialogFooter, FormGroup, InputGroup, Intent } from "@blueprintjs/core";
import { type FormEvent, useState } from "react";
import { ErrorCallout } from "./error-callout.js";

/** A dialog asking for one friendly name; a rejection keeps it open with the API's message. */
export function NameDialog({
  title,
  initialName,
  confirmLabel,
  onSubmit,
  onClose,
}: {
  readonly title: string;
  readonly initialName: string;
  readonly confirmLabel: string;
  onSubmit(name: string): Promise<void>;
  onClose(): void;
}) {
  const [name, setName] = useState(initialName);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSubmit(name);
      onClose();
    } catch (failure) {
      setError(failure);
      setBusy(false);
    }
  };

  return (
    <Dialog isOpen onClose={() => busy || onClose()} title={title} className="lk-dialog">
      <form onSubmit={(event) => void submit(event)} aria-label={title}>
        <DialogBody>
          <FormGroup label="Friendly name" labelFor="dialog-friendly-name">
            <InputGroup id="dialog-friendly-name" value={name} onValueChange={setName} autoFocus autoComplete="off" />
          </FormGroup>
          <ErrorCallout error={error} />
        </DialogBody>
        <DialogFooter
          actions={
            <>
              <Button text="Cancel" onClick={onClose} disabled={busy} />
              <Button type="submit" intent={Intent.PRIMARY} text={confirmLabel} loading={busy} />
            </>
          }
        />
      </form>
    </Dialog>
  );
}
