import type { RouteDefinition } from "../http/route.js";
import { createSecondaryAuthToken } from "./accounts-v1/auth-tokens/create-secondary-auth-token.js";
import { deleteSecondaryAuthToken } from "./accounts-v1/auth-tokens/delete-secondary-auth-token.js";
import { updateAuthTokenPromotion } from "./accounts-v1/auth-tokens/update-auth-token-promotion.js";
import { createAccount } from "./api-v2010/accounts/create-account.js";
import { deleteAccount } from "./api-v2010/accounts/delete-account.js";
import { fetchAccount } from "./api-v2010/accounts/fetch-account.js";
import { listAccount } from "./api-v2010/accounts/list-account.js";
import { updateAccount as updateAccountRoute } from "./api-v2010/accounts/update-account.js";
import { createNewKeyV2010 } from "./api-v2010/keys/create-new-key.js";
import { deleteKeyV2010 } from "./api-v2010/keys/delete-key.js";
import { fetchKeyV2010 } from "./api-v2010/keys/fetch-key.js";
import { KEYS, SIGNING_KEYS } from "./api-v2010/keys/key-resource.js";
import { listKeyV2010 } from "./api-v2010/keys/list-key.js";
import { updateKeyV2010 } from "./api-v2010/keys/update-key.js";
import { checkEnvoyRequest, checkRequest } from "./decisions/check-request.js";
import { createAuthorization } from "./decisions/create-authorization.js";
import { liveness, readiness } from "./health.js";
import { createNewKey } from "./iam-v1/keys/create-new-key.js";
import { deleteKey } from "./iam-v1/keys/delete-key.js";
import { fetchKey } from "./iam-v1/keys/fetch-key.js";
import { listGetKeys } from "./iam-v1/keys/list-get-keys.js";
import { updateKey } from "./iam-v1/keys/update-key.js";

/** Every route the server serves, in one list so the shared authorization suite can walk them all. */
export const ROUTES: readonly RouteDefinition[] = [
  liveness,
  readiness,
  createNewKey,
  listGetKeys,
  fetchKey,
  updateKey,
  deleteKey,
  ...[KEYS, SIGNING_KEYS].flatMap((resource) => [
    createNewKeyV2010(resource),
    listKeyV2010(resource),
    fetchKeyV2010(resource),
    updateKeyV2010(resource),
    deleteKeyV2010(resource),
  ]),
  createAccount,
  listAccount,
  fetchAccount,
  updateAccountRoute,
  deleteAccount,
  createSecondaryAuthToken,
  deleteSecondaryAuthToken,
  updateAuthTokenPromotion,
  createAuthorization,
  checkRequest,
  checkEnvoyRequest,
];
