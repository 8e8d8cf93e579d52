/**
 * A worker in a separate process for the "killed mid-run" test: runs only the blocker job, with its "block"
 * step hanging, and prints READY. The test SIGKILLs it. Environment comes from the parent test process.
 */
import { startWorker } from "../worker-runtime";
import { blockerJob } from "./fixtures";

(globalThis as { __pultTestBlock?: boolean }).__pultTestBlock = true;
await startWorker({ definitions: [blockerJob], cron: false, concurrency: 1, pollInterval: 200 });
process.stdout.write("READY\n");
