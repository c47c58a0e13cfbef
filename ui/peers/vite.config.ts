// Builds peers/codemirror.ts as one script the timing test runs in the window:
// `QUIRE_PEER_OUT=DIR npx vite build --config peers/vite.config.ts` (from ui/).
import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const outDir = process.env["QUIRE_PEER_OUT"];
if (!outDir) throw new Error("QUIRE_PEER_OUT names the folder the peer is built into");

export default defineConfig({
  clearScreen: false,
  logLevel: "warn",
  build: {
    outDir,
    emptyOutDir: true,
    target: "safari15",
    lib: {
      entry: fileURLToPath(new URL("codemirror.ts", import.meta.url)),
      formats: ["iife"],
      name: "quirePeer",
      fileName: () => "codemirror.js",
    },
  },
});
