/**
 * Ranking the plan's chunks for a question: BM25 over folded syllables and syllable pairs, in
 * memory (a plan is a few dozen chunks; building the index takes a millisecond, so it lives
 * with the plan rather than in SQLite, whose FTS5 tokenizer would not fold đ anyway).
 * Agencies named any way the directory knows are searched under their canonical name too;
 * a syllable typed with the same diacritics as the plan's adds a little.
 *
 * Beside the score, each hit has a coverage: the share of the question's content (its
 * syllables weighted by rarity) that the chunk contains. A question whose best chunk covers
 * little of it is one the plan does not answer.
 */
import type { Directory } from "../plan/directory.js";
import type { Chunk } from "./chunks.js";
import type { Mention, Mentions } from "./mentions.js";
import { isStopword, typedWithDiacritics, type Terms, type Tokenizer } from "./tokenize.js";

export interface Hit {
  chunk: Chunk;
  score: number;
  /** 0..1: how much of the question's content the chunk contains. */
  coverage: number;
}

export interface Query {
  terms: Terms;
  withDiacritics: boolean;
  mentions: Mention[];
  /** Indexes into terms.words of what the question is about: not question words, agency names or plan vocabulary. */
  content: number[];
  /** For a content syllable, the pairs it forms with neighbouring content syllables. */
  pairs: Map<number, string[]>;
  /** Indexes of the question words. */
  stop: Set<number>;
}

interface Doc {
  chunk: Chunk;
  position: number;
  /** Codes of the agencies the chunk is addressed to: a task's leads, a section IV item's agencies. */
  agencies: Set<string>;
  length: number;
  tf: Map<string, number>;
  accented: Set<string>;
}

const K1 = 1.2;
const B = 0.75;
// A pair of syllables is usually one word, and a rarer term than either syllable.
const BIGRAM_WEIGHT = 1;
const ACCENT_BOOST = 0.25;
// A syllable matched only once folded, when the asker typed diacritics that differ ("bao"
// for "báo"), counts half toward coverage; so does one found in the chunk but never next to
// the syllable it stands with in the question ("dụng" of "tuyển dụng" in "ứng dụng").
const FOLDED_ONLY = 0.5;
const OUT_OF_CONTEXT = 0.5;
// Headings say what a chunk is about: their terms count twice.
const HEADING_WEIGHT = 2;
// A chunk addressed to an agency the question names ranks a little higher than one that
// merely mentions it.
const AGENCY_BOOST = 0.3;
// The vocabulary every plan item is written in, and the words that ask about it: they tell
// what kind of answer is wanted (who, when), not what the question is about, so they do not
// count toward coverage.
const FRAME = new Set([
  "nhiem vu", "thuc hien", "chu tri", "phoi hop", "phu trach", "co quan", "don vi", "thoi gian", "thoi han",
  "truoc ngay", "han chot", "khi nao", "bao lau", "ke hoach", "de cap", "nhac toi", "nhac den", "noi ve",
  "noi dung", "quy dinh", "trach nhiem", "may lan", "bao nhieu lan", "ai lo", "bao gio",
  // A classifier after "mấy" ("mấy thứ tiếng") belongs to the question, not the topic.
  "may thu", "bao nhieu thu", "may loai",
]);
const ROMAN = /^[ivx]{1,4}$/;
// Typed without diacritics, "dau" may be "đâu" or "đầu" (đầu tư) and "tu" "từ" or "tư": as
// a pair they are unambiguous, and ask rather than tell.
const QUESTION_PAIRS = new Set([
  "tu dau", "o dau", "di dau", "ve dau", "bao gio", "bao nhieu", "khi nao", "the nao", "la gi", "lam gi", "cai gi",
  "ra sao", "the gi", "co khong", "phai khong", "duoc khong", "hay khong", "nhu nao",
]);

export class Index {
  private readonly docs: Doc[];
  private readonly df = new Map<string, number>();
  private readonly accentedDf = new Map<string, number>();
  private readonly averageLength: number;

