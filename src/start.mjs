/** `npm start`: builds .build/ when the sources changed since the last build, then runs the bot from it. */
import { fileURLToPath } from "node:url";
import { build } from "./build.mjs";
import { nodeForBot, runWith } from "./node.mjs";

const bin = nodeForBot();
if (bin) runWith(bin, "node", [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)]);
else {
  if (build({ ifNeeded: true })) process.stderr.write("kehoach-bot: built .build/ from src/\n");
  await import("../.build/main.js");
}
