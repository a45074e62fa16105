import { deleteKey as deleteKeyUseCase } from "@latchkey/core";
import { callerOf, type RouteDefinition } from "../../../http/route.js";
import { KEY_ACCESS } from "../../key-access.js";

/** DELETE /v1/Keys/{Sid} — Twilio operationId DeleteKey. The key fails on the next request. */
export const deleteKey: RouteDefinition = {
  method: "DELETE",
  url: "/v1/Keys/:Sid",
  access: KEY_ACCESS.delete,
  async handler(request, reply) {
    const { Sid } = request.params as { Sid: string };
    await deleteKeyUseCase(request.region, callerOf(request), { sid: Sid });
    return reply.code(204).send();
  },
};
