// The card the project's form rule posts for one submission of the sample access form (six
// questions), captured from a real emulated submission on this build, so the capacity benchmark
// fills the store with what the builder produces rather than a hand-typed copy.
import { createLocalWorld } from "../emulator/local-world";
import { ACCESS_FORM, teamSpreadsheet } from "../emulator/samples";

const PHOTO = "1BenchIdPhotoFile01";
const FORM_SPACE = "AAAAform";

/** A typical submission: every question answered, a sentence of reasons, one upload. */
const ANSWERS = {
  Name: "Mei Tanaka",
  Team: "Ops",
  Systems: ["Chat", "Drive"],
  Why: "I join the on-call rotation next week and need the incident threads and the runbooks.",
  "ID photo": [PHOTO],
  Access: { Chat: "Write", Drive: "Read" },
};

/** The message (cardsV2 and fallback text) Chat received for one submission. */
export function capturedFormCard(): object {
  const w = createLocalWorld({
    spreadsheet: teamSpreadsheet(),
    form: ACCESS_FORM,
    latency: "zero",
    driveFiles: [{ id: PHOTO, name: "badge photo.jpg" }],
  });
  w.connectWebhook(FORM_SPACE);
  const setup = w.project.run("setup");
  if (setup.error) throw new Error(`setup failed: ${setup.error.message}`);
  w.project.form!.submit(ANSWERS, { email: "mei@example.com" });
  w.project.runUntilIdle({ maxMs: 60 * 60_000 });
  const [message] = w.chat.messages(FORM_SPACE);
  if (!message?.cardsV2) throw new Error("the form submission posted no card");
  return { cardsV2: message.cardsV2, fallbackText: message.fallbackText };
}
