import { Button, Dialog, DialogBody, DialogFooter, type Intent } from "@blueprintjs/core";
import { type ReactNode, useState } from "react";
import { ErrorCallout } from "./error-callout.js";

export interface ConfirmDialogProps {
  readonly isOpen: boolean;
  readonly title: string;
  readonly children: ReactNode;
  /** The confirming button's label, e.g. "Delete". */
  readonly confirmLabel: string;
  readonly intent: Intent;
  /** Does the thing; a rejection keeps the dialog open and shows the API's message in it. */
  onConfirm(): Promise<void>;
  onClose(): void;
}

/** Every irreversible or security-relevant console action goes through one of these. */
export function ConfirmDialog({
  isOpen,
  title,
  children,
  confirmLabel,
  intent,
  onConfirm,
  onClose,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const close = () => {
    if (busy) return;
    setError(undefined);
    onClose();
  };

  const confirm = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      setBusy(false);
      onClose();
    } catch (failure) {
      setBusy(false);
      setError(failure);
    }
  };

  return (
    <Dialog isOpen={isOpen} onClose={close} title={title} className="lk-dialog">
      <DialogBody>
        {children}
        <ErrorCallout error={error} />
      </DialogBody>
      <DialogFooter
        actions={
          <>
            <Button text="Cancel" onClick={close} disabled={busy} />
            <Button text={confirmLabel} intent={intent} loading={busy} onClick={() => void confirm()} />
          </>
        }
      />
    </Dialog>
  );
}
