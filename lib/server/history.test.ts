import { describe, expect, it } from "vitest";
import { diffFields } from "./history";

describe("diffFields", () => {
  it("lists only changed fields and hides secrets", () => {
    expect(diffFields({ name: "张三", phone: "13800000000", n: 1 }, { name: "张三", phone: "13900000000", n: 2 }, ["phone"])).toEqual({
      phone: ["***", "***"],
      n: [1, 2],
    });
  });
  it("compares dates by value", () => {
    expect(diffFields({ d: new Date(0) }, { d: new Date(0) })).toEqual({});
  });
});
