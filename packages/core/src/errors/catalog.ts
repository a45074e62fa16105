/**
 * Every error the service can answer with, in Twilio's terms. A new code does not compile until it has
 * an HTTP status, a Twilio code and a default message.
 */
export type ErrorCode =
  | "AUTHENTICATION_FAILED"
  | "PERMISSION_DENIED"
  | "ACCESS_TOKEN_INVALID"
  | "ACCESS_TOKEN_HEADER_INVALID"
  | "ACCESS_TOKEN_ISSUER_INVALID"
  | "ACCESS_TOKEN_EXPIRED"
  | "ACCESS_DENIED"
  | "ACCOUNT_NOT_ACTIVE"
  | "NOT_FOUND"
  | "REGION_NOT_SERVED"
  | "METHOD_NOT_ALLOWED"
  | "MISSING_PARAMETER"
  | "INVALID_PARAMETER"
  | "INVALID_FRIENDLY_NAME"
  | "CONSTRAINT_VIOLATION"
  | "CONSOLE_USER_EXISTS"
  | "CURRENT_PASSWORD_WRONG"
  | "INVALID_POLICY"
  | "INVALID_PAGE_TOKEN"
  | "SUBACCOUNT_NESTING"
  | "SUBACCOUNT_LIMIT"
  | "PAYLOAD_TOO_LARGE"
  | "HEADERS_TOO_LARGE"
  | "REQUEST_TIMEOUT"
  | "UNSUPPORTED_MEDIA_TYPE"
  | "TOO_MANY_REQUESTS"
  | "INTERNAL"
  | "SERVICE_UNAVAILABLE"
  | "STORE_UNAVAILABLE";

export interface ErrorSpec {
  readonly status: number;
  readonly twilioCode: number;
  readonly message: string;
}

export const ERROR_CATALOG: Readonly<Record<ErrorCode, ErrorSpec>> = {
  AUTHENTICATION_FAILED: { status: 401, twilioCode: 20003, message: "Authenticate" },
  PERMISSION_DENIED: { status: 403, twilioCode: 70051, message: "Authorization Failed" },
  ACCESS_TOKEN_INVALID: { status: 401, twilioCode: 20101, message: "Invalid Access Token" },
  ACCESS_TOKEN_HEADER_INVALID: { status: 401, twilioCode: 20102, message: "Invalid Access Token header" },
  ACCESS_TOKEN_ISSUER_INVALID: { status: 401, twilioCode: 20103, message: "Invalid Access Token issuer/subject" },
  ACCESS_TOKEN_EXPIRED: {
    status: 401,
    twilioCode: 20104,
    message: "Access Token expired or expiration date invalid",
  },
  ACCESS_DENIED: { status: 403, twilioCode: 20006, message: "Access Denied" },
  ACCOUNT_NOT_ACTIVE: { status: 403, twilioCode: 20005, message: "Account not active" },
  NOT_FOUND: { status: 404, twilioCode: 20404, message: "The requested resource was not found" },
  // A host naming a region the deployment does not serve: Twilio's 404, with a message naming the region.
  REGION_NOT_SERVED: { status: 404, twilioCode: 20404, message: "The region is not served by this deployment" },
  METHOD_NOT_ALLOWED: { status: 405, twilioCode: 20004, message: "Method not allowed" },
  MISSING_PARAMETER: { status: 400, twilioCode: 20001, message: "Missing required parameter" },
  INVALID_PARAMETER: { status: 400, twilioCode: 20001, message: "Invalid parameter" },
  INVALID_FRIENDLY_NAME: {
    status: 400,
    twilioCode: 20002,
    message: "Invalid FriendlyName: it must be at most 64 characters",
  },
  CONSTRAINT_VIOLATION: {
    status: 400,
    twilioCode: 70001,
    message: "The request has constraint violations",
  },
  // Twilio has no code for a duplicate person; 20001 is its generic invalid-parameter code, with 409.
  CONSOLE_USER_EXISTS: { status: 409, twilioCode: 20001, message: "A console user with this email already exists" },
  // Its own code so the console counts it as a failed password check (throttling), as sign-in does.
  CURRENT_PASSWORD_WRONG: { status: 400, twilioCode: 20001, message: "The current password is wrong" },
  INVALID_POLICY: { status: 400, twilioCode: 70002, message: "Invalid policy" },
  INVALID_PAGE_TOKEN: { status: 400, twilioCode: 21481, message: "Invalid PageToken" },
  SUBACCOUNT_NESTING: { status: 400, twilioCode: 21101, message: "Subaccounts cannot contain subaccounts" },
  SUBACCOUNT_LIMIT: { status: 400, twilioCode: 21480, message: "Reached maximum number of subaccounts" },
  PAYLOAD_TOO_LARGE: { status: 413, twilioCode: 20001, message: "Request body too large" },
  HEADERS_TOO_LARGE: { status: 431, twilioCode: 20001, message: "Request header fields are too large" },
  REQUEST_TIMEOUT: { status: 408, twilioCode: 20001, message: "The request did not arrive in time" },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    twilioCode: 20001,
    message: "Request body must be application/x-www-form-urlencoded",
  },
  TOO_MANY_REQUESTS: { status: 429, twilioCode: 20429, message: "Too Many Requests" },
  INTERNAL: { status: 500, twilioCode: 20500, message: "An internal server error has occurred" },
  SERVICE_UNAVAILABLE: { status: 503, twilioCode: 20503, message: "Service unavailable" },
  STORE_UNAVAILABLE: {
    status: 503,
    twilioCode: 20503,
    message: "The credential store did not answer; the request was not judged. Retry shortly",
  },
};

export function moreInfoUrl(twilioCode: number): string {
  return `https://www.twilio.com/docs/errors/${twilioCode}`;
}
