import { formatTime, TIME_WIDTH } from './timestamps';

describe('timestamps', () => {
  test('UTC and local, to the millisecond, as wide as announced', () => {
    const timestamp = { seconds: 1_893_553_445n, nanos: 123_456_789 } as never; // 2030-01-02T03:04:05.123456789Z
    expect(formatTime(timestamp, 'utc')).toBe('2030-01-02 03:04:05.123Z');
    const local = formatTime(timestamp, 'local');
    expect(local).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:05\.123$/);
    expect([local.length + 1, formatTime(timestamp, 'utc').length + 1]).toEqual([TIME_WIDTH.local, TIME_WIDTH.utc]);
  });
});
