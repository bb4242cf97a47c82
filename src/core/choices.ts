/**
 * How a user names one of the offered choices without a button (Zalo, the console, or typing
 * on Telegram). A choice about a task is named by the task's own number, so "6" always means
 * task 6; every other choice is named by a letter, so a list position can never be mistaken
 * for a task number. Words work too: the option's label, "số 6", "nhiệm vụ 6", "b.".
 */
import { fold } from "../text/normalize.js";
import type { Choice } from "./messages.js";
import { T } from "./texts.js";

const LETTERS = "abcdefghijklmnopqrstuvwxyz";

/** What the user types for each choice, in order: its key, or the next letter. */
export function choiceKeys(choices: readonly Choice[]): string[] {
  let letter = 0;
  return choices.map((c) => c.key ?? LETTERS[letter++] ?? String(letter));
}

/** What people put before the number or letter they mean: "số 2", "nhiệm vụ 9", "chọn b", "NV5a". */
const LEAD = /^(?:(?:so|nhiem vu|nv|chon|muc|phuong an|lua chon|y|cau)\s*)+/;

/** The folded form a typed answer is compared in: no accents, no quotes or closing punctuation. */
function plain(text: string): string {
  return fold(text)
    .replace(/[«»"'“”()]/g, "")
    .replace(/[.!?,;:]+$/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * The offered choice the typed text names, by key or by label; undefined when it names none.
 * A bare number names a task's key only: where no choice is a task, it is the n-th choice,
 * since no task number is on the screen to be confused with.
 */
export function typedChoice(offered: readonly Choice[], text: string): Choice | undefined {
  if (offered.length === 0) return undefined;
  const typed = plain(text);
  if (typed === "") return undefined;
  const keys = choiceKeys(offered);
  const token = typed.replace(LEAD, "").trim();
  const byKey = keys.findIndex((k) => fold(k) === token);
  if (byKey >= 0) return offered[byKey];
  if (/^\d{1,2}$/.test(token) && offered.every((c) => c.key === undefined)) return offered[Number(token) - 1];
  return offered.find((c) => plain(c.label) === typed);
}

/** The choices as lines to answer by typing ("6. …", "a. …"), then how to answer. */
export function menuLines(choices: readonly Choice[]): string[] {
  const keys = choiceKeys(choices);
  return [...choices.map((c, i) => `${keys[i]}. ${c.label.replace(/\s*\n\s*/g, " ").trim()}`), T.answerWith(keys)];
}
