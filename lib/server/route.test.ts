import { describe, expect, it, vi } from "vitest";

// The locale comes from the request's cookie; outside a request, the default.
vi.mock("@/lib/i18n/messages", async (orig) => ({ ...(await orig<typeof import("@/lib/i18n/messages")>()), currentLocale: async () => "zh-CN" as const }));

const { busyAware } = await import("./route");

describe("busyAware", () => {
  it("answers 503 'service busy' when the database cannot be reached", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const res = await busyAware(async (_req: Request) => {
      throw refused;
    })(new Request("http://x/"));
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(await res.text()).toBe("服务繁忙，请稍后再试。");
  });

  it("passes answers through and lets other errors be errors", async () => {
    const ok = await busyAware(async () => new Response("fine"))();
    expect(await ok.text()).toBe("fine");
    await expect(busyAware(async () => {
      throw new TypeError("a bug");
    })()).rejects.toThrow("a bug");
  });
});
