import { AppError, decodePageToken, type PageCursor, type SidKind } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import { optionalParam, queryFields } from "../http/form.js";

export const CONSOLE_DEFAULT_PAGE_SIZE = 50;
export const CONSOLE_MAX_PAGE_SIZE = 200;
/** A search longer than any SID or friendly name can match nothing; refusing it keeps the LIKE bounded. */
export const MAX_SEARCH_LENGTH = 64;

export interface ConsolePage {
  readonly pageSize: number;
  readonly page: 0;
  readonly cursor: PageCursor | null;
}

/** page_size (1..200, default 50) and page_token (a keyset token this server issued) from the query. */
export function readConsolePage(request: FastifyRequest, sidKind: SidKind): ConsolePage {
  const query = queryFields(request);
  const rawSize = optionalParam(query, "page_size");
  const pageSize = rawSize === undefined || rawSize === "" ? CONSOLE_DEFAULT_PAGE_SIZE : Number(rawSize);
  if (rawSize !== undefined && rawSize !== "" && !/^\d{1,3}$/.test(rawSize)) throw badPageSize();
  if (!(pageSize >= 1 && pageSize <= CONSOLE_MAX_PAGE_SIZE)) throw badPageSize();
  const token = optionalParam(query, "page_token");
  const cursor = token === undefined || token === "" ? null : decodePageToken(token, sidKind);
  // Keyset paging only: page numbers exist for the REST APIs' `Page=N`, the console never skips by offset.
  return { pageSize, page: 0, cursor };
}

function badPageSize(): AppError {
  return new AppError("INVALID_PARAMETER", {
    message: `page_size must be an integer from 1 to ${CONSOLE_MAX_PAGE_SIZE}`,
  });
}

/** The optional query parameter `name`, given at most once; empty is absent. */
export function optionalQuery(request: FastifyRequest, name: string): string | undefined {
  const value = optionalParam(queryFields(request), name);
  return value === "" ? undefined : value;
}
