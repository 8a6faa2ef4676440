// The few protobuf wire-format writes LogLinesEncoder needs, into a Buffer it sized beforehand: fields with a
// one-byte tag (field numbers below 16) and varints of non-negative numbers (int64 seconds before 1970 do not
// occur in logs). A generic encoder would build an object per line; this writes bytes.

/** The most a one-byte tag and a length take (lengths stay far below 2^35). */
export const MAX_FIELD_HEADER = 1 + 5;

/** Size of a length-delimited field with a one-byte tag and `length` bytes of content. */
export function fieldSize(length: number): number {
  return 1 + varintSize(length) + length;
}

/** Protobuf varint size of a non-negative integer (int64 seconds before 1970 do not occur in logs). */
export function varintSize(value: number): number {
  let size = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    size += 1;
  }
  return size;
}

export function writeVarint(out: Buffer, at: number, value: number): number {
  if (value < 0x80000000) {
    // The common case in 32-bit arithmetic, which is cheaper than the division below.
    while (value >= 0x80) {
      out[at++] = (value & 0x7f) | 0x80;
      value >>>= 7;
    }
    out[at++] = value;
    return at;
  }
  while (value >= 0x80) {
    out[at++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  out[at++] = value;
  return at;
}

export function writeTag(out: Buffer, at: number, tag: number, length: number): number {
  out[at++] = tag;
  return writeVarint(out, at, length);
}

export function lengthDelimited(tag: number, content: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(fieldSize(content.length));
  const at = writeTag(out, 0, tag, content.length);
  out.set(content, at);
  return out;
}
