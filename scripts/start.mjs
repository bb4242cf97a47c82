/** `npm start`: builds dist/ when the sources changed since the last build, then runs the bot from it. */
import { build, requireNode22 } from "./build.mjs";

requireNode22();
if (build({ ifNeeded: true })) process.stderr.write("kehoach-bot: built dist/ from src/\n");
await import("../dist/main.js");
