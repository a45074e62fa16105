/**
 * Query strings and form bodies encoded the way twilio-node's RequestClient encodes them (`qs` with
 * `arrayFormat: "repeat"`), so a request that goes through Latchkey carries the same bytes it would
 * carry to Twilio: a list is `Key=a&Key=b`, never `Key[]=a` or `Key[0]=a`, which Twilio's APIs would read
 * as a parameter of another name.
 */

/** `a=1&b=x%20y`; values that are `undefined` are left out, as `qs` does. */
export function encodeTwilioForm(values: unknown): string {
  if (typeof values !== "object" || values === null) return "";
  const pairs: string[] = [];
  for (const [name, value] of Object.entries(values)) appendPairs(pairs, name, value);
  return pairs.join("&");
}

function appendPairs(pairs: string[], name: string, value: unknown): void {
  if (value === undefined) return;
  if (Array.isArray(value)) {
    for (const item of value) appendPairs(pairs, name, item);
  } else if (value instanceof Date) {
    pairs.push(`${encodeRfc3986(name)}=${encodeRfc3986(value.toISOString())}`);
  } else if (typeof value === "object" && value !== null) {
    // The library serializes nested values itself (JSON for a Policy, say); `qs` would send a nested
    // object that slipped through as `Name[key]=value`, so that is what Twilio would have seen too.
    for (const [key, item] of Object.entries(value)) appendPairs(pairs, `${name}[${key}]`, item);
  } else {
    // `null` is `Name=` in `qs`: the parameter is sent, empty.
    pairs.push(`${encodeRfc3986(name)}=${encodeRfc3986(value === null ? "" : String(value))}`);
  }
}

/** `qs` percent-encodes everything but RFC 3986's unreserved set; encodeURIComponent leaves `!'()*` as is. */
function encodeRfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
