import { decodePage, encodePage } from "../../src/delivery/page-codec";

describe("pages of outbox entries", () => {
  it("round-trips text of every plane, emoji and CJK included, deflated", () => {
    const list = Array.from({ length: 20 }, (_, i) => ({
      i,
      text: `📌 任务 ${i} é ß 👩‍💻 \u{1F600}`,
    }));
    const value = encodePage(list);
    expect(value.startsWith("z")).toBe(true);
    expect(decodePage(value)).toEqual(list);
  });

  it("keeps a short list plain, and deflates only when that is shorter", () => {
    expect(encodePage([{ i: "e1" }])).toBe('[{"i":"e1"}]');
    const repeated = Array.from({ length: 50 }, () => ({ text: "status changed, owner ana" }));
    expect(encodePage(repeated).length).toBeLessThan(JSON.stringify(repeated).length / 5);
  });

  it("reads nothing from a value that is not a page", () => {
    for (const value of ["z!!!", "zAAAA", "{}", "not json", "z" + "QUJD"]) {
      expect(decodePage(value)).toBeUndefined();
    }
  });
});
