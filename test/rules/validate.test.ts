import type { DecoratedTextWidget } from "../../src/chat/message";
import type { ChangeRule, Config, EditRule, FormRule } from "../../src/rules/config-types";
import { CHANGE_TEMPLATE_NAMES } from "../../src/rules/change-rules";
import { EDIT_TEMPLATE_NAMES, editNotifications } from "../../src/rules/edit-rules";
import { FORM_TEMPLATE_NAMES } from "../../src/rules/form-rules";
import { validateConfig, type LiveDocument } from "../../src/rules/validate";
import { MemorySheet, TASK_HEADERS } from "../fixtures/tasks-sheet";

/** The notifications an edit produces (its rule problems are checked separately). */
function acceptedFor(...args: Parameters<typeof editNotifications>) {
  return editNotifications(...args).accepted;
}

const TOKEN = "FAKEtoken-for-tests1%3D";
const WEBHOOK = `https://chat.googleapis.com/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=${TOKEN}`;
const EDIT_NAMES = [...EDIT_TEMPLATE_NAMES, ...TASK_HEADERS].join(", ");

class FakeDocument implements LiveDocument {
  sheets: Record<string, string[][]> = {
    Tasks: [TASK_HEADERS],
    "Form Responses 1": [["Timestamp", "Email Address", "Name", "Team", "Systems"]],
  };
  questions: string[] | null = null;
  properties: Record<string, string> = {
    CHAT_WEBHOOK_URL: WEBHOOK,
    CHAT_WEBHOOK_URL_ONCALL: WEBHOOK,
  };

  headers(sheet: string, headerRow: number): string[] | null {
    const cells = this.sheets[sheet];
    return cells === undefined ? null : (cells[headerRow - 1] ?? []);
  }
  formQuestions(): string[] | null {
    return this.questions;
  }
  property(name: string): string | null {
    return this.properties[name] ?? null;
  }
}

const taskStatus: EditRule = {
  name: "task-status",
  sheet: "Tasks",
  column: "Status",
  when: { becomes: ["Done", "完了"] },
  message: "📌 *{{Task}}* ({{ID}}): {{old}} → *{{new}}* · {{Owner}} · {{url}}",
  threadKey: "task-{{ID}}",
  replyOption: "fallbackToNewThread",
};
const taskBlocked: EditRule = {
  name: "task-blocked",
  sheet: "Tasks",
  column: "Status",
  webhook: "ONCALL",
  when: { matches: "^blocked$", flags: "i" },
  message: {
    card: { title: "Blocked: {{Task}}", subtitle: "{{ID}} · {{Owner}}", fields: ["Due", "Owner"] },
  },
  coalesce: { after: 5 },
};
const accessRequest: FormRule = {
  name: "access-request",
  source: "sheet",
  message: {
    card: { title: "New access request from {{Name}}", subtitle: "{{timestamp}} {{Email}}" },
  },
  threadKey: "{{email}}",
};
const rowsRemoved: ChangeRule = {
  name: "rows-removed",
  changeTypes: ["REMOVE_ROW"],
  message: "🗑️ Rows removed from {{spreadsheet}} ({{user}}): {{url}}",
};

function config(rules: Partial<Pick<Config, "editRules" | "formRules" | "changeRules">>): Config {
  return {
    delivery: { requestIds: false },
    editRules: [],
    formRules: [],
    changeRules: [],
    ...rules,
  };
}

const valid = config({
  editRules: [taskStatus, taskBlocked],
  formRules: [accessRequest],
  changeRules: [rowsRemoved],
});

