// `npm start`: the project's bundle (dist/Code.js, as clasp would push it) in the local Apps Script
// runtime, against a local Chat space served over HTTP on 127.0.0.1. It plays a short scripted
// day and prints what the space received, thread by thread. `npm start -- --serve` keeps the
// space's page up afterwards, with virtual time following real time.
import type { CreatedWebhook, StoredMessage } from "./chat";
import { followRealTime } from "./follow-real-time";
import { createLocalWorld, type LocalWorld } from "./local-world";
import { ACCESS_FORM, PEOPLE_SHEET, teamSpreadsheet } from "./samples";
import { RULE_COLUMNS, type RuleColumn } from "../src/rules/sheet-rules";

const serve = process.argv.includes("--serve");

// The user's own script file, beside the bundle: what a team would write in their project.
const USER_CODE = `
function morningDeploy() {
  notify("🚀 Deploy *v2.3* finished: 14 changes, 0 failures", { trustedText: true });
}
function ticketUpdates() {
  notify("Ticket T-42 opened by Ana: printer on floor 3 is down", { threadKey: "T-42" });
  notify("Ticket T-42: assigned to Ben", { threadKey: "T-42" });
  notify("Ticket T-42: closed, toner replaced", { threadKey: "T-42" });
}
function importBurst() {
  for (var i = 1; i <= 8; i++) {
    notify("Imported order #" + (1000 + i), { coalesce: { group: "imports", after: 3 } });
  }
}
function cellText() {
  notify("A cell said: <users/all> please see <https://evil.example|this>");
}
function onCallAlert() {
  notify("Disk 91% full on db-1", { webhook: "ONCALL" });
}
function releaseNotes() {
  notify(
    "## Release 2.4\\n\\n**Shipped** today, see [the changelog](https://example.com/changelog):\\n\\n" +
      "- faster digests\\n- \`notify()\` takes Markdown\\n  - and mentions",
    { format: "markdown", trustedText: true },
  );
}
`;

/** The local URL of each webhook (a fake key and token), ready for curl or a quickstart sample. */
function printWebhooks(origin: string, webhooks: readonly CreatedWebhook[]): void {
  console.log(
    "Local webhook URLs (fake key and token), to paste into curl or Google's quickstart:",
  );
  for (const webhook of webhooks) {
    const local = webhook.url.replace("https://chat.googleapis.com", origin);
    console.log(`  spaces/${webhook.space}: ${local}`);
  }
  const first = webhooks[0]!.url.replace("https://chat.googleapis.com", origin);
  console.log(
    `  e.g. curl -X POST -H 'Content-Type: application/json; charset=UTF-8' ` +
      `-d '{"text": "Hello from curl"}' '${first}'\n`,
  );
}

function clockTime(time: number): string {
  return new Date(time).toISOString().slice(11, 19);
}

function printSpace(world: LocalWorld, space: string): void {
  console.log(`\nspaces/${space}`);
  for (const thread of world.chat.threads(space)) {
    const key = thread.threadKey ? ` (threadKey ${thread.threadKey})` : "";
    console.log(`  ${thread.name}${key}`);
    for (const message of thread.messages) printMessage(message);
  }
}

function printMessage(message: StoredMessage): void {
  const cardLines = (message.cardsV2 ?? []).flatMap((c) => {
    const card = c.card as {
      header?: { title?: string };
      sections?: { header?: string; widgets?: Record<string, Record<string, string>>[] }[];
    };
    const lines = [`[card] ${card.header?.title ?? ""}`];
    for (const section of card.sections ?? []) {
      if (section.header) lines.push(`  ${section.header}`);
      for (const widget of section.widgets ?? []) {
        const d = widget.decoratedText;
        if (d) {
          const label = d.topLabel ? `${d.topLabel}: ` : "";
          lines.push(`  ${label}${d.text ?? ""}${d.bottomLabel ? ` (${d.bottomLabel})` : ""}`);
        } else if (widget.textParagraph) lines.push(`  ${widget.textParagraph.text}`);
      }
    }
    return lines;
  });
  const text = [message.text, ...cardLines].filter((t) => t !== undefined).join("\n") || "(empty)";
  const [first, ...rest] = text.split("\n");
  console.log(`    ${clockTime(message.createTime)}  ${first}`);
  for (const line of rest) console.log(`              ${line}`);
}

/** A person's action in the spreadsheet or form; the installable triggers it fires run as they would. */
function edit(world: LocalWorld, title: string, action: () => unknown): void {
  const before = world.project.executions.length;
  action();
  const runs = world.project.executions.slice(before);
  const ran = runs.map((r) =>
    r.error ? `${r.functionName} FAILED: ${r.error.message}` : `${r.functionName}: ${r.value}`,
  );
  console.log(`${clockTime(world.clock.now())}  ${title} -> ${ran.join("; ") || "no trigger"}`);
}

