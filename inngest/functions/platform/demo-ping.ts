/** Self-check of the background machinery: three steps with progress and a short pause (tests, demo). */
import { defineJob } from "../../define";

export const demoPing = defineJob({
  id: "platform-demo-ping",
  title: "Проверка фоновых задач",
  trigger: { event: "platform/demo.ping" },
  concurrency: { key: "companyId", limit: 1 },
  retries: 2,
  handler: async ({ event, step, run }) => {
    const startedAt = await step.run("prepare", () => new Date().toISOString());
    await run.progress(33, { steps: 1 });

    await step.sleep("pause", event.data.pauseMs ?? 200);

    const echo = await step.run("work", () => ({ note: event.data.note ?? "ping", length: (event.data.note ?? "ping").length }));
    await run.progress(66, { steps: 2 });

    const finishedAt = await step.run("finish", () => new Date().toISOString());
    await run.progress(100, { steps: 3 });
    return { startedAt, finishedAt, echo };
  },
});
