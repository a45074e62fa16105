/**
 * Test doubles, published as `@latchkey/core/testing` and kept out of the production barrel so that no
 * server or CLI code can reach for a predictable clock or random source by accident.
 */
export { CountingRandom, ManualClock } from "./fixed-ports.js";
export { layoutSource } from "./layout-source.js";
