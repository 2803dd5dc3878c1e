import type { TriggerSpec } from "../../src/ports";
import type { Config } from "../../src/rules/config-types";
import { ENGLISH } from "../../src/i18n/texts";
import { ConfigError, runSetup, runTeardown } from "../../src/triggers/setup";
import { ruleTriggers } from "../../src/triggers/plan";
import { readRegistration } from "../../src/triggers/registration";
import type { LiveDocument } from "../../src/rules/validate";
import { MemoryStore } from "../doubles/memory-ports";
import { MemoryInstaller } from "../doubles/memory-installer";
import { TASK_HEADERS } from "../fixtures/tasks-sheet";

const WEBHOOK =
  "https://chat.googleapis.com/v1/spaces/AAAAx1y2z3/messages?key=AIzaSy-FAKE-test-key-not-a-real-key-000&token=FAKEtoken-for-tests1%3D";

const document: LiveDocument = {
  headers: (sheet, headerRow) =>
    sheet === "Tasks" && headerRow === 1
      ? TASK_HEADERS
      : sheet === "Form Responses 1"
        ? ["Timestamp", "Email Address", "Name"]
        : null,
  formQuestions: () => null,
  property: (name) => (name === "CHAT_WEBHOOK_URL" ? WEBHOOK : null),
};

const config: Config = {
  delivery: { requestIds: false },
  editRules: [
    {
      name: "task-status",
      sheet: "Tasks",
      column: "Status",
      message: "📌 *{{Task}}*: {{old}} → {{new}} · {{url}}",
      threadKey: "task-{{ID}}",
    },
  ],
  formRules: [
    { name: "access-request", source: "sheet", message: { card: { title: "{{Name}}" } } },
  ],
  changeRules: [
    { name: "rows-removed", changeTypes: ["REMOVE_ROW"], message: "Rows removed: {{url}}" },
  ],
};

const morning: TriggerSpec = {
  handler: "runDigests",
  eventType: "CLOCK",
  source: "CLOCK",
  schedule: { every: "day", atHour: 9 },
};
const desired = [...ruleTriggers(config), morning];

const ALICE = { user: "alice@example.com", timeZone: "Europe/Paris" };

const handlers = (installer: MemoryInstaller) =>
  installer
    .all()
    .map((t) => `${t.handler}:${t.source}:${t.eventType}`)
    .sort();

/** setup() of the test config, as Alice, in English. */
const setupWith = (installer: MemoryInstaller, store: MemoryStore) =>
  runSetup(config, document, installer, store, desired, ALICE, ENGLISH.setup);

