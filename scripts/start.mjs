/** `npm start`: builds dist/ when the sources changed since the last build, then runs the bot from it. */
import { build } from "./build.mjs";

if (build({ ifNeeded: true })) process.stderr.write("kehoach-bot: built dist/ from src/\n");
await import("../dist/main.js");
