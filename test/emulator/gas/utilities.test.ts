import { createHash } from "node:crypto";
import { formatDate } from "../../../emulator/gas/services/format-date";
import { projectOf, START } from "./project-fixture";

const script = `
  function digest(text) {
    return Utilities.computeDigest(Utilities.DigestAlgorithm.SHA_256, text, Utilities.Charset.UTF_8);
  }
  function roundTrip(text) {
    var encoded = Utilities.base64Encode(text);
    return [encoded, Utilities.newBlob(Utilities.base64Decode(encoded)).getDataAsString()];
  }
  function uuids() { return [Utilities.getUuid(), Utilities.getUuid()]; }
  function today() { return Utilities.formatDate(new Date(), "America/New_York", "yyyy-MM-dd HH:mm z"); }
  function badPattern() { return Utilities.formatDate(new Date(), "UTC", "yyyy-qq"); }`;

describe("Utilities", () => {
  it("computes digests as signed bytes, like Java", () => {
    const { project } = projectOf(script);
    const expected = Array.from(createHash("sha256").update("héllo", "utf8").digest(), (b) =>
      b > 127 ? b - 256 : b,
    );
    const value = project.run("digest", "héllo").value as number[];
    expect(value).toEqual(expected);
    expect(value.some((b) => b < 0)).toBe(true);
  });

  it("encodes and decodes base64 through bytes", () => {
    const { project } = projectOf(script);
    expect(project.run("roundTrip", "Grüße ✓").value).toEqual([
      Buffer.from("Grüße ✓").toString("base64"),
      "Grüße ✓",
    ]);
  });

  it("makes reproducible version-4 UUIDs from the project's random source", () => {
    let seed = 1;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const first = projectOf(script, { random }).project.run("uuids").value as string[];
    seed = 1;
    const second = projectOf(script, { random }).project.run("uuids").value as string[];
    expect(first).toEqual(second);
    expect(first[0]).not.toBe(first[1]);
    expect(first[0]).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });

  it("formats dates in the script's virtual now and refuses unknown pattern letters", () => {
    const { project } = projectOf(script);
    expect(project.run("today").value).toBe("2026-01-05 03:00 EST");
    expect(project.run("badPattern").error?.message).toContain("Illegal pattern character 'q'");
  });

  it("formats SimpleDateFormat letters in any IANA zone", () => {
    const t = Date.UTC(2026, 6, 4, 13, 5, 9, 7); // Saturday 4 July 2026, 13:05:09.007 UTC
    expect(formatDate(t, "Europe/Paris", "EEEE d MMMM yyyy, HH:mm:ss.SSS XXX")).toBe(
      "Saturday 4 July 2026, 15:05:09.007 +02:00",
    );
    expect(formatDate(t, "America/Los_Angeles", "EEE, MMM dd yy hh:mm a Z")).toBe(
      "Sat, Jul 04 26 06:05 AM -0700",
    );
    expect(formatDate(t, "UTC", "yyyy-MM-dd'T'HH:mm:ssXXX 'o''clock'")).toBe(
      "2026-07-04T13:05:09Z o'clock",
    );
    expect(formatDate(t, "Asia/Kolkata", "H:mm z")).toBe("18:35 GMT+05:30");
    expect(formatDate(START, "Not/AZone", "HH:mm")).toBe("08:00");
  });
});
