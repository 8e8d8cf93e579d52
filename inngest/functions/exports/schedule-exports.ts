/** Every minute: starts the exporters whose scheduled time has come (system-level fan-out). */
import { defineJob } from "../../define";
import { claimDueExports } from "../../../server/exports/claim-due-exports";

export const scheduleExportsJob = defineJob({
  id: "exports-schedule",
  title: "Расписание выгрузок",
  trigger: { cron: "* * * * *" },
  retries: 0,
  handler: async ({ step }) => step.run("claim-due", () => claimDueExports({ now: new Date() })),
});
