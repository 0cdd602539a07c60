import { describe, expect, it } from "vitest";
import { messagesFor } from "./messages";

type Tree = { [key: string]: string | Tree };

function keys(tree: Tree, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([k, v]) => (typeof v === "string" ? [`${prefix}${k}`] : keys(v, `${prefix}${k}.`)));
}

describe("translations", () => {
  it("has every Chinese message in English and no extra English ones", () => {
    const zh = keys(messagesFor("zh-CN") as unknown as Tree).sort();
    const en = keys(messagesFor("en") as unknown as Tree).sort();
    expect(en.filter((k) => !zh.includes(k))).toEqual([]);
    expect(zh.filter((k) => !en.includes(k))).toEqual([]);
  });

  it("leaves no message empty", () => {
    for (const locale of ["zh-CN", "en"] as const) {
      const tree = messagesFor(locale) as unknown as Tree;
      const empty = keys(tree).filter((k) => k.split(".").reduce<Tree | string>((t, p) => (t as Tree)[p], tree) === "");
      expect(empty).toEqual([]);
    }
  });
});
