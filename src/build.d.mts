/** Compiles src/ to .build/; with ifNeeded, only when a source is newer than the last build. True when it built. */
export function build(options?: { ifNeeded?: boolean }): boolean;
export function setup(): void;
