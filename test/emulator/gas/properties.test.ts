import {
  PROPERTY_STORE_FULL,
  PROPERTY_VALUE_TOO_LARGE,
} from "../../../emulator/gas/services/properties";
import { projectOf } from "./project-fixture";

const script = `
  function set(e) { PropertiesService.getScriptProperties().setProperty(e.key, e.value); }
  function setMany(e) { PropertiesService.getScriptProperties().setProperties(e.values, e.deleteAllOthers); }
  function read() {
    var props = PropertiesService.getScriptProperties();
    return { all: props.getProperties(), keys: props.getKeys().sort(), missing: props.getProperty("nope") };
  }
  function remove(key) { PropertiesService.getScriptProperties().deleteProperty(key); }
  function documentStore() { return PropertiesService.getDocumentProperties(); }`;

describe("PropertiesService", () => {
  it("keeps values across executions and lets the host read and seed them uncounted", () => {
    const { project } = projectOf(script);
    project.scriptProperties.set(
      "CHAT_WEBHOOK_URL",
      "https://chat.googleapis.com/v1/spaces/A/messages",
    );
    project.run("set", { key: "cursor", value: "42" });
    expect(project.run("read").value).toEqual({
      all: { CHAT_WEBHOOK_URL: "https://chat.googleapis.com/v1/spaces/A/messages", cursor: "42" },
      keys: ["CHAT_WEBHOOK_URL", "cursor"],
      missing: null,
    });
    project.run("remove", "cursor");
    expect(project.scriptProperties.get("cursor")).toBeNull();
    project.run("setMany", { values: { a: "1" }, deleteAllOthers: true });
    expect(project.scriptProperties.toObject()).toEqual({ a: "1" });
  });

  it("refuses a value over 9 KB with Apps Script's text and keeps the old value", () => {
    const { project } = projectOf(script);
    project.run("set", { key: "k", value: "old" });
    expect(project.run("set", { key: "k", value: "x".repeat(9 * 1024) }).error).toBeUndefined();
    const result = project.run("set", { key: "k", value: "x".repeat(9 * 1024 + 1) });
    expect(result.error?.message).toBe(PROPERTY_VALUE_TOO_LARGE);
    expect(project.scriptProperties.get("k")).toHaveLength(9 * 1024);
  });

  it("refuses to grow a store past 500 KB, and setProperties changes nothing when it does not fit", () => {
    const { project } = projectOf(script);
    const eightKb = "v".repeat(8 * 1024);
    for (let i = 0; i < 62; i++)
      project.scriptProperties.set(`key${String(i).padStart(2, "0")}`, eightKb);
    expect(project.run("set", { key: "one-more", value: eightKb }).error?.message).toBe(
      PROPERTY_STORE_FULL,
    );
    expect(PROPERTY_STORE_FULL).toBe(
      "You have exceeded the property storage quota. Please remove some properties and try again.",
    );
    const result = project.run("setMany", { values: { small: "1", big: eightKb } });
    expect(result.error?.message).toBe(PROPERTY_STORE_FULL);
    expect(project.scriptProperties.get("small")).toBeNull();
  });

  it("has no document properties unless the script is bound to a document", () => {
    const { project } = projectOf(script);
    expect(project.run("documentStore").value).toBeNull();
  });
});
