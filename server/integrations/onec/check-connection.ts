import { parseConfig } from "../config";
import type { TConnectionCheck } from "../errors";
import { createOnecClient } from "./client";
import { ZOnecConfig, type TOnecConfigInput } from "./schemas";

/** Checks the 1C HTTP service and the infobase user's credentials with `GET …/ping`. */
export async function checkOnecConnection(
  input: TOnecConfigInput,
  options: { timeoutMs?: number } = {},
): Promise<TConnectionCheck> {
  const config = parseConfig("onec", ZOnecConfig, input);
  const ping = await createOnecClient(config, options).ping();
  const product = [ping.configuration, ping.version].filter(Boolean).join(" ") || "HTTP-сервис";
  return {
    ok: true,
    summary: `Подключено к 1С: ${product}` + (ping.user ? ` (пользователь ${ping.user})` : ""),
    details: { infobase: ping.infobase, configuration: ping.configuration, version: ping.version },
  };
}
