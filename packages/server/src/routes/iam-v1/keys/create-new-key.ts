import {
  AppError,
  checkFriendlyName,
  createKey,
  isSid,
  type NewKeyInput,
  parsePolicy,
  type RegionContext,
} from "@latchkey/core";
import { bodyFields, optionalParam, requiredParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV1, withSecret } from "../../../http/serialize-key.js";
import { KEY_ACCESS } from "../../key-access.js";

/** POST /v1/Keys — Twilio operationId CreateNewKey. */
export const createNewKey: RouteDefinition = {
  method: "POST",
  url: "/v1/Keys",
  access: KEY_ACCESS.create,
  async handler(request, reply) {
    const input = readNewKey(bodyFields(request), request.region);
    const { key, secret } = await createKey(request.region, callerOf(request), input);
    return reply.code(201).send(withSecret(serializeKeyV1(key), secret));
  },
};

function readNewKey(form: Readonly<Record<string, unknown>>, region: RegionContext): NewKeyInput {
  const accountSid = requiredParam(form, "AccountSid", "post body");
  if (!isSid("account", accountSid)) {
    throw new AppError("INVALID_PARAMETER", { message: "AccountSid must be AC followed by 32 hex digits" });
  }
  const friendlyName = checkFriendlyName(optionalParam(form, "FriendlyName"), "CONSTRAINT_VIOLATION") ?? null;
  const keyType = optionalParam(form, "KeyType") ?? "";
  const rawPolicy = optionalParam(form, "Policy");
  switch (keyType) {
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
      throw new AppError("INVALID_PARAMETER", { message: "KeyType must be 'restricted' or omitted" });
  }
}