describe("validate", () => {
  test("a valid config has no problem", () => {
    expect(validateConfig(valid, new FakeDocument())).toEqual([]);
  });

  test("message functions and a bound form are valid too", () => {
    const document = new FakeDocument();
    document.questions = ["Name", "Systems"];
    const rules = config({
      editRules: [{ name: "fn", sheet: "Tasks", message: (c) => c.new, when: (c) => c.new !== "" }],
      formRules: [
        { name: "bound", source: "form", message: "{{Name}} wants {{Systems}} ({{Email}})" },
      ],
    });
    expect(validateConfig(rules, document)).toEqual([]);
  });

  test("an unknown sheet", () => {
    const rules = config({ editRules: [{ ...taskStatus, sheet: "Taks" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'edit rule "task-status": there is no sheet named "Taks"',
    ]);
  });

  test("an unknown column lists the headers there are", () => {
    const rules = config({ editRules: [{ ...taskStatus, column: "State" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'edit rule "task-status": column "State" is not in row 1 of sheet "Tasks" (headers: ID, Task, Owner, Status, Due)',
    ]);
  });

  test("an unknown name in the message, the thread key, the card title or subtitle", () => {
    const rules = config({
      editRules: [
        {
          ...taskStatus,
          name: "in-message",
          message: "{{Task}} by {{Assignee}}",
          threadKey: undefined,
          replyOption: undefined,
        },
        { ...taskStatus, name: "in-thread-key", threadKey: "task-{{Id}}" },
        { ...taskBlocked, name: "in-title", message: { card: { title: "Blocked: {{Titel}}" } } },
        {
          ...taskBlocked,
          name: "in-subtitle",
          message: { card: { title: "x", subtitle: "{{Prio}}" } },
        },
      ],
    });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      `edit rule "in-message": message uses {{Assignee}}, which is not one of: ${EDIT_NAMES}`,
      `edit rule "in-thread-key": threadKey uses {{Id}}, which is not one of: ${EDIT_NAMES}`,
      `edit rule "in-title": card.title uses {{Titel}}, which is not one of: ${EDIT_NAMES}`,
      `edit rule "in-subtitle": card.subtitle uses {{Prio}}, which is not one of: ${EDIT_NAMES}`,
    ]);
  });

  test("an unknown card field", () => {
    const rules = config({
      editRules: [
        { ...taskBlocked, message: { card: { title: "{{Task}}", fields: ["Due", "Notes"] } } },
      ],
    });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      `edit rule "task-blocked": card.fields names "Notes", which is not one of: ${EDIT_NAMES}`,
    ]);
  });

  test("form rules know the questions of the responses sheet, not its Timestamp column", () => {
    const rules = config({
      formRules: [{ ...accessRequest, message: "{{Name}} at {{Timestamp}}" }],
    });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'form rule "access-request": message uses {{Timestamp}}, which is not one of: ' +
        [...FORM_TEMPLATE_NAMES, "Name", "Team", "Systems", "Email"].join(", "),
    ]);
  });

  test("change rules know only their built-ins", () => {
    const rules = config({ changeRules: [{ ...rowsRemoved, message: "{{Task}} removed" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'change rule "rows-removed": message uses {{Task}}, which is not one of: ' +
        CHANGE_TEMPLATE_NAMES.join(", "),
    ]);
  });

  test("an invalid regular expression", () => {
    const rules = config({ editRules: [{ ...taskBlocked, when: { matches: "^(Blocked|Late" } }] });
    const problems = validateConfig(rules, new FakeDocument());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(
      /^edit rule "task-blocked": when\.matches is not a valid regular expression: /,
    );
  });

  test("an empty message, or a card without a title", () => {
    const rules = config({
      editRules: [{ ...taskStatus, message: "   " }],
      changeRules: [{ ...rowsRemoved, message: { card: { title: "" } } }],
    });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'edit rule "task-status": its message is empty',
      'change rule "rows-removed": its card has no title',
    ]);
  });

  test("two rules with one name, across kinds", () => {
    const rules = config({
      editRules: [taskStatus],
      changeRules: [{ ...rowsRemoved, name: "task-status" }],
    });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'change rule "task-status": another rule has the same name',
    ]);
  });

  test("a rule without a name", () => {
    const rules = config({ editRules: [{ ...taskStatus, name: "" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      "an unnamed edit rule: give it a name, used in errors and logs",
    ]);
  });

  test("a webhook whose Script Property is not set names the property", () => {
    const document = new FakeDocument();
    delete document.properties.CHAT_WEBHOOK_URL_ONCALL;
    const rules = config({ editRules: [taskBlocked] });
    expect(validateConfig(rules, document)).toEqual([
      'edit rule "task-blocked": Script Property CHAT_WEBHOOK_URL_ONCALL is not set: set it in ' +
        "Project Settings > Script Properties, or use the menu Chat notifications > Set webhook URL",
    ]);
  });

  test("an invalid webhook URL is reported without its token", () => {
    const document = new FakeDocument();
    document.properties.CHAT_WEBHOOK_URL = WEBHOOK.replace("https://", "http://");
    document.properties.CHAT_WEBHOOK_URL_ONCALL = `${WEBHOOK}#space`;
    const problems = validateConfig(config({ editRules: [taskStatus, taskBlocked] }), document);
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(
      /^edit rule "task-status": Script Property CHAT_WEBHOOK_URL is not a usable Chat webhook URL: it uses http:\/\//,
    );
    expect(problems[1]).toMatch(
      /^edit rule "task-blocked": Script Property CHAT_WEBHOOK_URL_ONCALL is not a usable/,
    );
    for (const problem of problems) {
      expect(problem).not.toContain(TOKEN);
      expect(problem).not.toContain("SeCrEt");
      expect(problem).not.toContain("AIzaSy");
    }
  });

  test("a webhook NAME that is a pasted URL is refused without its token", () => {
    const rules = config({ editRules: [{ ...taskBlocked, webhook: WEBHOOK }] });
    const problems = validateConfig(rules, new FakeDocument());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^edit rule "task-blocked": Webhook name ".*" is not valid/);
    expect(problems[0]).not.toContain("SeCrEt");
  });

  test('a form rule with source "form" when no form is bound', () => {
    const rules = config({ formRules: [{ ...accessRequest, source: "form" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'form rule "access-request": has source "form", but this script is not bound to a form',
    ]);
  });

  test("a missing responses sheet says how to link the form", () => {
    const rules = config({ formRules: [{ ...accessRequest, sheet: "Form Responses 2" }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'form rule "access-request": there is no responses sheet named "Form Responses 2": link the ' +
        "form to this spreadsheet (Form > Responses > Link to Sheets), or set the rule's sheet",
    ]);
  });

  test("replyOption without a threadKey", () => {
    const rules = config({ editRules: [{ ...taskStatus, threadKey: undefined }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'edit rule "task-status": replyOption needs a threadKey',
    ]);
  });

  test.each([0, -1, 2.5, Number.NaN])("coalesce.after of %p", (after) => {
    const rules = config({ editRules: [{ ...taskBlocked, coalesce: { after } }] });
    expect(validateConfig(rules, new FakeDocument())).toEqual([
      'edit rule "task-blocked": coalesce.after must be a whole number of 1 or more',
    ]);
  });

  test("every problem at once, in config order", () => {
    const document = new FakeDocument();
    delete document.properties.CHAT_WEBHOOK_URL_ONCALL;
    const rules = config({
      editRules: [
        { ...taskStatus, sheet: "Taks" },
        { ...taskStatus, column: "State", message: "", threadKey: undefined },
        { ...taskBlocked, when: { becomes: [] }, coalesce: { after: 0 } },
        { ...taskBlocked, name: "" },
      ],
      formRules: [
        { ...accessRequest, source: "form" },
        { ...accessRequest, name: "late-form", sheet: "Responses", message: "{{Nope}}" },
      ],
      changeRules: [{ ...rowsRemoved, changeTypes: [] }],
    });
    expect(validateConfig(rules, document)).toEqual([
      'edit rule "task-status": there is no sheet named "Taks"',
      'edit rule "task-status": another rule has the same name',
      'edit rule "task-status": column "State" is not in row 1 of sheet "Tasks" (headers: ID, Task, Owner, Status, Due)',
      'edit rule "task-status": its message is empty',
      'edit rule "task-status": replyOption needs a threadKey',
      expect.stringMatching(
        /^edit rule "task-blocked": Script Property CHAT_WEBHOOK_URL_ONCALL is not set/,
      ),
      'edit rule "task-blocked": when.becomes lists no value',
      'edit rule "task-blocked": coalesce.after must be a whole number of 1 or more',
      "an unnamed edit rule: give it a name, used in errors and logs",
      expect.stringMatching(
        /^an unnamed edit rule: Script Property CHAT_WEBHOOK_URL_ONCALL is not set/,
      ),
      'form rule "access-request": has source "form", but this script is not bound to a form',
      expect.stringMatching(
        /^form rule "late-form": there is no responses sheet named "Responses"/,
      ),
      'change rule "rows-removed": changeTypes lists no change type',
    ]);
  });

  // Validation offers the built-ins (old, new, row...) as card fields: the card shows their values.
  it("a card field that validation accepts shows its value, not a dash", () => {
    const rule: EditRule = {
      name: "status-card",
      sheet: "Tasks",
      column: "Status",
      message: { card: { title: "{{Task}}", fields: ["old", "new"] } },
    };
    expect(validateConfig(config({ editRules: [rule] }), new FakeDocument())).toEqual([]);
    const sheet = new MemorySheet();
    sheet.set("Tasks", 2, 4, "Done");
    const event = {
      sheet: "Tasks",
      firstRow: 2,
      lastRow: 2,
      firstColumn: 4,
      lastColumn: 4,
      oldValue: "Open",
      user: undefined,
    };
    const widgets = acceptedFor([rule], event, sheet)[0]?.notification.message.cardsV2?.[0]?.card
      .sections[0]?.widgets;
    expect(widgets?.map((w) => (w as DecoratedTextWidget).decoratedText.text)).toEqual([
      "Open",
      "Done",
    ]);
  });
});
