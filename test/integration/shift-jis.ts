/** Shift_JIS test files (Node decodes Shift_JIS but has no encoder). */

/** Shift_JIS bytes for a string, from a table built by decoding every double-byte code once. */
export function encodeShiftJis(text: string): Uint8Array<ArrayBuffer> {
  const table = new Map<string, number[]>();
  const decoder = new TextDecoder('shift_jis');
  for (const lead of [...range(0x81, 0x9f), ...range(0xe0, 0xef)]) {
    for (const trail of range(0x40, 0xfc)) {
      const ch = decoder.decode(new Uint8Array([lead, trail]));
      if (ch.length === 1 && ch !== '\uFFFD' && !table.has(ch)) table.set(ch, [lead, trail]);
    }
  }
  const bytes: number[] = [];
  for (const ch of text) {
    if (ch.charCodeAt(0) < 0x80) bytes.push(ch.charCodeAt(0));
    else {
      const code = table.get(ch);
      if (!code) throw new Error(`no Shift_JIS code for U+${ch.charCodeAt(0).toString(16)}`);
      bytes.push(...code);
    }
  }
  return new Uint8Array(bytes);
}

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
