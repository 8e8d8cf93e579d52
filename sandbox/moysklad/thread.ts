import { once } from "node:events";
import { Worker } from "node:worker_threads";
import type { TMoyskladSimState } from "./server";

/**
 * Runs the MoySklad simulator in its own worker thread (its own event loop and heap), so generating
 * and serialising pages does not compete with the code under test — for benchmarks at the real rate
 * limits. Control it over HTTP (`createMoyskladAdmin(url)`); there is no in-process handle.
 * The worker registers tsx itself (thread-worker.mjs), so it works under tsx, vitest or plain node.
 */
export type TMoyskladSimulatorThread = { url: string; host: string; port: number; stop(): Promise<void> };

export async function startMoyskladSimulatorThread(
  options: { port?: number; host?: string; seed?: Partial<TMoyskladSimState> } = {},
): Promise<TMoyskladSimulatorThread> {
  const worker = new Worker(new URL("./thread-worker.mjs", import.meta.url), { workerData: options });
  const ready = await new Promise<{ url: string; host: string; port: number }>((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`MoySklad simulator thread exited with code ${code}`)));
  });
  return {
    ...ready,
    async stop() {
      const exited = once(worker, "exit");
      worker.postMessage({ type: "stop" });
      const timer = setTimeout(() => void worker.terminate(), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
