import { fileURLToPath } from "node:url";

/** Absolute path of the built console (index.html and assets/), for the server to load at start. */
export const consoleDistDir = fileURLToPath(new URL("./dist/", import.meta.url));
