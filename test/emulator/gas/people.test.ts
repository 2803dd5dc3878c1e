import { projectOf } from "./project-fixture";

const script = `
  function search(args) { return People.People.searchDirectoryPeople(args); }
  function hasPeople() { return typeof People !== "undefined"; }`;

const PEOPLE = {
  dependencies: {
    enabledAdvancedServices: [{ userSymbol: "People", serviceId: "peopleapi", version: "v1" }],
  },
};
const SCOPE = "https://www.googleapis.com/auth/directory.readonly";
const DIRECTORY = [
  { id: "111", emails: ["ana@example.com"], name: "Ana Souza" },
  { id: "112", emails: ["ana.b@example.com"], name: "Ana Bell" },
  { id: "222", emails: ["ben@example.com"] },
];
const ARGS = { readMask: "emailAddresses", sources: ["DIRECTORY_SOURCE_TYPE_DOMAIN_PROFILE"] };

function peopleProject(scopes: string[] = [SCOPE]) {
  return projectOf(script, {
    manifest: { timeZone: "Europe/Paris", oauthScopes: scopes, ...PEOPLE },
    directory: DIRECTORY,
  }).project;
}

describe("People advanced service", () => {
  it("exists only when the manifest enables it", () => {
    expect(projectOf(script, { directory: DIRECTORY }).project.run("hasPeople").value).toBe(false);
    expect(peopleProject().run("hasPeople").value).toBe(true);
  });

  it("matches by prefix and answers people with resourceName people/ID", () => {
    const result = peopleProject().run("search", { query: "ana", ...ARGS });
    expect(result.value).toEqual({
      people: [
        {
          resourceName: "people/111",
          etag: "%E111",
          emailAddresses: [{ value: "ana@example.com", metadata: { primary: true } }],
        },
        {
          resourceName: "people/112",
          etag: "%E112",
          emailAddresses: [{ value: "ana.b@example.com", metadata: { primary: true } }],
        },
      ],
      totalSize: 2,
    });
    expect(result.calls["People.People.searchDirectoryPeople"]).toBe(1);
  });

  it("answers an empty object when nobody matches (proto3 JSON leaves empty lists out)", () => {
    expect(peopleProject().run("search", { query: "zoe@example.com", ...ARGS }).value).toEqual({});
  });

  it("pages with pageSize", () => {
    const value = peopleProject().run("search", { query: "a", ...ARGS, pageSize: 1 }).value as {
      people: unknown[];
      nextPageToken?: string;
    };
    expect(value.people).toHaveLength(1);
    expect(value.nextPageToken).toBeDefined();
  });

  it.each([
    [{ ...ARGS }, "Query must be specified."],
    [{ query: "ana", sources: ARGS.sources }, "Request must set readMask."],
    [{ query: "ana", readMask: "emailAddresses" }, "Request must specify valid sources."],
    [{ query: "ana", ...ARGS, readMask: "secrets" }, 'Invalid readMask path "secrets".'],
    [{ query: "ana", ...ARGS, pageSize: 501 }, "pageSize must be between 1 and 500."],
  ])("refuses %j", (args, message) => {
    const result = peopleProject().run("search", args);
    expect(result.error?.message).toBe(
      `API call to people.people.searchDirectoryPeople failed with error: ${message}`,
    );
  });

  it("fails without the directory.readonly scope", () => {
    expect(peopleProject([]).run("search", { query: "ana", ...ARGS }).error?.message).toMatch(
      /insufficient authentication scopes/,
    );
  });
});
