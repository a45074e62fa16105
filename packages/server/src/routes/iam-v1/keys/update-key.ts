import { checkFriendlyName, type KeyUpdate, parsePolicy, updateKey as updateKeyUseCase } from "@latchkey/core";
import { bodyFields, optionalParam } from "../../../http/form.js";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { serializeKeyV1 } from "../../../http/serialize-key.js";
import { IAM_V1 } from "../../catalog-hosts.js";

/** POST /v1/Keys/{Sid} — Twilio operationId UpdateKey. A Policy replaces the whole policy. */
export const updateKey: RouteDefinition = {
  method: "POST",
  url: "/v1/Keys/:Sid",
  access: IAM_V1,
  async handler(request) {
    const { Sid } = request.params as { Sid: string };
    const form = bodyFields(request);
    const friendlyName = checkFriendlyName(optionalParam(form, "FriendlyName"), "CONSTRAINT_VIOLATION");
    const rawPolicy = optionalParam(form, "Policy");
    const update: KeyUpdate = {
      ...(friendlyName !== undefined && { friendlyName }),
      ...(rawPolicy !== undefined && { policy: parsePolicy(rawPolicy, request.region.catalog) }),
    };
    const key = await updateKeyUseCase(request.region, callerOf(request), { sid: Sid }, update);
    return serializeKeyV1(key);
  },
};