function step(world: LocalWorld, title: string, functionName: string): void {
  const result = world.project.run(functionName);
  const outcome = result.error ? `FAILED: ${result.error.message}` : "ok";
  console.log(`${clockTime(result.startedAt)}  ${title} (${functionName}): ${outcome}`);
}

/** The team lead changes what notifies whom in the rules sheet, mid-day: no build, no push. */
function sheetRulesMidDay(world: LocalWorld): void {
  const sheet = world.project.spreadsheet!;
  const row = (cells: Partial<Record<RuleColumn, string>>) =>
    RULE_COLUMNS.map(({ key }) => cells[key] ?? "");
  step(world, "Menu: create the rules sheet", "createRulesSheetFromMenu");
  edit(world, "Dara writes a rule in 'Chat rules': Status becomes Done -> on-call space", () =>
    sheet.edit({
      sheet: "Chat rules",
      range: `A2:${String.fromCharCode(64 + RULE_COLUMNS.length)}2`,
      values: [
        row({
          name: "done-to-oncall",
          enabled: "TRUE",
          kind: "edit",
          sheet: "Tasks",
          column: "Status",
          condition: "becomes",
          value: "Done",
          message: "✅ {{Task}}: {{new}} ({{Owner}}) {{url}}",
          webhook: "ONCALL",
        }),
      ],
    }),
  );
  edit(world, "Ana sets T-5 to Done", () =>
    sheet.edit({ sheet: "Tasks", range: "D6", values: "Done", user: "ana@example.com" }),
  );
  world.project.advance(5 * 60_000);
  edit(world, "Dara changes the rule's value to Shipped, in the sheet", () =>
    sheet.edit({ sheet: "Chat rules", range: "G2", values: "Shipped" }),
  );
  edit(world, "Ben sets T-7 to Done (the rule no longer matches)", () =>
    sheet.edit({ sheet: "Tasks", range: "D8", values: "Done" }),
  );
  edit(world, "Ben sets T-9 to Shipped (it does)", () =>
    sheet.edit({ sheet: "Tasks", range: "D10", values: "Shipped" }),
  );
  edit(world, "Dara mistypes the column of a second rule (flagged on its cell)", () =>
    sheet.edit({
      sheet: "Chat rules",
      range: `A3:${String.fromCharCode(64 + RULE_COLUMNS.length)}3`,
      values: [
        row({
          name: "typo",
          enabled: "TRUE",
          kind: "edit",
          sheet: "Tasks",
          column: "Stauts",
          message: "x",
        }),
      ],
    }),
  );
  const notes = sheet.formats("Chat rules").notes;
  console.log(`          note on Chat rules!E3: ${notes.E3 ?? "(none)"}`);
}

/** The history sheet, as the team sees it. */
function printLog(world: LocalWorld): void {
  const rows = world.project.spreadsheet!.values("Chat log");
  console.log(`
Chat log (${rows.length - 1} rows): Rule | Space | Outcome | Reason`);
  for (const [, , rule, space, , outcome, reason] of rows.slice(1)) {
    console.log(
      `  ${String(rule)} | ${String(space)} | ${String(outcome)}${reason ? ` | ${String(reason)}` : ""}`,
    );
  }
}

