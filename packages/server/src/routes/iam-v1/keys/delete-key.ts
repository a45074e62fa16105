import { deleteKey as deleteKeyUseCase } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { IAM_V1 } from "../../catalog-hosts.js";

/** DELETE /v1/Keys/{Sid} — Twilio operationId DeleteKey. The key fails on the next request. */
export const deleteKey: RouteDefinition = {
  method: "DELETE",
  url: "/v1/Keys/:Sid",
  access: IAM_V1,
  async handler(request, reply) {
    const { Sid } = request.params as { Sid: string };
    await deleteKeyUseCase(request.region, callerOf(request), { sid: Sid });
    return reply.code(204).send();
  },
};
