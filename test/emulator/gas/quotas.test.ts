import { DAILY_QUOTAS, QUOTA_ERRORS } from "../../../emulator/gas/runtime/quotas";
import { projectOf } from "./project-fixture";

const CODE = `
  function readMany(e) {
    var props = PropertiesService.getScriptProperties();
    for (var i = 0; i < e.times; i++) props.getProperty("a");
  }
  function fetchMany(e) {
    var url = "https://chat.googleapis.com/v1/spaces/A/messages";
    for (var i = 0; i < e.times; i++) UrlFetchApp.fetch(url, { method: "post" });
  }
  function fetchBatch(e) {
    var url = "https://chat.googleapis.com/v1/spaces/A/messages";
    var requests = [];
    for (var i = 0; i < e.size; i++) requests.push({ url: url, method: "post" });
    UrlFetchApp.fetchAll(requests);
  }
  function busy() { Utilities.sleep(5 * 60 * 1000); }
`;

const DAY = 24 * 60 * 60_000;

function used(project: ReturnType<typeof projectOf>["project"], name: string): number {
  return project.quotaStatus().find((q) => q.name === name)!.used;
}

describe("daily quotas", () => {
  it("has Google's figures for both account kinds", () => {
    expect(DAILY_QUOTAS.consumer).toEqual({
      propertiesReadWrite: 50_000,
      urlFetchCalls: 20_000,
      triggerRuntimeMs: 90 * 60_000,
    });
    expect(DAILY_QUOTAS.workspace).toEqual({
      propertiesReadWrite: 500_000,
      urlFetchCalls: 100_000,
      triggerRuntimeMs: 6 * 60 * 60_000,
    });
  });

  it("refuses the 50,001st property call of a consumer's day, and resets 24 h after the first", () => {
    const { project, clock } = projectOf(CODE);
    expect(project.run("readMany", { times: 50_000 }).error).toBeUndefined();
    const refused = project.run("readMany", { times: 1 });
    expect(refused.error?.message).toBe(QUOTA_ERRORS.propertiesReadWrite);
    const status = project.quotaStatus().find((q) => q.name === "propertiesReadWrite")!;
    expect(status).toMatchObject({ used: 50_000, limit: 50_000, share: 1 });
    expect(status.resetsAt).toBe(refused.startedAt + DAY);
    clock.advance(DAY);
    expect(project.run("readMany", { times: 1 }).error).toBeUndefined();
    expect(used(project, "propertiesReadWrite")).toBe(1);
  });

  it("gives a Workspace account ten times the property calls", () => {
    const { project } = projectOf(CODE, { account: "workspace" });
    expect(project.run("readMany", { times: 50_001 }).error).toBeUndefined();
    expect(project.quotaStatus()[0]).toMatchObject({ limit: 500_000, used: 50_001 });
  });

  it("counts each request of fetchAll against the UrlFetch quota", () => {
    const { project, chat } = projectOf(CODE);
    // The recording Chat answers in 300 ms: 1,000 fetches fit in one execution's 6 minutes.
    for (let i = 0; i < 20; i++) {
      expect(project.run("fetchMany", { times: i < 19 ? 1_000 : 990 }).error).toBeUndefined();
    }
    const batch = project.run("fetchBatch", { size: 11 });
    expect(batch.error?.message).toBe("Service invoked too many times for one day: urlfetch.");
    expect(chat.requests).toHaveLength(19_990);
    expect(project.run("fetchBatch", { size: 10 }).error).toBeUndefined();
    expect(used(project, "urlFetchCalls")).toBe(20_000);
  });

  it("refuses trigger executions once their day's runtime is spent; editor runs go on", () => {
    const { project, clock } = projectOf(CODE);
    for (let i = 0; i < 18; i++) {
      expect(project.run("busy", undefined, { kind: "trigger" }).error).toBeUndefined();
    }
    expect(used(project, "triggerRuntimeMs")).toBe(90 * 60_000);
    const refused = project.run("busy", undefined, { kind: "trigger" });
    expect(refused.error?.message).toBe("Service using too much computer time for one day");
    expect(refused.endedAt).toBe(refused.startedAt);
    expect(project.run("busy").error).toBeUndefined();
    clock.advance(DAY);
    expect(project.run("busy", undefined, { kind: "trigger" }).error).toBeUndefined();
  });

  it("keeps each user's quotas apart", () => {
    const { project } = projectOf(CODE);
    project.run("readMany", { times: 10 });
    project.run("readMany", { times: 3 }, { as: "bob@example.com" });
    expect(used(project, "propertiesReadWrite")).toBe(10);
    expect(project.quotaStatus("bob@example.com")[0]!.used).toBe(3);
  });
});
