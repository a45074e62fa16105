import { AppError, decodePageToken, type PageCursor, type SidKind } from "@latchkey/core";
import type { FastifyRequest } from "fastify";
import { optionalParam, queryFields } from "./form.js";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;

export interface PageRequest {
  readonly pageSize: number;
  readonly page: number;
  readonly pageToken: string | null;
  readonly cursor: PageCursor | null;
}

/** Reads PageSize (1..1000, default 50), Page (>= 0) and PageToken from the query. */
export function readPageRequest(request: FastifyRequest, sidKind: SidKind): PageRequest {
  const query = queryFields(request);
  const pageSize = parseBoundedInt(optionalParam(query, "PageSize"), "PageSize", 1, MAX_PAGE_SIZE) ?? DEFAULT_PAGE_SIZE;
  const page = parseBoundedInt(optionalParam(query, "Page"), "Page", 0, 1_000_000_000) ?? 0;
  const pageToken = optionalParam(query, "PageToken") ?? null;
  const cursor = pageToken === null || pageToken === "" ? null : decodePageToken(pageToken, sidKind);
  return { pageSize, page, pageToken: cursor === null ? null : pageToken, cursor };
}

function parseBoundedInt(raw: string | undefined, name: string, min: number, max: number): number | undefined {
  if (raw === undefined) return undefined;
  const value = /^\d{1,10}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!(value >= min && value <= max)) {
    throw new AppError("INVALID_PARAMETER", { message: `${name} must be an integer from ${min} to ${max}` });
  }
  return value;
}

export interface PageLinks {
  readonly first: string;
  readonly current: string;
  readonly next: string | null;
  readonly previous: string | null;
}

/**
 * The links of a page: the path with its filter parameters kept, then PageSize, Page and (past the
 * first page) the PageToken that continues the keyset.
 */
export function pageLinks(
  path: string,
  filters: Readonly<Record<string, string>>,
  request: PageRequest,
  tokens: { readonly nextPageToken: string | null; readonly previousPageToken: string | null },
): PageLinks {
  const link = (page: number, token: string | null) => {
    const params = new URLSearchParams({ ...filters, PageSize: String(request.pageSize), Page: String(page) });
    if (token !== null) params.set("PageToken", token);
    return `${path}?${params.toString()}`;
  };
  return {
    first: link(0, null),
    current: link(request.page, request.pageToken),
    next: tokens.nextPageToken === null ? null : link(request.page + 1, tokens.nextPageToken),
    previous: tokens.previousPageToken === null ? null : link(Math.max(0, request.page - 1), tokens.previousPageToken),
  };
}

/** Paging fields of a v1 (product API) list: absolute URLs on the serving origin, under `meta`. */
export function v1Meta(origin: string, key: string, request: PageRequest, links: PageLinks) {
  const absolute = (uri: string | null) => (uri === null ? null : `${origin}${uri}`);
  return {
    page: request.page,
    page_size: request.pageSize,
    first_page_url: absolute(links.first),
    previous_page_url: absolute(links.previous),
    url: absolute(links.current),
    next_page_url: absolute(links.next),
    key,
  };
}

/** Paging fields of a 2010 list: relative URIs beside the records, with start and end indexes. */
export function v2010Paging(request: PageRequest, links: PageLinks, count: number) {
  const start = request.page * request.pageSize;
  return {
    first_page_uri: links.first,
    previous_page_uri: links.previous,
    next_page_uri: links.next,
    uri: links.current,
    page: request.page,
    page_size: request.pageSize,
    start,
    end: Math.max(start, start + count - 1),
  };
}

export function originOf(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
