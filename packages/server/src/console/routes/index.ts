import type { ConsoleRoute } from "../console-route.js";
import { createSecondaryToken } from "./auth-tokens-create-secondary.js";
import { deleteSecondaryToken } from "./auth-tokens-delete-secondary.js";
import { listAuthTokens } from "./auth-tokens-list.js";
import { promoteSecondaryToken } from "./auth-tokens-promote.js";
import { revealPrimaryAuthToken } from "./auth-tokens-reveal-primary.js";
import { createConsoleKey } from "./keys-create.js";
import { deleteConsoleKey } from "./keys-delete.js";
import { listConsoleKeys } from "./keys-list.js";
import { readConsoleKey } from "./keys-read.js";
import { updateConsoleKey } from "./keys-update.js";
import { updatePassword } from "./password-update.js";
import { listPermissions } from "./permissions-list.js";
import { updatePreferences } from "./preferences-update.js";
import { createSession } from "./session-create.js";
import { deleteSession } from "./session-delete.js";
import { readSession } from "./session-read.js";
import { createConsoleSubaccount } from "./subaccounts-create.js";
import { listSubaccounts } from "./subaccounts-list.js";
import { updateConsoleSubaccount } from "./subaccounts-update.js";

/** Every console API operation, in one list so tests can walk them all. */
export const CONSOLE_ROUTES: readonly ConsoleRoute[] = [
  createSession,
  readSession,
  deleteSession,
  updatePassword,
  updatePreferences,
  listConsoleKeys,
  createConsoleKey,
  readConsoleKey,
  updateConsoleKey,
  deleteConsoleKey,
  listPermissions,
  listAuthTokens,
  revealPrimaryAuthToken,
  createSecondaryToken,
  deleteSecondaryToken,
  promoteSecondaryToken,
  listSubaccounts,
  createConsoleSubaccount,
  updateConsoleSubaccount,
];
