import type { KeyType, SubaccountStatus } from "../api/wire-types.js";

/** The words Twilio's console uses for each key type. */
export const KEY_TYPE_LABELS: Readonly<Record<KeyType, string>> = {
  standard: "Standard",
  restricted: "Restricted",
  main: "Main",
};

export const STATUS_LABELS: Readonly<Record<SubaccountStatus, string>> = {
  active: "Active",
  suspended: "Suspended",
  closed: "Closed",
};

export const ROLE_LABELS: Readonly<Record<string, string>> = {
  owner: "Owner",
  administrator: "Administrator",
  developer: "Developer",
  "read-only": "Read-only",
};
