import { LineSplitter } from './line-splitter';

function split(chunks: Array<string | Buffer>): string[] {
  const splitter = new LineSplitter();
  const lines = chunks.flatMap((chunk) => splitter.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  return [...lines, ...splitter.flush()];
}

describe('LineSplitter', () => {
  test.each([
    { name: 'whole lines in one chunk', chunks: ['a\nb\n'], lines: ['a', 'b'] },
    { name: 'a line cut across chunks', chunks: ['hel', 'lo\nwor', 'ld\n'], lines: ['hello', 'world'] },
    { name: 'a line cut across many chunks', chunks: ['x', 'y', 'z', '\n'], lines: ['xyz'] },
    { name: 'a final line without newline', chunks: ['a\nb'], lines: ['a', 'b'] },
    { name: 'empty lines are kept', chunks: ['\n\na\n'], lines: ['', '', 'a'] },
    { name: 'a newline alone in a chunk', chunks: ['abc', '\n', 'd\n'], lines: ['abc', 'd'] },
    { name: 'nothing', chunks: [], lines: [] },
  ])('$name', ({ chunks, lines }) => {
    expect(split(chunks)).toEqual(lines);
  });

  test('a multi-byte character cut by a chunk boundary stays intact', () => {
    const bytes = Buffer.from('größe ✓\n');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(split([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['größe ✓']);
  });

  test('a 1 MiB line fed in 1 KiB chunks arrives whole', () => {
    const line = 'x'.repeat(1024 * 1024);
    const body = Buffer.from(`${line}\nnext\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024));
    expect(split(chunks)).toEqual([line, 'next']);
  });
});
