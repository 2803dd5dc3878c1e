#!/usr/bin/env node
// The package's bin: runs the built command. `npm ci` builds it (the prepare script).
try {
  require.resolve("../dist/node/chat-notify.cjs");
} catch {
  process.stderr.write(
    "chat-notify is not built yet: run `npm run build` in this repository (npm ci does it)\n",
  );
  process.exit(1);
}
require("../dist/node/chat-notify.cjs");
