/**
 * `npm test`: everything, in order — prisma generate, typecheck, lint, unit + integration (vitest, real
 * PostgreSQL), production build, end-to-end (Playwright + system Chromium). Stops at the first failing
 * stage. The last lines are the Playwright runner's own summary.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

type TStage = { name: string; cmd: string[]; env?: Record<string, string> };

const stages: TStage[] = [
  { name: "prisma generate", cmd: ["npx", "tsx", "scripts/prisma.ts", "generate"] },
  { name: "typecheck", cmd: ["npx", "tsc", "--noEmit"] },
  { name: "lint", cmd: ["npx", "eslint", ".", "--max-warnings=0"] },
  { name: "unit + integration (vitest)", cmd: ["npx", "vitest", "run"] },
  { name: "build", cmd: ["npx", "next", "build"], env: { NEXT_TELEMETRY_DISABLED: "1" } },
  { name: "e2e (playwright)", cmd: ["npx", "playwright", "test"] },
];

const only = process.argv.slice(2);
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
if (!existsSync(chromium)) {
  console.error(`Chromium not found at ${chromium}: install the Debian package \`chromium\` (see .ci/run).`);
  process.exit(1);
}

const timings: string[] = [];
for (const stage of stages) {
  if (only.length && !only.some((o) => stage.name.startsWith(o))) continue;
  // The e2e runner's own summary must stay the last lines of the output: show the timings before it.
  if (stage.name.startsWith("e2e") && timings.length) console.log(`\nStage timings so far:\n${timings.join("\n")}`);
  console.log(`\n=== ${stage.name} ===`);
  const started = Date.now();
  const res = spawnSync(stage.cmd[0]!, stage.cmd.slice(1), { stdio: "inherit", env: { ...process.env, ...stage.env } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  timings.push(`${stage.name}: ${seconds} s`);
  if (res.status !== 0) {
    console.error(`\n✗ ${stage.name} failed (exit ${res.status ?? res.signal}) after ${seconds} s`);
    console.error(timings.join("\n"));
    process.exit(res.status || 1);
  }
  if (!stage.name.startsWith("e2e")) console.log(`✓ ${stage.name} (${seconds} s)`);
}
