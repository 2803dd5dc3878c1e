import { placeholders, renderTemplate } from "../../src/rules/template";

const row: Record<string, string> = {
  ID: "T-2",
  Task: "打印机卡纸 🖨️",
  Owner: "wei.zhang@example.com",
  "Due date": "2026-01-12",
};
const lookup = (name: string): string | undefined => row[name];
/** Marks what went through neutralisation, so a test sees exactly which text did. */
const mark = (value: string) => `[${value}]`;

describe("template", () => {
  describe("placeholders", () => {
    test("lists the names in order of appearance, once each, trimmed", () => {
      expect(
        placeholders("{{Task}} ({{ ID }}) for {{Owner}}: {{Task}} due {{  Due date }}"),
      ).toEqual(["Task", "ID", "Owner", "Due date"]);
    });

    test("a template without placeholders has none", () => {
      expect(placeholders("Status changed <users/all>")).toEqual([]);
      expect(placeholders("{single} { {broken} }")).toEqual([]);
    });
  });

  describe("renderTemplate", () => {
    test("fills each placeholder, with spaces allowed inside the braces", () => {
      expect(renderTemplate("{{Task}} · {{ ID }} · {{  Due date  }}", lookup, (v) => v)).toBe(
        "打印机卡纸 🖨️ · T-2 · 2026-01-12",
      );
    });

    test("an unknown name renders as nothing", () => {
      expect(renderTemplate("Task {{ID}}{{Priority}}!", lookup, (v) => v)).toBe("Task T-2!");
    });

    test("neutralise is applied to values only, never to the template's own text", () => {
      expect(renderTemplate("*{{ID}}* → {{Owner}}", lookup, mark)).toBe(
        "*[T-2]* → [wei.zhang@example.com]",
      );
    });

    test("a template that mentions everyone keeps its mention", () => {
      const neutralise = jest.fn(mark);
      expect(renderTemplate("<users/all> {{Task}} is blocked", lookup, neutralise)).toBe(
        "<users/all> [打印机卡纸 🖨️] is blocked",
      );
      expect(neutralise).toHaveBeenCalledTimes(1);
      expect(neutralise).toHaveBeenCalledWith("打印机卡纸 🖨️");
    });

    test("an unknown name is not passed to neutralise", () => {
      const neutralise = jest.fn(mark);
      expect(renderTemplate("{{Nope}}", lookup, neutralise)).toBe("");
      expect(neutralise).not.toHaveBeenCalled();
    });

    test("a value that looks like a placeholder is not expanded again", () => {
      const values: Record<string, string> = { Task: "{{Owner}}", Owner: "ana@example.com" };
      expect(
        renderTemplate(
          "{{Task}}",
          (name) => values[name],
          (v) => v,
        ),
      ).toBe("{{Owner}}");
    });
  });
});