  constructor(
    chunks: Chunk[],
    private readonly tokenizer: Tokenizer,
    private readonly mentions: Mentions,
    private readonly directory: Directory,
  ) {
    this.docs = chunks.map((chunk, position) => {
      const body = tokenizer.terms(chunk.text);
      const heading = tokenizer.terms(chunk.heading);
      const tf = new Map<string, number>();
      const add = (terms: Terms, weight: number) => {
        for (const t of [...terms.folded, ...terms.bigrams]) tf.set(t, (tf.get(t) ?? 0) + weight);
      };
      add(body, 1);
      add(heading, HEADING_WEIGHT - 1);
      const accented = new Set([...body.words, ...heading.words]);
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1);
      for (const w of accented) this.accentedDf.set(w, (this.accentedDf.get(w) ?? 0) + 1);
      const agencies = new Set(directory.expand([...(chunk.task?.lead ?? []), ...chunk.agencies]).map((a) => a.code));
      return { chunk, position, agencies, length: body.folded.length + heading.folded.length * (HEADING_WEIGHT - 1), tf, accented };
    });
    this.averageLength = this.docs.reduce((n, d) => n + d.length, 0) / Math.max(1, this.docs.length);
  }

  /** Whether any chunk contains the folded term. */
  has(term: string): boolean {
    return this.df.has(term);
  }

  idf(term: string): number {
    const n = this.docs.length;
    const df = this.df.get(term) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  query(text: string): Query {
    const terms = this.tokenizer.terms(text);
    const withDiacritics = typedWithDiacritics(text);
    const mentions = this.mentions.find(terms.folded);
    const inMention = (i: number) => mentions.some((m) => i >= m.start && i < m.end);
    const stop = new Set(terms.words.flatMap((w, i) => (isStopword(w, withDiacritics) ? [i] : [])));
    const frame = new Set<number>();
    terms.bigrams.forEach((pair, k) => {
      const end = terms.pairEnds[k]!;
      if (FRAME.has(pair)) frame.add(end - 1).add(end);
      if (!withDiacritics && QUESTION_PAIRS.has(pair)) stop.add(end - 1).add(end);
    });
    const content = terms.words.flatMap((_, i) =>
      stop.has(i) || inMention(i) || frame.has(i) || ROMAN.test(terms.folded[i]!) ? [] : [i],
    );
    const isContent = new Set(content);
    const pairs = new Map<number, string[]>();
    terms.bigrams.forEach((pair, k) => {
      const end = terms.pairEnds[k]!;
      if (!isContent.has(end) || !isContent.has(end - 1)) return;
      for (const i of [end - 1, end]) pairs.set(i, [...(pairs.get(i) ?? []), pair]);
    });
    return { terms, withDiacritics, mentions, content, pairs, stop };
  }

  /**
   * Every chunk that matches at all, best first.
   * @param options.only the chunks to consider
   * @param options.agencyBoost whether chunks addressed to an agency the text names rank higher
   * @param options.asker an agency the question speaks for ("sở em"), boosted as if named
   */
  search(q: Query | string, options: { only?: (chunk: Chunk) => boolean; agencyBoost?: boolean; asker?: string } = {}): Hit[] {
    const { only, agencyBoost = true, asker } = options;
    const query = typeof q === "string" ? this.query(q) : q;
    const { unigrams, bigrams, accented } = this.scoringTerms(query);
    const named = new Set(
      query.mentions.flatMap((m) => (m.kind === "agency" ? [m.code] : (this.directory.groups.find((g) => g.code === m.code)?.members ?? []))),
    );
    if (asker) named.add(asker);
    const hits: (Hit & { position: number })[] = [];
    for (const doc of this.docs) {
      if (only && !only(doc.chunk)) continue;
      let score = 0;
      for (const t of unigrams) score += this.bm25(doc, t);
      for (const t of bigrams) score += BIGRAM_WEIGHT * this.bm25(doc, t);
      for (const w of accented) if (doc.accented.has(w)) score += ACCENT_BOOST * this.accentedIdf(w);
      if (agencyBoost && [...named].some((code) => doc.agencies.has(code))) score *= 1 + AGENCY_BOOST;
      if (score > 0) hits.push({ chunk: doc.chunk, score, coverage: this.coverage(query, doc), position: doc.position });
    }
    return hits.sort((a, b) => b.score - a.score || a.position - b.position).map(({ position: _, ...hit }) => hit);
  }

  /**
   * The question's terms: its content syllables, the pairs between content syllables, and
   * for each agency it names, the canonical name's terms as well as the words as typed.
   */
  private scoringTerms(q: Query): { unigrams: Set<string>; bigrams: Set<string>; accented: Set<string> } {
    const { words, folded } = q.terms;
    const stop = (i: number) => q.stop.has(i);
    const unigrams = new Set(folded.filter((_, i) => !stop(i)));
    // A pair with a question word in it ("sở nào") says nothing about the plan.
    const bigrams = new Set(q.terms.bigrams.filter((_, k) => !stop(q.terms.pairEnds[k]! - 1) && !stop(q.terms.pairEnds[k]!)));
    for (const m of q.mentions) {
      const canonical = this.tokenizer.terms(m.name);
      for (const t of canonical.folded) unigrams.add(t);
      for (const t of canonical.bigrams) bigrams.add(t);
    }
    const accented = new Set(q.withDiacritics ? q.content.map((i) => words[i]!) : []);
    return { unigrams, bigrams, accented };
  }

  private bm25(doc: Doc, term: string): number {
    const tf = doc.tf.get(term);
    if (!tf) return 0;
    const norm = tf + K1 * (1 - B + (B * doc.length) / this.averageLength);
    return (this.idf(term) * tf * (K1 + 1)) / norm;
  }

  private accentedIdf(word: string): number {
    const n = this.docs.length;
    const df = this.accentedDf.get(word) ?? 0;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  private coverage(q: Query, doc: Doc): number {
    let total = 0;
    let matched = 0;
    const seen = new Set<string>();
    for (const i of q.content) {
      const word = q.terms.words[i]!;
      const key = q.terms.folded[i]!;
      if (seen.has(word)) continue;
      seen.add(word);
      const weight = this.idf(key);
      total += weight;
      if (!doc.tf.has(key)) continue;
      const pairs = q.pairs.get(i) ?? [];
      const inContext = pairs.length === 0 || pairs.some((p) => doc.tf.has(p));
      const accent = !q.withDiacritics || doc.accented.has(word);
      matched += weight * (inContext ? 1 : OUT_OF_CONTEXT) * (accent ? 1 : FOLDED_ONLY);
    }
    // A question made only of agency names and plan vocabulary is about whatever matched them.
    return total === 0 ? 1 : matched / total;
  }

  /**
   * How much the question says, as the summed rarity of its content syllables: "tỉnh có bao
   * nhiêu dân" says almost nothing the plan could answer specifically.
   */
  information(q: Query): number {
    return [...new Set(q.content.map((i) => q.terms.folded[i]!))].reduce((n, t) => n + this.idf(t), 0);
  }
}
