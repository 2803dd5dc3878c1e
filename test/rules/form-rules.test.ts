import type { DecoratedTextWidget } from "../../src/chat/message";
import type { Accepted } from "../../src/delivery/deliver";
import type { FormRule } from "../../src/rules/config-types";
import type { FormSubmission } from "../../src/rules/events";
import { formNotifications } from "../../src/rules/form-rules";

const Z = "\u200B";

const fromSheet: FormSubmission = {
  source: "sheet",
  form: "Form Responses 1",
  sheet: "Form Responses 1",
  row: 12,
  responseId: "Form Responses 1!12",
  timestamp: "2026-01-05 09:14:03",
  email: "mei.tanaka@example.com",
  answers: [
    ["Name", "田中 芽衣"],
    ["Team", "Platform 🚀"],
    ["Systems", "GitHub, Jira"],
    ["Why", "On-call <users/all> https://evil.example"],
  ],
  url: "https://docs.google.com/spreadsheets/d/1AbCdEf/edit#gid=5&range=A12",
};

const fromForm: FormSubmission = {
  source: "form",
  form: "Access request",
  responseId: "2_ABaOnud1",
  timestamp: "2026-01-05T09:14:03Z",
  email: undefined,
  answers: [
    ["Name", "Ana Souza"],
    ["Systems", "Figma"],
  ],
  url: "https://docs.google.com/forms/d/1XyZ/edit#response=2_ABaOnud1",
};

const cardRule: FormRule = {
  name: "access-request",
  source: "sheet",
  message: { card: { title: "New access request from {{Name}}", subtitle: "{{timestamp}}" } },
};

function fieldLines(accepted: Accepted | undefined) {
  const widgets = accepted?.notification.message.cardsV2?.[0]?.card.sections[0]?.widgets ?? [];
  return widgets.map((widget) => {
    const { topLabel, text } = (widget as DecoratedTextWidget).decoratedText;
    return [topLabel, text];
  });
}

describe("form-rules", () => {
  test("a sheet submission gives a card with the answers in form order, then the email", () => {
    const accepted = formNotifications([cardRule], fromSheet);
    expect(accepted).toHaveLength(1);
    expect(fieldLines(accepted[0])).toEqual([
      ["Name", "田中 芽衣"],
      ["Team", "Platform 🚀"],
      ["Systems", "GitHub, Jira"],
      ["Why", `On-call &lt;users/all&gt; https:${Z}//evil.${Z}example`],
      ["Email", "mei.tanaka@example.com"],
    ]);
    const card = accepted[0]?.notification.message.cardsV2?.[0];
    expect(card?.cardId).toBe("access-request-response");
    expect(card?.card.header).toEqual({
      title: "New access request from 田中 芽衣",
      subtitle: "2026-01-05 09:14:03",
    });
    expect(JSON.stringify(card)).toContain('"text":"Open the row"');
  });

  test("the dedupe key is the rule and the response id, so a double submit event posts once", () => {
    const [accepted] = formNotifications([cardRule], fromSheet);
    expect(accepted?.dedupeKey).toBe("access-request:Form Responses 1!12");
  });

  test("a form submission without a known email has no Email field", () => {
    const rule: FormRule = { ...cardRule, source: "form" };
    const accepted = formNotifications([rule], fromForm);
    expect(fieldLines(accepted[0])).toEqual([
      ["Name", "Ana Souza"],
      ["Systems", "Figma"],
    ]);
    expect(accepted[0]?.dedupeKey).toBe("access-request:2_ABaOnud1");
    expect(JSON.stringify(accepted[0])).toContain('"text":"Open the response"');
  });

  test("rules are filtered by source and by responses sheet", () => {
    const rules: FormRule[] = [
      { name: "sheet-default", source: "sheet", message: "default {{Name}}" },
      {
        name: "sheet-named",
        source: "sheet",
        sheet: "Form Responses 1",
        message: "named {{Name}}",
      },
      {
        name: "other-sheet",
        source: "sheet",
        sheet: "Form Responses 2",
        message: "other {{Name}}",
      },
      { name: "bound-form", source: "form", message: "form {{Name}}" },
    ];
    const fromSheetTexts = formNotifications(rules, fromSheet).map(
      (a) => a.notification.message.text,
    );
    expect(fromSheetTexts).toEqual(["default 田中 芽衣", "named 田中 芽衣"]);
    const fromFormTexts = formNotifications(rules, fromForm).map(
      (a) => a.notification.message.text,
    );
    expect(fromFormTexts).toEqual(["form Ana Souza"]);
    const second = { ...fromSheet, sheet: "Form Responses 2" };
    expect(formNotifications(rules, second).map((a) => a.dedupeKey)).toEqual([
      "other-sheet:Form Responses 1!12",
    ]);
  });

  test("a text template gets the built-ins, and answers are neutralised", () => {
    const rule: FormRule = {
      name: "access-text",
      source: "sheet",
      message: "<users/all> {{Name}} ({{email}}) asks: {{Why}} · {{form}} {{responseId}} · {{url}}",
      threadKey: "access-{{email}}",
      webhook: "ACCESS",
    };
    const [accepted] = formNotifications([rule], fromSheet);
    expect(accepted?.notification).toEqual({
      webhook: "ACCESS",
      message: {
        text:
          `<users/all> 田中 芽衣 (mei.tanaka@example.com) asks: On-call <${Z}users/all> ` +
          `https:${Z}//evil.${Z}example · Form Responses 1 Form Responses 1!12 · ${fromSheet.url}`,
      },
      threadKey: "access-mei.tanaka@example.com",
      replyOption: undefined,
    });
  });

  test("a message function gets the answers by question and may send nothing", () => {
    const rule: FormRule = {
      name: "platform-only",
      source: "sheet",
      message: (c) =>
        c.answers.Team?.startsWith("Platform") ? `${c.answers.Name} → ${c.email}` : null,
    };
    expect(formNotifications([rule], fromSheet).map((a) => a.notification.message.text)).toEqual([
      "田中 芽衣 → mei.tanaka@example.com",
    ]);
    const other: FormSubmission = {
      ...fromSheet,
      answers: [
        ["Name", "Bob"],
        ["Team", "Sales"],
      ],
    };
    expect(formNotifications([rule], other)).toEqual([]);
  });

  test("coalesce is grouped by rule name", () => {
    const [accepted] = formNotifications([{ ...cardRule, coalesce: { after: 3 } }], fromSheet);
    expect(accepted?.coalesce).toEqual({ group: "access-request", after: 3 });
  });
});
