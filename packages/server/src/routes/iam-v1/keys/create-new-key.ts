import {
  AppError,
  checkFriendlyName,
  createKey,
  type NewKeyInput,
  parsePolicy,
  parseSid,
  type RegionContext,
} from "@latchkey/core";
import { bodyFields, optionalParam, requiredParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV1, withSecret } from "../../../http/serialize-key.js";
import { IAM_V1 } from "../../catalog-hosts.js";

/** POST /v1/Keys — Twilio operationId CreateNewKey. */
export const createNewKey: RouteDefinition = {
  method: "POST",
  url: "/v1/Keys",
  access: IAM_V1,
  async handler(request, reply) {
    const input = readNewKey(bodyFields(request), request.region);
    const { key, secret } = await createKey(request.region, callerOf(request), input);
    return reply.code(201).send(withSecret(serializeKeyV1(key), secret));
  },
};

function readNewKey(form: Readonly<Record<string, unknown>>, region: RegionContext): NewKeyInput {
  const accountSid = parseSid("account", requiredParam(form, "AccountSid", "post body"));
  if (accountSid === undefined) {
    throw new AppError("INVALID_PARAMETER", { message: "AccountSid must be AC followed by 32 hex digits" });
  }
  const friendlyName = checkFriendlyName(optionalParam(form, "FriendlyName"), "CONSTRAINT_VIOLATION") ?? null;
  const keyType = optionalParam(form, "KeyType") ?? "";
  const rawPolicy = optionalParam(form, "Policy");
  switch (keyType) {
    // Twilio's enum lists only `restricted`; `standard` is accepted as what omitting KeyType means.
    case "":
    case "standard":
      if (rawPolicy !== undefined) {
        throw new AppError("INVALID_POLICY", { message: "Policy can only be given with KeyType=restricted" });
      }
      return { accountSid, friendlyName, type: "standard" };
    case "restricted":
      if (rawPolicy === undefined || rawPolicy === "") {
        throw new AppError("INVALID_POLICY", { message: "Policy is required when KeyType is restricted" });
      }
      return { accountSid, friendlyName, type: "restricted", policy: parsePolicy(rawPolicy, region.catalog) };
    case "main":
      throw new AppError("CONSTRAINT_VIOLATION", {
        message: "Main keys cannot be created through the API; an operator creates them in the console or CLI",
      });
    default:
      throw new AppError("INVALID_PARAMETER", { message: "KeyType must be 'standard' or 'restricted' (or omitted)" });
  }
}
