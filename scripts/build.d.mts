/** Compiles src/ to dist/; with ifNeeded, only when a source is newer than the last build. True when it built. */
export function build(options?: { ifNeeded?: boolean }): boolean;
export function setup(): void;
/** Exits with a message in Vietnamese and English on a Node.js older than 22. */
export function requireNode22(): void;
