import { projectOf } from "./project-fixture";

const script = `function nameOf(id) { return DriveApp.getFileById(id).getName(); }`;
const FILES = [{ id: "1FileIdAAAAAAAA", name: "receipt.pdf" }];

describe("DriveApp", () => {
  it("reads a file's name with a Drive scope", () => {
    const { project } = projectOf(script, {
      manifest: { oauthScopes: ["https://www.googleapis.com/auth/drive.readonly"] },
      driveFiles: FILES,
    });
    const result = project.run("nameOf", "1FileIdAAAAAAAA");
    expect(result.value).toBe("receipt.pdf");
    expect(result.calls).toEqual({ "DriveApp.getFileById": 1, "File.getName": 1 });
    expect(project.run("nameOf", "1FileIdMissing00").error?.message).toBe(
      "No item with the given ID could be found. Or you do not have permission to access it.",
    );
  });

  it("refuses without one when the manifest lists its scopes", () => {
    const { project } = projectOf(script, {
      manifest: { oauthScopes: ["https://www.googleapis.com/auth/forms.currentonly"] },
      driveFiles: FILES,
    });
    expect(project.run("nameOf", "1FileIdAAAAAAAA").error?.message).toMatch(
      /^You do not have permission to call DriveApp\.getFileById\. Required permissions: \(https:\/\/www\.googleapis\.com\/auth\/drive\.readonly/,
    );
  });
});
