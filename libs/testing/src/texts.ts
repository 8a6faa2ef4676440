/**
 * `bytes` of UTF-8 text (a few bytes less if it would end inside a character) full of 2-, 3- and 4-byte
 * characters, so that cutting it every N bytes lands inside one now and then.
 */
export function multiByteText(bytes: number): string {
  const parts: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i += 1) {
    const part = `${i} größe ✓ 😀 `;
    parts.push(part);
    length += Buffer.byteLength(part);
  }
  // A character cut off at the end decodes to U+FFFD: drop it.
  return Buffer.from(parts.join(''))
    .subarray(0, bytes)
    .toString('utf8')
    .replace(/\ufffd+$/, '');
}
