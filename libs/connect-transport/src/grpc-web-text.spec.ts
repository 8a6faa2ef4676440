import { decodedBase64 } from './grpc-web-text';

async function decode(pieces: string[]): Promise<Buffer> {
  async function* chunks() {
    for (const piece of pieces) yield Buffer.from(piece, 'latin1');
  }
  const out: Uint8Array[] = [];
  for await (const bytes of decodedBase64(chunks())) out.push(bytes);
  return Buffer.concat(out);
}

describe('decodedBase64 (gRPC-Web text request bodies)', () => {
  const bytes = Buffer.from(Array.from({ length: 50 }, (_, i) => (i * 37) % 256));
  const text = bytes.toString('base64');

  test('cut at every place, in two pieces', async () => {
    for (let cut = 0; cut <= text.length; cut++) expect(await decode([text.slice(0, cut), text.slice(cut)])).toEqual(bytes);
  });

  test('one character at a time', async () => {
    expect(await decode([...text])).toEqual(bytes);
  });

  test('segments padded on their own, as clients that encode each frame apart send them', async () => {
    const parts = [bytes.subarray(0, 1), bytes.subarray(1, 3), bytes.subarray(3, 10), bytes.subarray(10)];
    const padded = parts.map((part) => part.toString('base64'));
    expect(padded.slice(0, 2).every((segment) => segment.endsWith('='))).toBe(true);
    expect(await decode(padded)).toEqual(bytes);
    expect(await decode([padded.join('')])).toEqual(bytes);
  });

  test('line breaks and spaces are not data', async () => {
    expect(await decode([`${text.slice(0, 10)}\r\n ${text.slice(10)}`])).toEqual(bytes);
  });
});
