import { LineCutter } from './line-cutter';

function cutAll(chunks: Array<string | Buffer>): string[] {
  const cutter = new LineCutter();
  const lines: string[] = [];
  const collect = (count: number) => {
    for (let i = 0; i < count; i += 1) lines.push(cutter.buffers[i].toString('utf8', cutter.starts[i], cutter.ends[i]));
  };
  for (const chunk of chunks) collect(cutter.cut(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
  collect(cutter.rest());
  return lines;
}

describe('LineCutter', () => {
  test.each([
    { name: 'whole lines in one chunk', chunks: ['a\nb\n'], lines: ['a', 'b'] },
    { name: 'a line cut across chunks', chunks: ['hel', 'lo\nwor', 'ld\n'], lines: ['hello', 'world'] },
    { name: 'a line cut across many chunks', chunks: ['x', 'y', 'z', '\n'], lines: ['xyz'] },
    { name: 'a final line without newline', chunks: ['a\nb'], lines: ['a', 'b'] },
    { name: 'empty lines are kept', chunks: ['\n\na\n'], lines: ['', '', 'a'] },
    { name: 'a newline alone in a chunk', chunks: ['abc', '\n', 'd\n'], lines: ['abc', 'd'] },
    { name: 'nothing', chunks: [], lines: [] },
  ])('$name', ({ chunks, lines }) => {
    expect(cutAll(chunks)).toEqual(lines);
  });

  test('a multi-byte character cut by a chunk boundary stays intact', () => {
    const bytes = Buffer.from('größe ✓\n');
    const cut = bytes.indexOf(Buffer.from('✓')) + 1;
    expect(cutAll([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(['größe ✓']);
  });

  test('a 1 MiB line fed in 1 KiB chunks arrives whole', () => {
    const line = 'x'.repeat(1024 * 1024);
    const body = Buffer.from(`${line}\nnext\n`);
    const chunks: Buffer[] = [];
    for (let i = 0; i < body.length; i += 1024) chunks.push(body.subarray(i, i + 1024));
    expect(cutAll(chunks)).toEqual([line, 'next']);
  });
});
