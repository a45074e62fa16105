import { Button } from "@blueprintjs/core";
import { DuplicateIcon, TickIcon } from "@blueprintjs/icons";
import { useState } from "react";

/**
 * Copies `value` to the clipboard. Where the Clipboard API is unavailable (plain http on a non-loopback
 * host), the text of the field named `fallbackInputId` is selected so the person can copy it by hand.
 */
export function CopyButton({
  value,
  label,
  fallbackInputId,
}: {
  readonly value: string;
  readonly label: string;
  readonly fallbackInputId: string;
}) {
  const [state, setState] = useState<"idle" | "copied" | "select">("idle");

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      const input = document.getElementById(fallbackInputId);
      if (input instanceof HTMLInputElement) {
        input.focus();
        input.select();
      }
      setState("select");
    }
  };

  const text = state === "copied" ? "Copied" : state === "select" ? "Press Ctrl+C to copy" : "Copy";
  return (
    <Button
      aria-label={label}
      icon={state === "copied" ? <TickIcon /> : <DuplicateIcon />}
      text={text}
      onClick={() => void copy()}
    />
  );
}
