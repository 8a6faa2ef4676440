import { formatTimestamp, parseLogLine, parseRfc3339Nano } from './log-line-parser';

describe('parseLogLine', () => {
  test.each([
    {
      line: '2026-11-25T10:00:00.123456789Z hello world',
      parsed: { timestamp: { seconds: '1795600800', nanos: 123456789 }, message: 'hello world' },
    },
    { line: '2026-11-25T10:00:00.5Z trimmed zeros', parsed: { timestamp: { seconds: '1795600800', nanos: 500000000 }, message: 'trimmed zeros' } },
    { line: '2026-11-25T10:00:00Z no fraction', parsed: { timestamp: { seconds: '1795600800', nanos: 0 }, message: 'no fraction' } },
    { line: '2026-11-25T11:00:00.000000001+01:00 offset', parsed: { timestamp: { seconds: '1795600800', nanos: 1 }, message: 'offset' } },
    { line: '2026-11-25T10:00:00.1Z ', parsed: { timestamp: { seconds: '1795600800', nanos: 100000000 }, message: '' } },
    { line: '2026-11-25T10:00:00.1Z', parsed: { timestamp: { seconds: '1795600800', nanos: 100000000 }, message: '' } },
    { line: 'no timestamp here', parsed: { message: 'no timestamp here' } },
    { line: '2026-13-45T99:00:00Z bad date', parsed: { message: '2026-13-45T99:00:00Z bad date' } },
    { line: '2026-11-25T10:00:00.1234567891Z ten digits', parsed: { message: '2026-11-25T10:00:00.1234567891Z ten digits' } },
    { line: '', parsed: { message: '' } },
  ])('$line', ({ line, parsed }) => {
    expect(parseLogLine(line)).toEqual(parsed);
  });

  test('formatTimestamp is the inverse of parseRfc3339Nano in UTC', () => {
    const text = '2026-11-25T10:00:00.000123400Z';
    expect(formatTimestamp(parseRfc3339Nano(text)!)).toBe(text);
  });
});
