/**
 * How deeply a JSON text nests, measured before it is parsed. JSON.parse itself copes with any depth,
 * but whatever walks the result recursively afterwards (String(), JSON.stringify, a logger) overflows
 * the stack on a few kilobytes of `[[[[…`: documents from clients are refused before they become values.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_ARRAY = 0x5b;
const OPEN_OBJECT = 0x7b;
const CLOSE_ARRAY = 0x5d;
const CLOSE_OBJECT = 0x7d;

/**
 * Whether `text` opens more than `maxDepth` arrays or objects inside one another (the outermost counts
 * as 1). One pass over the characters, no recursion and no allocation; brackets inside strings do not
 * count. On valid JSON the answer is exact; on invalid JSON it may be anything, and JSON.parse refuses
 * the text anyway.
 *
 * @example
 * ```ts
 * jsonNestsDeeperThan('{"allow":["/twilio/messaging/messages/read"]}', 2); // false
 * jsonNestsDeeperThan('{"allow":[[]]}', 2); // true
 * ```
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === BACKSLASH) index += 1;
      else if (char === QUOTE) inString = false;
    } else if (char === QUOTE) {
      inString = true;
    } else if (char === OPEN_ARRAY || char === OPEN_OBJECT) {
      depth += 1;
      if (depth > maxDepth) return true;
    } else if (char === CLOSE_ARRAY || char === CLOSE_OBJECT) {
      depth -= 1;
    }
  }
  return false;
}
