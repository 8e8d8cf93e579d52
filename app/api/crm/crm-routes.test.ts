/** The CRM route handlers over HTTP: upload, signed download, and the notification stream (Last-Event-ID). */
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/server/env";
import { ensureJobQueueSchema } from "@/server/jobs/queue-schema";
import { crmCompany } from "@/server/crm/testing";

const session = vi.hoisted(() => ({ current: null as null | { user: { id: string }; companyId: string } }));
vi.mock("@/server/auth/auth", () => ({ auth: async () => session.current }));

let t: Awaited<ReturnType<typeof crmCompany>>;
let dealId: string;
const signInAs = (m: { user: { id: string } }) => { session.current = { user: { id: m.user.id }, companyId: t.company.id }; };

function upload(name: string, body: string, type = "application/pdf") {
  const form = new FormData();
  form.append("file", new File([body], name, { type }));
  return new Request(`http://localhost/api/crm/deals/${dealId}/documents`, { method: "POST", body: form });
}

beforeAll(async () => {
  process.env.CRM_STORAGE_DIR = mkdtempSync(path.join(os.tmpdir(), "pult-crm-routes-"));
  resetEnvCache();
  await ensureJobQueueSchema();
  t = await crmCompany();
  dealId = (await t.as(t.seller).crm.createDeal({ title: "HTTP", newClient: { kind: "person", name: "Клиент" } })).id;
});

describe("POST /api/crm/deals/:id/documents and GET /api/crm/documents/:id", () => {
  it("uploads, refuses bad files with Russian messages, and downloads only through a fresh link of the same user", async () => {
    const { POST } = await import("./deals/[id]/documents/route");
    const { GET } = await import("./documents/[id]/route");
    const params = { params: Promise.resolve({ id: dealId }) };

    session.current = null;
    expect((await POST(upload("a.pdf", "x"), params)).status).toBe(401);

    signInAs(t.seller);
    const res = await POST(upload("../../договор.pdf", "%PDF договор"), params);
    expect(res.status).toBe(201);
    const doc = (await res.json()) as { id: string; name: string };
    expect(doc.name).toBe("договор.pdf");
    const bad = await POST(upload("macro.exe", "MZ", "application/octet-stream"), params);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toContain("Этот тип файла загружать нельзя");

    signInAs(t.seller2);
    expect((await POST(upload("b.pdf", "x"), params)).status).toBe(403);

    signInAs(t.seller);
    const { url } = await t.as(t.seller).crm.downloadLink({ documentId: doc.id });
    const ok = await GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: doc.id }) });
    expect(ok.status).toBe(200);
    expect(ok.headers.get("content-disposition")).toContain(`filename*=UTF-8''${encodeURIComponent("договор.pdf")}`);
    expect(ok.headers.get("cache-control")).toContain("no-store");
    expect(await ok.text()).toBe("%PDF договор");

    expect((await GET(new Request(`http://localhost/api/crm/documents/${doc.id}`), { params: Promise.resolve({ id: doc.id }) })).status).toBe(403);
    signInAs(t.manager);
    expect((await GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: doc.id }) })).status).toBe(403);
    signInAs(t.viewer);
    expect((await GET(new Request(`http://localhost${url}`), { params: Promise.resolve({ id: doc.id }) })).status).toBe(403);
  });
});

describe("GET /api/crm/notifications/stream", () => {
  async function readUntil(res: Response, needle: string, ms = 8_000): Promise<string> {
    const reader = res.body!.getReader();
    const dec = new TextDecoder();
    let text = "";
    const deadline = Date.now() + ms;
    while (!text.includes(needle) && Date.now() < deadline) {
      const { value, done } = await Promise.race([reader.read(), new Promise<{ value: undefined; done: true }>((r) => setTimeout(() => r({ value: undefined, done: true }), 500))]);
      if (value) text += dec.decode(value);
      else if (done && Date.now() >= deadline) break;
    }
    await reader.cancel().catch(() => undefined);
    return text;
  }

  it("sends notifications after Last-Event-ID with their seq as the event id, and the unread count", async () => {
    const { GET } = await import("./notifications/stream/route");
    await t.as(t.seller).crm.createTask({ dealId, type: "calculation", title: "Первая", assigneeId: t.executor.user.id });
    await t.as(t.seller).crm.createTask({ dealId, type: "other", title: "Вторая", assigneeId: t.executor.user.id });
    const list = await t.as(t.executor).crm.notifications({});
    const [second, first] = list.items;

    signInAs(t.executor);
    const ctrl = new AbortController();
    const res = await GET(new Request("http://localhost/api/crm/notifications/stream", { headers: { "last-event-id": String(first!.seq) }, signal: ctrl.signal }));
    expect(res.headers.get("content-type")).toContain("text/event-stream");
    const text = await readUntil(res, "event: unread");
    ctrl.abort();
    expect(text).toContain(`id: ${second!.seq}\nevent: notification`);
    expect(text).toContain("Вторая");
    expect(text).not.toContain("Первая");
    expect(text).toContain('event: unread\ndata: {"unread":2}');

    session.current = null;
    expect((await GET(new Request("http://localhost/api/crm/notifications/stream"))).status).toBe(401);
  });
});
