// Debian's Chromium (installed through apt by .ci/run) as every browser run of the console launches it:
// the tests, the CSP check and the screenshots. playwright-core never downloads a browser.
import { chromium } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

// Without the background-networking flags Chromium keeps reaching for Google's hosts, which this closed
// network refuses; --no-sandbox because CI runs as root.
export const CHROMIUM_ARGS = Object.freeze([
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
]);

export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] });
}
