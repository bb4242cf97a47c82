/**
 * Text that XML 1.0 can hold. DOCX and XLSX are XML: one character it forbids (C0 controls but
 * tab and line breaks, U+FFFE, U+FFFF, a surrogate half without its pair) makes the whole file
 * unreadable, and a report's history keeps it for every later document.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const ANY_FORBIDDEN = new RegExp(FORBIDDEN.source);

export function xmlSafe(text: string): string {
  return ANY_FORBIDDEN.test(text) ? text.replace(FORBIDDEN, "") : text;
}

/**
 * Every string inside a value made XML-safe. Objects and arrays are copied only where something
 * inside them changed: a province's summary is hundreds of thousands of strings, nearly all clean.
 */
export function xmlSafeDeep<T>(value: T): T {
  if (typeof value === "string") return xmlSafe(value) as T;
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const safe = xmlSafeDeep(value[i]);
      if (safe !== value[i]) (copy ??= [...value])[i] = safe;
    }
    return (copy ?? value) as T;
  }
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const [k, v] of Object.entries(record)) {
      const safe = xmlSafeDeep(v);
      if (safe !== v) (copy ??= { ...record })[k] = safe;
    }
    return (copy ?? value) as T;
  }
  return value;
}
