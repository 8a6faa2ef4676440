import { EndlessLine, endlessLineToken } from './endless-line';

const clock = { now: () => 1_767_225_600_123_456_789n };

describe('EndlessLine', () => {
  it('starts with the timestamp once, then numbered tokens without a newline, each write within maxBytes', () => {
    const line = new EndlessLine(clock, true);
    const writes = [line.next(64), line.next(64), line.next(1000)];
    expect(writes.map((text) => Buffer.byteLength(text) <= (text === writes[2] ? 1000 : 64))).toEqual([true, true, true]);
    const text = writes.join('');
    expect(text.startsWith('2026-01-01T00:00:00.123456789Z 1 ✓ 2 ✓ ')).toBe(true);
    expect(text).not.toContain('\n');
    const tokens = text.slice(text.indexOf(' ') + 1);
    const count = tokens.split('✓').length - 1;
    expect(tokens).toBe(Array.from({ length: count }, (_, i) => endlessLineToken(i + 1)).join(''));
  });

  it('without timestamps, just the tokens; a maxBytes below one token still gets one', () => {
    const line = new EndlessLine(clock, false);
    expect(line.next(1)).toBe('1 ✓ ');
    expect(line.next(12)).toBe('2 ✓ 3 ✓ ');
  });
});
