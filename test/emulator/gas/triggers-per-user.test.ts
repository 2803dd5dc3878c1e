import { projectOf } from "./project-fixture";

const BOB = "bob@example.com";

const CODE = `
  function arm() {
    ScriptApp.newTrigger("whoAmI").timeBased().after(60000).create();
    return ScriptApp.getProjectTriggers().length;
  }
  function mine() {
    return ScriptApp.getProjectTriggers().map(function (t) { return t.getUniqueId(); });
  }
  function deleteAll() {
    ScriptApp.getProjectTriggers().forEach(function (t) { ScriptApp.deleteTrigger(t); });
  }
  function fill() {
    for (var i = 0; i < 20; i++) ScriptApp.newTrigger("whoAmI").timeBased().everyHours(1).create();
  }
  function whoAmI() {
    PropertiesService.getUserProperties().setProperty("seen", Session.getEffectiveUser().getEmail());
    return Session.getEffectiveUser().getEmail();
  }
`;

describe("installable triggers belong to their creator", () => {
  it("shows each user only their own triggers", () => {
    const { project } = projectOf(CODE);
    expect(project.run("arm").value).toBe(1);
    expect(project.run("arm", undefined, { as: BOB }).value).toBe(1);
    expect(project.triggers.map((t) => t.owner)).toEqual(["owner@example.com", BOB]);
    expect(project.run("mine", undefined, { as: BOB }).value).toEqual([project.triggers[1]!.uid]);
  });

  it("lets a user delete only their own", () => {
    const { project } = projectOf(CODE);
    project.run("arm");
    project.run("arm", undefined, { as: BOB });
    project.run("deleteAll", undefined, { as: BOB });
    expect(project.triggers.map((t) => t.owner)).toEqual(["owner@example.com"]);
  });

  it("counts the 20-trigger limit per user", () => {
    const { project } = projectOf(CODE);
    expect(project.run("fill").error).toBeUndefined();
    expect(project.run("arm").error?.message).toMatch(/too many triggers/);
    expect(project.run("arm", undefined, { as: BOB }).error).toBeUndefined();
  });

  it("runs each trigger as its owner, with the owner's User Properties", () => {
    const { project } = projectOf(CODE);
    project.run("arm", undefined, { as: BOB });
    const [run] = project.advance(10 * 60_000);
    expect(run!.value).toBe(BOB);
    expect(project.userPropertiesOf(BOB).get("seen")).toBe(BOB);
    expect(project.userProperties.get("seen")).toBeNull();
    expect(project.run("whoAmI").value).toBe("owner@example.com");
  });
});
