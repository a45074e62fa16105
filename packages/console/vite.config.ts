import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

const NO_ICON_PATHS = "\0latchkey-no-blueprint-icon-paths";

/**
 * Blueprint's `<Icon icon="name">` loads SVG paths for every icon (two chunks, ~600 kB) on first use. The
 * console passes icon components (`<PlusIcon />`) instead, which carry their own paths, so the by-name
 * loaders are replaced with one that has nothing to load and those chunks are never built.
 */
function withoutIconPathChunks(): Plugin {
  return {
    name: "latchkey-without-icon-path-chunks",
    enforce: "pre",
    resolveId(source, importer) {
      const fromIcons = importer?.includes("@blueprintjs/icons") === true;
      return fromIcons && /paths-loaders\/(allPathsLoader|splitPathsBySizeLoader)/.test(source) ? NO_ICON_PATHS : null;
    },
    load(id) {
      if (id !== NO_ICON_PATHS) return null;
      return "export const allPathsLoader = async () => undefined;\nexport const splitPathsBySizeLoader = allPathsLoader;\n";
    },
  };
}

// biome-ignore lint/style/noDefaultExport: Vite reads its configuration from the module's default export.
export default defineConfig({
  // The server mounts the console under /console/ and serves /console/assets/* with a year-long
  // immutable cache, which is safe only because every asset name carries its content hash.
  base: "/console/",
  plugins: [withoutIconPathChunks(), react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    emptyOutDir: true,
    // SECURITY: the console runs under `script-src 'self'; style-src 'self'`: no inlined scripts, styles or
    // fonts. Small assets stay files too (img-src allows data:, but one rule for everything is easier to audit).
    assetsInlineLimit: 0,
    sourcemap: false,
  },
});
