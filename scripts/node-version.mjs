/** Run before the operator CLI: on a Node older than 22 it stops with a message, not a segmentation fault. */
import { requireNode22 } from "./build.mjs";

requireNode22();
