/**
 * Long replies split for platforms with a message size limit (Telegram 4096, Zalo 2000).
 */

/** Splits between lines so a list item or a report paragraph is never cut in the middle. */
export function splitText(text: string, limit: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  const flush = () => {
    const chunk = current?.replace(/^\n+|\n+$/g, "");
    if (chunk !== undefined && chunk.trim() !== "") chunks.push(chunk);
    current = undefined;
  };
  for (const line of text.split("\n")) {
    for (const piece of line.length <= limit ? [line] : cutLine(line, limit)) {
      if (current === undefined) current = piece;
      else if (current.length + 1 + piece.length <= limit) current += `\n${piece}`;
      else {
        flush();
        current = piece;
      }
    }
  }
  flush();
  return chunks;
}

/** A single line over the limit is cut at a space, or hard when it has none. */
function cutLine(line: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = line;
  while (rest.length > limit) {
    const space = rest.lastIndexOf(" ", limit);
    if (space > 0) {
      pieces.push(rest.slice(0, space));
      rest = rest.slice(space + 1);
    } else {
      const high = rest.charCodeAt(limit - 1);
      const cut = high >= 0xd800 && high <= 0xdbff ? limit - 1 : limit; // keep a surrogate pair whole
      pieces.push(rest.slice(0, cut));
      rest = rest.slice(cut);
    }
  }
  pieces.push(rest);
  return pieces;
}