describe("setup", () => {
  test("installs what the config needs and says so", () => {
    const installer = new MemoryInstaller();
    const report = setupWith(installer, new MemoryStore());
    expect(handlers(installer)).toEqual([
      "handleChange:SPREADSHEETS:ON_CHANGE",
      "handleEdit:SPREADSHEETS:ON_EDIT",
      "handleFormSubmit:SPREADSHEETS:ON_FORM_SUBMIT",
      "runDigests:CLOCK:CLOCK",
    ]);
    expect(report.kept).toBe(0);
    expect(report.removed).toBe(0);
    expect(report.created).toHaveLength(4);
    expect(report.created[0]).toBe("handleEdit on edit of the spreadsheet");
    expect(report.summary).toMatch(
      /^setup: the config is valid; 4 trigger\(s\) needed: 0 already installed, 4 installed now/,
    );
  });

  test("run twice, it leaves the same triggers, clock trigger included", () => {
    const installer = new MemoryInstaller();
    const store = new MemoryStore();
    setupWith(installer, store);
    const first = installer.all();
    const report = setupWith(installer, store);
    expect(installer.all()).toEqual(first);
    expect(installer.installed).toHaveLength(4);
    expect(installer.removed).toEqual([]);
    expect(report).toMatchObject({ kept: 4, created: [], removed: 0 });
  });

  test("without the record of its clock triggers, it replaces them rather than doubling them", () => {
    const installer = new MemoryInstaller();
    setupWith(installer, new MemoryStore());
    setupWith(installer, new MemoryStore());
    expect(handlers(installer).filter((h) => h.startsWith("runDigests"))).toHaveLength(1);
    expect(installer.all()).toHaveLength(4);
  });

  test("removes duplicates and triggers the config no longer needs, and leaves others alone", () => {
    const installer = new MemoryInstaller([
      { handler: "handleEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
      { handler: "handleEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
      { handler: "handleFormSubmit", eventType: "ON_FORM_SUBMIT", source: "FORMS" },
      { handler: "sendWeeklyReport", eventType: "CLOCK", source: "CLOCK" },
      { handler: "deliverOutbox", eventType: "CLOCK", source: "CLOCK" },
    ]);
    const report = setupWith(installer, new MemoryStore());
    expect(installer.removed).toEqual(["pre-2", "pre-3"]);
    expect(handlers(installer)).toEqual([
      "deliverOutbox:CLOCK:CLOCK",
      "handleChange:SPREADSHEETS:ON_CHANGE",
      "handleEdit:SPREADSHEETS:ON_EDIT",
      "handleFormSubmit:SPREADSHEETS:ON_FORM_SUBMIT",
      "runDigests:CLOCK:CLOCK",
      "sendWeeklyReport:CLOCK:CLOCK",
    ]);
    expect(report).toMatchObject({ kept: 1, removed: 2 });
  });

  test("an invalid config throws a ConfigError listing every problem, and installs nothing", () => {
    const installer = new MemoryInstaller([
      { handler: "handleEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
    ]);
    const store = new MemoryStore();
    const broken: Config = {
      ...config,
      editRules: [{ ...config.editRules[0]!, sheet: "Taks" }],
      changeRules: [{ name: "rows-removed", changeTypes: [], message: "{{Task}}" }],
    };
    let error: unknown;
    try {
      runSetup(broken, document, installer, store, desired, ALICE, ENGLISH.setup);
    } catch (thrown) {
      error = thrown;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(3);
    expect(problems[0]).toBe('edit rule "task-status": there is no sheet named "Taks"');
    expect((error as Error).message).toMatch(
      /^The Chat notifications config has 3 problems, so no trigger was installed or changed:\n- edit rule "task-status"/,
    );
    expect(installer.installed).toEqual([]);
    expect(installer.removed).toEqual([]);
    expect(store.calls.setMany).toBe(0);
  });

  test("more than 20 triggers is refused before any change", () => {
    const installer = new MemoryInstaller([
      ...Array.from({ length: 3 }, () => ({
        handler: "myReport",
        eventType: "CLOCK",
        source: "CLOCK",
      })),
      { handler: "handleChange", eventType: "ON_CHANGE", source: "SPREADSHEETS" },
    ]);
    const digests: TriggerSpec[] = Array.from({ length: 15 }, (_, hour) => ({
      ...morning,
      schedule: { every: "day", atHour: hour },
    }));
    const store = new MemoryStore();
    // 3 of the user's + 3 document triggers + 15 clocks = 21 (the old handleChange is kept).
    expect(() =>
      runSetup(
        config,
        document,
        installer,
        store,
        [...ruleTriggers(config), ...digests],
        ALICE,
        ENGLISH.setup,
      ),
    ).toThrow(
      /the config needs 18 triggers and the project would then have 21, plus 2 kept free for the outbox's deliverOutbox triggers; Apps Script allows 20 per user per script, so at most 18/,
    );
    expect(installer.installed).toEqual([]);
    expect(installer.removed).toEqual([]);
    expect(store.calls.setMany).toBe(0);
  });

  test("18 triggers is the most: two stay free for the outbox's deliverOutbox triggers", () => {
    const mine = (n: number) =>
      new MemoryInstaller(
        Array.from({ length: n }, () => ({
          handler: "myReport",
          eventType: "CLOCK",
          source: "CLOCK",
        })),
      );
    const digests: TriggerSpec[] = Array.from({ length: 14 }, (_, hour) => ({
      ...morning,
      schedule: { every: "day", atHour: hour },
    }));
    const eighteen = mine(1);
    runSetup(
      config,
      document,
      eighteen,
      new MemoryStore(),
      [...ruleTriggers(config), ...digests],
      ALICE,
      ENGLISH.setup,
    );
    expect(eighteen.all()).toHaveLength(18);
    expect(() =>
      runSetup(
        config,
        document,
        mine(2),
        new MemoryStore(),
        [...ruleTriggers(config), ...digests],
        ALICE,
        ENGLISH.setup,
      ),
    ).toThrow(/would then have 19, plus 2 kept free/);
    // A pending deliverOutbox trigger is one of the free ones, not one more.
    const withOutbox = new MemoryInstaller([
      { handler: "myReport", eventType: "CLOCK", source: "CLOCK" },
      { handler: "deliverOutbox", eventType: "CLOCK", source: "CLOCK" },
      { handler: "deliverOutbox", eventType: "CLOCK", source: "CLOCK" },
    ]);
    runSetup(
      config,
      document,
      withOutbox,
      new MemoryStore(),
      [...ruleTriggers(config), ...digests],
      ALICE,
      ENGLISH.setup,
    );
    expect(withOutbox.all()).toHaveLength(20);
  });

  test("says when it replaces another account's registration, and records its own", () => {
    const store = new MemoryStore();
    const first = runSetup(
      config,
      document,
      new MemoryInstaller(),
      store,
      desired,
      ALICE,
      ENGLISH.setup,
    );
    expect(first.summary).not.toMatch(/replace/);
    const bob = { ...ALICE, user: "bob@example.com" };
    const second = runSetup(
      config,
      document,
      new MemoryInstaller(),
      store,
      desired,
      bob,
      ENGLISH.setup,
    );
    expect(second.summary).toMatch(
      /These triggers replace the ones alice@example\.com registered: theirs stay installed under their account but do nothing now; alice@example\.com can remove them with teardown\(\)\./,
    );
    const registration = readRegistration(store.getAll())!;
    expect(registration).toMatchObject({ owner: "bob@example.com", timeZone: "Europe/Paris" });
    expect(registration.ids).toHaveLength(desired.length);
  });

  test("makes the clock triggers again when the script's time zone changed", () => {
    const installer = new MemoryInstaller();
    const store = new MemoryStore();
    setupWith(installer, store);
    const same = setupWith(installer, store);
    expect(same.created).toEqual([]);
    const moved = runSetup(
      config,
      document,
      installer,
      store,
      desired,
      {
        ...ALICE,
        timeZone: "America/New_York",
      },
      ENGLISH.setup,
    );
    expect(moved.created).toEqual([expect.stringMatching(/^runDigests /)]);
    expect(moved.removed).toBe(1);
    expect(moved.summary).toMatch(
      /time zone changed from Europe\/Paris to America\/New_York, so the clock triggers were made again/,
    );
  });

  describe("teardown", () => {
    test("removes the rules' and the outbox's triggers and nothing else", () => {
      const installer = new MemoryInstaller([
        { handler: "sendWeeklyReport", eventType: "CLOCK", source: "CLOCK" },
        { handler: "deliverOutbox", eventType: "CLOCK", source: "CLOCK" },
        { handler: "myOnEdit", eventType: "ON_EDIT", source: "SPREADSHEETS" },
      ]);
      const store = new MemoryStore();
      setupWith(installer, store);
      const summary = runTeardown(installer, store, ALICE, ENGLISH.setup);
      expect(handlers(installer)).toEqual([
        "myOnEdit:SPREADSHEETS:ON_EDIT",
        "sendWeeklyReport:CLOCK:CLOCK",
      ]);
      expect(summary).toBe(
        "teardown: removed 5 trigger(s); triggers of other functions were left alone.",
      );
    });

    test("after teardown, setup installs everything again", () => {
      const installer = new MemoryInstaller();
      const store = new MemoryStore();
      setupWith(installer, store);
      runTeardown(installer, store, ALICE, ENGLISH.setup);
      const report = setupWith(installer, store);
      expect(report).toMatchObject({ kept: 0, removed: 0 });
      expect(report.created).toHaveLength(4);
      expect(installer.all()).toHaveLength(4);
    });
  });
});
