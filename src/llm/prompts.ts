/**
 * Prompt templates live in prompts/*.md as plain text with named placeholders ({{name}}), so
 * they are read and edited as text, never assembled in code. Filling is one pass over the
 * template: a value that itself contains "{{…}}" (a user's text) is inserted as written and
 * never filled again. A placeholder without a value, or a value without a placeholder, is a
 * programming error and throws.
 */
import { readFileSync } from "node:fs";

const DIR = new URL("../../prompts/", import.meta.url);
const PLACEHOLDER = /\{\{([a-z_]+)\}\}/g;

export class Prompt {
  readonly names: ReadonlySet<string>;

  constructor(
    readonly name: string,
    readonly template: string,
  ) {
    this.names = new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1]!));
  }

  fill(values: Record<string, string>): string {
    const extra = Object.keys(values).filter((k) => !this.names.has(k));
    if (extra.length > 0) throw new Error(`prompt ${this.name} has no placeholder ${extra.join(", ")}`);
    return this.template.replace(PLACEHOLDER, (_, key: string) => {
      const value = values[key];
      if (value === undefined) throw new Error(`prompt ${this.name} needs a value for {{${key}}}`);
      return value;
    });
  }
}

const loaded = new Map<string, Prompt>();

/** prompts/<name>.md, read once. */
export function loadPrompt(name: string, dir: URL = DIR): Prompt {
  const key = new URL(`${name}.md`, dir).href;
  let prompt = loaded.get(key);
  if (!prompt) {
    prompt = new Prompt(name, readFileSync(new URL(`${name}.md`, dir), "utf8").trim());
    loaded.set(key, prompt);
  }
  return prompt;
}
