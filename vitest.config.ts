import path from "node:path";
import { defineConfig } from "vitest/config";

export default defineConfig({
  resolve: { alias: { "@": path.resolve(import.meta.dirname) } },
  test: {
    include: ["**/*.test.ts"],
    exclude: ["node_modules/**", ".data/**", "e2e/**", ".next/**"],
    globalSetup: ["server/test/global-setup.ts"],
    setupFiles: ["server/test/setup-file.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
    pool: "forks",
    server: { deps: { inline: ["next-auth"] } },
  },
});
