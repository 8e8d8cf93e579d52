import { parentPort, workerData } from "node:worker_threads";
import { moyskladSimulator, type TMoyskladSimState } from "./server";

/** Worker-thread entry of `startMoyskladSimulatorThread` (see thread.ts). */
const options = workerData as { port?: number; host?: string; seed?: Partial<TMoyskladSimState> };
const sim = await moyskladSimulator.start(options);
parentPort!.postMessage({ type: "ready", url: sim.url, host: sim.host, port: sim.port });
parentPort!.on("message", (message: { type: string }) => {
  if (message.type === "stop") {
    void sim.stop().then(() => parentPort!.close());
  }
});