async function main(): Promise<void> {
  const world = createLocalWorld({
    route: "loopback",
    userCode: [USER_CODE],
    keepProcessAlive: serve,
    // Locale zh_TW: the project's own words (menu, buttons, digest dates) are in Traditional
    // Chinese; the templates of src/config.ts stay the author's English.
    spreadsheet: {
      ...teamSpreadsheet(),
      locale: "zh_TW",
      sheets: { ...teamSpreadsheet().sheets, People: PEOPLE_SHEET },
    },
    form: ACCESS_FORM,
  });
  const sheet = world.project.spreadsheet!;
  const form = world.project.form!;
  try {
    const team = world.connectWebhook("AAAAteam");
    const oncall = world.connectWebhook("AAAAoncall", "ONCALL");
    console.log(
      "Local run of dist/Code.js: Apps Script emulated in-process, Chat served on " +
        `${world.server!.origin}\nCHAT_WEBHOOK_URL and CHAT_WEBHOOK_URL_ONCALL point at local webhooks.\n` +
        "The sample spreadsheet 'Team tasks' (sheets Tasks, Form Responses 1, People; locale zh_TW)\n" +
        "and form 'Access request' are bound, with the example rules of src/config.ts.\n" +
        "Service calls cost typical time.\n",
    );
    printWebhooks(world.server!.origin, [team, oncall]);

    step(world, "Menu: install or update triggers", "setup");
    step(world, "Menu: send a test message", "sendTestMessage");
    world.project.advance(60_000);
    step(world, "User code: deploy announcement", "morningDeploy");
    world.project.advance(5 * 60_000);
    step(world, "User code: three updates in one ticket's thread", "ticketUpdates");
    world.project.advance(5 * 60_000);
    edit(world, "Ana sets T-3 to In progress", () =>
      sheet.edit({ sheet: "Tasks", range: "D4", values: "In progress", user: "ana@example.com" }),
    );
    world.project.advance(20 * 60_000);
    edit(world, "Ana sets T-3 to Done (same thread)", () =>
      sheet.edit({ sheet: "Tasks", range: "D4", values: "Done", user: "ana@example.com" }),
    );
    edit(world, "Ben edits a note (no rule)", () =>
      sheet.edit({ sheet: "Tasks", range: "F6", values: "called the vendor" }),
    );
    edit(world, "Ben pastes Blocked over T-6..T-8 (owners @mentioned from the People sheet)", () =>
      sheet.edit({
        sheet: "Tasks",
        range: "D7:D9",
        values: [["Blocked"], ["Blocked"], ["Blocked"]],
      }),
    );
    world.project.advance(10 * 60_000);
    sheetRulesMidDay(world);
    for (const [name, email, team, why] of [
      ["Zoë", "zoe", "Ops", "On-call rotation"],
      ["李雷", "li.lei", "開発チーム", "新しいダッシュボード 📊"],
      ["Eve", "eve", "Sales", "<users/all> click https://evil.example"],
    ] as const) {
      edit(
        world,
        `Form: access request from ${name}, with an ID photo and a grid (Sheets fires it twice)`,
        () =>
          form.submit(
            {
              Name: name,
              Team: team,
              Systems: ["Chat", "Sheets"],
              Why: why,
              "ID photo": [`1IdPhotoOf${email.replace(/\W/g, "")}0000000`],
              Access: { Chat: "Write", Drive: "Read" },
            },
            {
              email: `${email}@example.com`,
              firesTwice: true,
            },
          ),
      );
      world.project.advance(3_000);
    }
    world.project.advance(5 * 60_000);
    world.chat.injectFaults("AAAAteam", [{ status: 503 }, { status: 429 }]);
    console.log(`${clockTime(world.clock.now())}  Chat will answer 503, then 429`);
    step(world, "User code: a burst of 8 imports, coalesced past 3", "importBurst");
    world.project.advance(60_000);
    step(world, "User code: text copied from a cell", "cellText");
    step(world, "User code: alert to the on-call space", "onCallAlert");
    world.project.advance(2_000);
    step(world, "User code: release notes written in Markdown", "releaseNotes");
    world.project.runUntilIdle({ maxMs: 10 * 60_000 });
    const nine = new Date(world.clock.now());
    nine.setUTCHours(10, 0, 0, 0);
    console.log(
      `${clockTime(world.clock.now())}  ...time passes; the 9:00 digests are due (in zh-TW)`,
    );
    const digestRuns = world.project
      .advanceTo(nine.getTime())
      .filter((run) => run.functionName === "runDigests");
    for (const run of digestRuns) {
      const outcome = run.error ? `FAILED: ${run.error.message}` : String(run.value);
      console.log(`${clockTime(run.startedAt)}  Trigger runDigests: ${outcome}`);
    }
    world.project.runUntilIdle({ maxMs: 60 * 60_000 });
    const drains = world.project.executions.filter((e) => e.functionName === "deliverOutbox");
    console.log(
      `(the deliverOutbox trigger ran ${drains.length} times in all; the queue is empty)`,
    );

    for (const space of world.chat.spaces()) printSpace(world, space);
    printLog(world);

    const requests = world.chat.spaces().flatMap((space) => world.chat.requests(space));
    const failed = requests.filter((r) => r.answer.kind !== "response" || r.answer.status !== 200);
    const status = world.project.run("showStatus").value as string;
    const calls = Object.entries(world.project.calls)
      .sort(([, a], [, b]) => b - a)
      .map(([name, count]) => `${name} ${count}`)
      .join(", ");
    console.log(
      `\nSummary: ${requests.length - failed.length} messages delivered, ${failed.length} requests ` +
        `answered with an error and retried, ${world.project.executions.length} executions.`,
    );
    console.log(`showStatus():\n  ${status.split("\n").join("\n  ")}`);
    console.log(`Service calls: ${calls}`);

    if (serve) {
      // From here virtual time follows real time, so the space accepts a write a second again and
      // the project's triggers come due as they would.
      followRealTime({
        advance: (ms) => world.project.advance(ms),
        onError: (error) => console.error(error),
      });
      console.log(`\nThe space's page: ${world.server!.origin}/  (Ctrl-C to stop)`);
      console.log("Virtual time now follows real time; the webhook URLs above keep working.");
      await new Promise(() => undefined);
    }
  } finally {
    if (!serve) await world.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
