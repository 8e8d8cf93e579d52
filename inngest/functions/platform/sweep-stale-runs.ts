/** Every minute: re-queue (or fail) runs whose worker stopped sending heartbeats. System-level. */
import { defineJob } from "../../define";
import { sweepStaleRuns } from "../../../server/jobs/sweep-stale-runs";

export const sweepStaleRunsJob = defineJob({
  id: "platform-sweep-stale-runs",
  title: "Поиск зависших задач",
  trigger: { cron: "* * * * *" },
  retries: 0,
  handler: async ({ step, run }) => step.run("sweep", () => sweepStaleRuns({ runtime: run.runtime })),
});
