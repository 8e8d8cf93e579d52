/**
 * The migrations and prisma/schema.prisma describe the same database: this file's database was built by
 * `migrate deploy` (global setup), and diffing it against the schema must find nothing to change.
 * Catches a model added without a migration, or a migration edited by hand into a different shape.
 */
import { describe, expect, it } from "vitest";
import { runPrisma } from "../../scripts/lib/prisma-cli";

describe("schema drift", () => {
  it("the migrated database equals prisma/schema.prisma", async () => {
    const code = await runPrisma(
      ["migrate", "diff", "--from-config-datasource", "--to-schema", "prisma/schema.prisma", "--exit-code"],
      { DATABASE_URL: process.env.DATABASE_URL! },
      { quiet: true },
    );
    // --exit-code: 0 = no difference, 2 = a difference, 1 = an error.
    expect(code).toBe(0);
  }, 120_000);
});
