export * from "./access-token/index.js";
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
export {
  type DecisionInput,
  type GatewayKey,
  type LatchkeyAccessToken,
  type LatchkeyCredentialType,
  type LatchkeyDecision,
  type LatchkeyDecisionError,
  type LatchkeyDecisionReason,
  LatchkeyDecisions,
  type LatchkeyDecisionsOptions,
} from "./middleware/decision-client.js";
export { type ExpressNext, type ExpressRequestLike, latchkeyExpress } from "./middleware/express.js";
export { type FastifyReplyLike, type FastifyRequestLike, latchkeyFastify } from "./middleware/fastify.js";
export { createNodeHttpGuard, guardRequest, type NodeRequestLike } from "./middleware/node-http.js";
export type {
  HeadersLike,
  LatchkeyGuardOptions,
  LatchkeyPrincipal,
  NodeResponseLike,
  TwilioErrorBody,
  WithLatchkey,
} from "./middleware/shared.js";
export {
  type LatchkeyHttpClient,
  type LatchkeyHttpClientOptions,
  latchkeyHttpClient,
  type TwilioRequestOptions,
  type TwilioResponse,
} from "./twilio/latchkey-http-client.js";
