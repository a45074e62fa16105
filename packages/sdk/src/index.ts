export {
  ACCOUNT_STATUSES,
  type Account,
  type AccountJson,
  type AccountStatus,
  type AccountType,
  accountFromJson,
  accountToJson,
} from "./account.js";
export type {
  AccountsResource,
  CreateAccountOptions,
  ListAccountsOptions,
  UpdateAccountOptions,
} from "./accounts.js";
export { LatchkeyClient, type LatchkeyClientOptions } from "./client.js";
export { LatchkeyApiError, type LatchkeyApiErrorInit, LatchkeyConnectionError, LatchkeyError } from "./errors.js";
