import { createLocalWorld } from "../emulator/local-world";
const USER_CODE = `function burst(e) { for (var i = 1; i <= e.count; i++) notify("burst " + i + " " + e.pad); }`;
const w = createLocalWorld({ userCode: [USER_CODE], latency: "typical" });
w.connectWebhook("AAAAbench");
const r = w.project.run("burst", { count: Number(process.argv[2] ?? 1000), pad: "x".repeat(100) });
const sum = (calls: Record<string, number>) =>
  Object.entries(calls).filter(([k]) => /Propert/.test(k));
console.log("producer", r.endedAt - r.startedAt, "ms", r.error, sum(r.calls));
const start = r.startedAt;
for (;;) {
  w.project.runUntilIdle({ maxMs: 3600_000 });
  if (!w.project.triggers.some((t) => t.handler === "deliverOutbox")) break;
  w.project.advance(5 * 60_000);
  if (w.clock.now() - start > 86400_000) break;
}
for (const e of w.project.executions.slice(1))
  console.log(
    e.kind,
    e.functionName ?? "",
    e.startedAt - start,
    e.endedAt - e.startedAt,
    JSON.stringify(sum(e.calls)),
    e.calls["Utilities.sleep"],
  );
const msgs = w.chat.messages("AAAAbench");
console.log(
  "messages",
  msgs.length,
  "last at",
  msgs.at(-1)!.createTime - start,
  new Set(msgs.flatMap((m) => m.text!.split("\n"))).size,
);
