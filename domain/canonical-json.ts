/**
 * One JSON spelling per value, so that equal values hash alike: object keys sorted (by UTF-16 code
 * units), undefined members left out, no whitespace, strings and numbers as JSON.stringify writes them.
 * Used for request hashes (idempotency) and the audit chain's entries.
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
