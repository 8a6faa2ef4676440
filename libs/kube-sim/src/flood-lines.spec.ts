import { FLOOD_LINE_CHARS, FloodLines } from './flood-lines';

/** A clock stuck just before a second boundary, so stamps must carry into the next second. */
const stuckClock = { now: () => 1_767_225_599_999_999_998n };

describe('FloodLines', () => {
  it('fills a write up to maxBytes with padded, consecutively numbered lines', () => {
    const flood = new FloodLines('pod-a', 'main', 7, stuckClock, false);
    const text = flood.next(64 * 1024);
    const lines = text.split('\n').slice(0, -1);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(64 * 1024);
    expect(Buffer.byteLength(text)).toBeGreaterThan(64 * 1024 - (FLOOD_LINE_CHARS + 1));
    expect(lines[0]).toMatch(/^pod-a\/main flood seq=7 lorem ipsum/);
    for (const [i, line] of lines.entries()) {
      expect(line).toHaveLength(FLOOD_LINE_CHARS);
      expect(line.startsWith(`pod-a/main flood seq=${7 + i} `)).toBe(true);
    }
    expect(flood.next(1).startsWith(`pod-a/main flood seq=${7 + lines.length} `)).toBe(true);
  });

  it('stamps lines strictly increasing, also across batches with a clock that does not move', () => {
    // 152 bytes a line: a 30-byte stamp, a space, FLOOD_LINE_CHARS of text, a newline.
    const flood = new FloodLines('pod-a', 'main', 1, stuckClock, true);
    const lines = [flood.next(3 * 152), flood.next(3 * 152)].join('').split('\n').slice(0, -1);
    expect(lines.map((l) => l.slice(0, l.indexOf(' ')))).toEqual([
      '2025-12-31T23:59:59.999999998Z',
      '2025-12-31T23:59:59.999999999Z',
      '2026-01-01T00:00:00.000000000Z',
      '2026-01-01T00:00:00.000000001Z',
      '2026-01-01T00:00:00.000000002Z',
      '2026-01-01T00:00:00.000000003Z',
    ]);
  });
});
