// Worker-thread bootstrap of `startMoyskladSimulatorThread` (thread.ts): registers tsx in this thread,
// then loads the TypeScript entry.
import { register } from "tsx/esm/api";

register();
await import("./thread-entry.ts");
