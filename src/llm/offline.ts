/**
 * Answers without a model: the structured answer when the question asks for one, else the
 * best passages quoted with their sections under a one-line lead, else a refusal naming the
 * nearest sections. Every sentence comes from the plan model or the plan text.
 */
import type { Answer } from "./types.js";
import type { Chunk } from "./chunks.js";
import { labelOf } from "./citations.js";
import type { Fact } from "./facts.js";
import type { Grounding, Knowledge } from "./ground.js";
import type { Query } from "./retrieve.js";
import { A } from "./texts.js";

const PASSAGES = 3;
// A passage scoring under this share of the best one answers something else.
const PASSAGE_SHARE = 0.5;
const EXCERPT_CHARS = 400;
// A heading longer than this is a title or a whole task statement, not a label worth its room.
const HEADING_CHARS = 120;
const NEAREST = 3;

/**
 * The chunk's heading line and the sentences that share most words with the question, in
 * plan order, within `max` characters.
 */
export function excerpt(k: Knowledge, chunk: Chunk, query: Query, max = EXCERPT_CHARS): { heading: string | undefined; quote: string } {
  const wanted = new Set(query.content.map((i) => query.terms.folded[i]!));
  const [first = "", ...rest] = chunk.text.split("\n").map((l) => l.trim()).filter(Boolean);
  // The preamble's heading is the plan's title, which every question is about.
  const labelled = chunk.id !== "preamble" && first.length <= HEADING_CHARS;
  const parts = [...(labelled ? [] : [first]), ...rest].flatMap((l) => l.split(/(?<=[.;])\s+/));
  const scored = parts.map((part, i) => ({ i, part, score: new Set(k.tokenizer.terms(part).folded.filter((w) => wanted.has(w))).size }));
  const chosen = new Set<number>();
  let length = 0;
  for (const s of [...scored].sort((a, b) => b.score - a.score || a.i - b.i)) {
    if (length + s.part.length > max && chosen.size > 0) continue;
    chosen.add(s.i);
    length += s.part.length + 1;
  }
  // Sentences apart in the plan stay apart in the quote: a gap is marked, never closed.
  const order = [...chosen].sort((a, b) => a - b);
  const out = order.map((i, n) => (n > 0 && order[n - 1] !== i - 1 ? `[…] ${parts[i]}` : parts[i])).join(" ");
  const quote = out.length > max ? `${out.slice(0, max - 1).replace(/\s+\S*$/, "")}…` : out;
  return { heading: labelled ? first.replace(/^[\dIVX]+[.)]\s*|^[a-zđ]\)\s*/iu, "").replace(/[.:]$/, "") : undefined, quote };
}

export function refusal(k: Knowledge, g: Grounding, mode: Answer["mode"]): Answer {
  if (g.intent.kind === "noSuchTask") {
    return { answer: A.noSuchTask(g.intent.ref, k.plan.tasks.map((t) => t.id)), citations: [], grounded: false, mode };
  }
  const nearest = g.hits.slice(0, NEAREST).map((h) => h.chunk.id);
  return { answer: A.refusal(nearest.map((id) => labelOf(id, k.plan))), citations: nearest, grounded: false, mode };
}

function cited(k: Knowledge, facts: Fact[], bullet: boolean): string[] {
  return facts.map((f) => `${bullet ? "- " : ""}${f.text} ${labelOf(f.section, k.plan)}${bullet ? "" : "."}`);
}

/**
 * @param facts the grounding's facts, or for a question about stored reports the reports the
 *   asker may see
 * @param lead what goes first: a header for the reports, a note on why the model was not used
 */
export function offlineAnswer(k: Knowledge, g: Grounding, facts: Fact[], lead: string[] = []): Answer {
  if (g.refused) {
    const r = refusal(k, g, "offline");
    return { ...r, answer: [...lead, r.answer].join("\n") };
  }
  const answer = (lines: string[], sections: string[]): Answer => ({
    answer: [...lead, ...lines].join("\n"),
    citations: [...new Set(sections)],
    grounded: true,
    mode: "offline",
  });
  const sections = facts.map((f) => f.section);
  switch (g.intent.kind) {
    case "task": {
      const task = g.intent.task;
      const checkin = task.recurrence === "continuous" || task.recurrence === "unscheduled";
      return answer([...cited(k, facts, false), ...(checkin ? [A.checkinNote] : [])], sections);
    }
    case "reportDeadline":
      return answer(cited(k, facts, false), sections);
    case "agency": {
      const names = g.intent.who.map((w) => w.name);
      if (facts.length === 0) return answer([A.noObligations(names.join(", "))], []);
      return answer([names.length > 1 ? A.agenciesHeader(names) : A.agencyHeader(names[0] ?? ""), ...cited(k, facts, true)], sections);
    }
    case "reports":
      return answer(facts.length > 0 ? cited(k, facts, true) : [A.noReports], sections);
    default: {
      const top = g.hits[0]?.score ?? 0;
      const passages = g.hits.filter((h) => h.score >= PASSAGE_SHARE * top).slice(0, PASSAGES);
      return answer(
        [
          A.passagesLead,
          ...passages.map((h) => {
            const { heading, quote } = excerpt(k, h.chunk, g.query);
            return `- ${labelOf(h.chunk.id, k.plan)}${heading ? ` ${heading}` : ""}: «${quote}»`;
          }),
        ],
        passages.map((h) => h.chunk.id),
      );
    }
  }
}
