import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  { ignores: ["node_modules/**", ".next/**", ".data/**", "server/generated/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      // server/env.ts is the only reader of the environment (ARCHITECTURE.md rule 4)
      "no-restricted-properties": ["error", { object: "process", property: "env", message: "Read configuration through server/env.ts (getEnv)." }],
    },
  },
  {
    files: ["server/env.ts", "scripts/**", "sandbox/**", "e2e/**", "*.config.*", "next.config.mjs", "prisma.config.ts", "**/*.test.ts", "server/test/**"],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
