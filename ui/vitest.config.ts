import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Plain Node by default: the protocol and state tests need no DOM. Files that do
    // say `@vitest-environment happy-dom` at the top.
    environment: "node",
  },
});
