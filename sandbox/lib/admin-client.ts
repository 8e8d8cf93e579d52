/**
 * The JSON request helper of the simulators' typed admin clients (`sandbox/<provider>/admin.ts`):
 * `call(method, path, body?)` against the simulator's root; a non-2xx answer throws with `label`,
 * the method, the path, the status and the body.
 */
export function adminCaller(simUrl: string, label: string) {
  const root = simUrl.replace(/\/+$/, "");
  return async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(`${root}${path}`, {
      method,
      headers: body === undefined ? undefined : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${label} ${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };
}
