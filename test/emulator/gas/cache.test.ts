import { projectOf } from "./project-fixture";

const script = `
  function put(e) { CacheService.getScriptCache().put(e.key, e.value, e.ttl); }
  function get(key) { return CacheService.getScriptCache().get(key); }
  function putAll(values) { CacheService.getScriptCache().putAll(values); }
  function getAll(keys) { return CacheService.getScriptCache().getAll(keys); }`;

describe("CacheService", () => {
  it("expires entries in virtual time, 600 s by default", () => {
    const { project, clock } = projectOf(script);
    project.run("put", { key: "short", value: "1", ttl: 60 });
    project.run("put", { key: "default", value: "2" });
    clock.advance(59_999);
    expect(project.run("get", "short").value).toBe("1");
    clock.advance(1);
    expect(project.run("get", "short").value).toBeNull();
    clock.advance(600_000 - 60_000 - 1);
    expect(project.run("get", "default").value).toBe("2");
    clock.advance(1);
    expect(project.run("get", "default").value).toBeNull();
  });

  it("caps the lifetime at 6 hours", () => {
    const { project, clock } = projectOf(script);
    project.run("put", { key: "k", value: "v", ttl: 86400 });
    clock.advance(6 * 3600 * 1000);
    expect(project.run("get", "k").value).toBeNull();
  });

  it("loses entries when the host evicts them early", () => {
    const { project } = projectOf(script);
    project.run("putAll", { a: "1", b: "2", c: "3" });
    project.evictCache(["b"]);
    expect(project.run("getAll", ["a", "b", "c"]).value).toEqual({ a: "1", c: "3" });
    project.evictCache();
    expect(project.run("getAll", ["a", "c"]).value).toEqual({});
  });

  it("refuses values over 100 KB and keys over 250 characters", () => {
    const { project } = projectOf(script);
    expect(project.run("put", { key: "k", value: "x".repeat(100 * 1024) }).error).toBeUndefined();
    expect(project.run("put", { key: "k", value: "x".repeat(100 * 1024 + 1) }).error?.message).toBe(
      "Argument too large: value",
    );
    expect(project.run("put", { key: "k".repeat(251), value: "v" }).error?.message).toBe(
      "Argument too large: key",
    );
  });
});
