/**
 * Section citations in an answer. The model cites with markers ("[II.4]"); each is checked
 * against the sections it was given, a wrong one is dropped, and the rest are written the way
 * the chat shows them, "(Mục II, nhiệm vụ 4)". A citation the model writes out in prose
 * ("(Mục II, nhiệm vụ 9)") is checked the same way.
 */
import type { Plan } from "../plan/types.js";
import { citation } from "./texts.js";

/** The citation as the chat shows it: tasks by their number, other sections by id. */
export function labelOf(section: string, plan: Plan): string {
  return citation(section, plan.tasks.find((t) => t.section === section)?.id);
}

/** "ii.5.a", "Mục II.4", "PREAMBLE" → the section id, or the text trimmed when it is none. */
function normalizeId(raw: string): string {
  const s = raw.trim().replace(/^m[ụu]c\s+/iu, "");
  if (/^(preamble|recipients)$/i.test(s)) return s.toLowerCase();
  return s.replace(/^([ivx]+)(?=\.|$)/i, (r) => r.toUpperCase());
}

const MARKER = /\s*\[([^[\]\n]{1,40})\]/g;
const PROSE = /\s*\(\s*M[ụu]c\s+([IVX]+)(?:\.(\d+(?:\.\p{Ll})?))?(?:\s*,\s*nhi[ệe]m\s+v[ụu]\s+(\d+\p{Ll}?))?\s*\)/giu;

export interface Checked {
  text: string;
  /** The valid sections cited, in order of first appearance. */
  citations: string[];
  /** What was cited but not given. */
  removed: string[];
}

export function checkCitations(text: string, allowed: ReadonlySet<string>, plan: Plan): Checked {
  const citations: string[] = [];
  const removed: string[] = [];
  const keep = (id: string): boolean => {
    if (!allowed.has(id)) {
      removed.push(id);
      return false;
    }
    if (!citations.includes(id)) citations.push(id);
    return true;
  };
  const withMarkers = text.replace(MARKER, (_, inner: string) => {
    const ids = inner.split(/[,;]/).map(normalizeId).filter(Boolean);
    const valid = ids.filter(keep);
    return valid.length > 0 ? ` ${valid.map((id) => labelOf(id, plan)).join(" ")}` : "";
  });
  const withProse = withMarkers.replace(PROSE, (_: string, roman: string, rest: string | undefined, task: string | undefined) => {
    const id = task
      ? plan.tasks.find((t) => t.id === task.toLowerCase() && t.section.startsWith(`${roman.toUpperCase()}.`))?.section ?? `${roman.toUpperCase()}.${task}`
      : `${roman.toUpperCase()}${rest ? `.${rest}` : ""}`;
    return keep(id) ? ` ${labelOf(id, plan)}` : "";
  });
  const tidy = withProse
    // The same citation twice in a row says nothing more.
    .replace(/(\([^()]+\))(?:\s*\1)+/g, "$1")
    .replace(/[ \t]+([.,;:])/g, "$1")
    .replace(/[ \t]{2,}/g, " ")
    .trim();
  return { text: tidy, citations, removed };
}
