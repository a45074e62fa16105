export {
  ACCESS_TOKEN_ALGORITHMS,
  AccessToken,
  type AccessTokenAlgorithm,
  type AccessTokenOptions,
  MAX_ACCESS_TOKEN_TTL_SECONDS,
} from "./access-token.js";
export {
  type AccessTokenGrant,
  ChatGrant,
  type ChatGrantOptions,
  type GrantPayload,
  PlaybackGrant,
  type PlaybackGrantOptions,
  SyncGrant,
  type SyncGrantOptions,
  TaskRouterGrant,
  type TaskRouterGrantOptions,
  VideoGrant,
  type VideoGrantOptions,
  VoiceGrant,
  type VoiceGrantOptions,
} from "./grants.js";
