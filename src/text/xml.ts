/**
 * Text that XML 1.0 can hold. DOCX and XLSX are XML: one character it forbids (C0 controls but
 * tab and line breaks, U+FFFE, U+FFFF, a surrogate half without its pair) makes the whole file
 * unreadable, and a report's history keeps it for every later document.
 */
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  return text.replace(FORBIDDEN, "");
}

/** Every string inside a value made XML-safe (objects and arrays copied, other values kept). */
export function xmlSafeDeep<T>(value: T): T {
  if (typeof value === "string") return xmlSafe(value) as T;
  if (Array.isArray(value)) return value.map(xmlSafeDeep) as T;
  if (value && typeof value === "object" && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, xmlSafeDeep(v)])) as T;
  }
  return value;
}
