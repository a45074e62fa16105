/** RFC 2822 in GMT with a literal +0000, as Twilio's 2010 and iam v1 APIs write dates. */
export function rfc2822(epochMs: number): string {
  // toUTCString() is "Mon, 13 Jun 2016 22:50:08 GMT": the same layout with a named zone.
  return `${new Date(epochMs).toUTCString().slice(0, -3)}+0000`;
}

/** ISO-8601 UTC without milliseconds, as accounts v1 writes dates. */
export function iso8601(epochMs: number): string {
  return `${new Date(epochMs).toISOString().slice(0, 19)}Z`;
}
