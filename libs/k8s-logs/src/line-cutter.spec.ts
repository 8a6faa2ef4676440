import { LineCutter, type LineHeader } from './line-cutter';

/** Every line or piece the cutter finds, in order; a piece that goes on with the line before starts with `+`. */
function cutAll(chunks: Array<string | Buffer>, maxLineBytes = 1024 * 1024, header?: LineHeader): string[] {
  const cutter = new LineCutter(maxLineBytes, header);
  const lines: string[] = [];
  const collect = (count: number) => {
    for (let i = 0; i < count; i += 1) {
      lines.push(`${cutter.continued[i] ? '+' : ''}${cutter.buffers[i].toString('utf8', cutter.starts[i], cutter.ends[i])}`);
    }
  };
  for (const chunk of chunks) collect(cutter.cut(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  collect(cutter.rest());
  return lines;
}

/** Every way to cut `body` into three chunks (empty ones included). */
function everySplit(body: Buffer): Buffer[][] {
  const splits: Buffer[][] = [];
  for (let i = 0; i <= body.length; i += 1) {
    for (let j = i; j <= body.length; j += 1) splits.push([body.subarray(0, i), body.subarray(i, j), body.subarray(j)]);
  }
  return splits;
}

/** A header of `> ` (2 bytes) at the start of a line, standing in for the kubelet's timestamp. */
const ARROW: LineHeader = { maxBytes: 2, length: (line, start) => (line[start] === 0x3e && line[start + 1] === 0x20 ? 2 : 0) };

describe('LineCutter', () => {
  test.each([
    { name: 'whole lines in one chunk', chunks: ['a\nb\n'], lines: ['a', 'b'] },
    { name: 'a line cut across chunks', chunks: ['hel', 'lo\nwor', 'ld\n'], lines: ['hello', 'world'] },
    { name: 'a line cut across many chunks', chunks: ['x', 'y', 'z', '\n'], lines: ['xyz'] },
    { name: 'a final line without newline', chunks: ['a\nb'], lines: ['a', 'b'] },
    { name: 'empty lines are kept', chunks: ['\n\na\n'], lines: ['', '', 'a'] },
    { name: 'a newline alone in a chunk', chunks: ['abc', '\n', 'd\n'], lines: ['abc', 'd'] },
    { name: 'nothing', chunks: [], lines: [] },
    { name: 'CRLF lines lose their \\r', chunks: ['a\r\nb\r\n'], lines: ['a', 'b'] },
    { name: 'an empty CRLF line is empty', chunks: ['\r\n\r\nx\r\n'], lines: ['', '', 'x'] },
    { name: 'a \\r ending one chunk and the \\n starting the next', chunks: ['a\r', '\nb\r', '\n'], lines: ['a', 'b'] },
    { name: 'a \\r alone in a chunk between the line and its \\n', chunks: ['ab', '\r', '\n'], lines: ['ab'] },
    { name: 'a \\r inside a line stays', chunks: ['a\rb\n\r\r\n'], lines: ['a\rb', '\r'] },
    { name: 'a final \\r without newline goes too', chunks: ['a\nb\r'], lines: ['a', 'b'] },
  ])('$name', ({ chunks, lines }) => {
    expect(cutAll(chunks)).toEqual(lines);
  });

  test.each([
    { name: 'a line of exactly the bound stays whole', body: 'abcd\n', lines: ['abcd'] },
    { name: 'one byte over: two pieces', body: 'abcde\n', lines: ['abcd', '+e'] },
    { name: 'pieces of the bound, in order, the last shorter', body: 'abcdefghij\nk\n', lines: ['abcd', '+efgh', '+ij', 'k'] },
    { name: 'the \\r of a CRLF does not count', body: 'abcd\r\nefgh\r\n', lines: ['abcd', 'efgh'] },
    { name: 'a CRLF line one byte over', body: 'abcde\r\n', lines: ['abcd', '+e'] },
    { name: 'a \\r at the bound inside a line is kept', body: 'abcd\rx\n', lines: ['abcd', '+\rx'] },
    { name: 'a 3-byte character at the cut: the piece ends before it', body: 'ab✓cd\n', lines: ['ab', '+✓c', '+d'] },
    { name: 'a 4-byte character at the cut', body: 'a😀bc\n', lines: ['a', '+😀', '+bc'] },
    { name: 'a 2-byte character ending at the bound stays', body: 'abß\n', lines: ['abß'] },
    { name: 'a line without newline at the end of the body', body: 'abcdefghi', lines: ['abcd', '+efgh', '+i'] },
  ])('bound 4: $name, however chunks split it', ({ body, lines }) => {
    const bytes = Buffer.from(body);
    for (const chunks of everySplit(bytes)) expect(cutAll(chunks, 4)).toEqual(lines);
    // Byte by byte, the most a body can be split.
    expect(
      cutAll(
        [...bytes].map((byte) => Buffer.from([byte])),
        4,
      ),
    ).toEqual(lines);
  });

  test('bytes that are not UTF-8 are cut at the bound', () => {
    const body = Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x0a]);
    for (const chunks of everySplit(body)) {
      const cutter = new LineCutter(4);
      const lengths: number[] = [];
      for (const chunk of chunks) for (let i = 0, n = cutter.cut(chunk); i < n; i += 1) lengths.push(cutter.ends[i] - cutter.starts[i]);
      expect(lengths).toEqual([4, 2]);
    }
  });

  test.each([
    { name: 'the header does not count towards the bound', body: '> abcd\n', lines: ['> abcd'] },
    { name: 'the first piece keeps the header, the others have none', body: '> abcdefghij\n', lines: ['> abcd', '+efgh', '+ij'] },
    { name: 'a line without header is cut at the bound', body: 'abcdefghij\n', lines: ['abcd', '+efgh', '+ij'] },
    { name: 'CRLF after a header', body: '> abcd\r\n> \r\n', lines: ['> abcd', '> '] },
  ])('bound 4 with a header: $name, however chunks split it', ({ body, lines }) => {
    for (const chunks of everySplit(Buffer.from(body))) expect(cutAll(chunks, 4, ARROW)).toEqual(lines);
  });

  test('a 1 MiB line fed in 1 KiB chunks arrives whole under a larger bound', () => {
    const line = 'x'.repeat(1024 * 1024);
    const body = Buffer.from(`${line}\nnext\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024));
    expect(cutAll(chunks)).toEqual([line, 'next']);
  });

  test('a body without newlines: pieces as it comes, and never more than a piece and 2 bytes held back', () => {
    const maxLineBytes = 64 * 1024;
    const cutter = new LineCutter(maxLineBytes);
    const piece = Buffer.alloc(maxLineBytes, 'y');
    const chunk = Buffer.alloc(7000, 'y');
    let fed = 0;
    let pieces = 0;
    while (fed < 16 * 1024 * 1024) {
      const count = cutter.cut(chunk);
      fed += chunk.length;
      for (let i = 0; i < count; i += 1) {
        expect(cutter.buffers[i].subarray(cutter.starts[i], cutter.ends[i]).equals(piece)).toBe(true);
        expect(cutter.continued[i]).toBe(pieces > 0);
        pieces += 1;
      }
      expect(cutter.pending).toBeLessThanOrEqual(maxLineBytes + 1);
    }
    expect(pieces * maxLineBytes + cutter.pending).toBe(fed);
  });

  test('a bound too small for the header is refused', () => {
    expect(() => new LineCutter(3)).toThrow(RangeError);
    expect(() => new LineCutter(36, { maxBytes: 40, length: () => 0 })).toThrow(RangeError);
  });
});
