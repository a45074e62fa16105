import { permission, type RouteAccess } from "@latchkey/core";

/** Both Key APIs (iam v1 and 2010 Keys/SigningKeys) are governed by the iam api-keys permissions. */
export const KEY_ACCESS = {
  create: { kind: "management", permission: permission("/twilio/iam/api-keys/create") },
  read: { kind: "management", permission: permission("/twilio/iam/api-keys/read") },
  list: { kind: "management", permission: permission("/twilio/iam/api-keys/list") },
  update: { kind: "management", permission: permission("/twilio/iam/api-keys/update") },
  delete: { kind: "management", permission: permission("/twilio/iam/api-keys/delete") },
} as const satisfies Record<string, RouteAccess>;
