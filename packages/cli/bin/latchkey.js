#!/usr/bin/env node
// Runs the compiled CLI; `npm ci` builds it through the root `prepare` script.
import { main } from "../dist/main.js";

process.exitCode = await main(process.argv);
