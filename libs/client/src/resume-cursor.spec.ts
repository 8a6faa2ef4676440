import { create, TimestampSchema, type Timestamp } from '@applogs/proto';
import { ResumeCursor } from './resume-cursor';

/** `'12.000000005'` → 12 s and 5 ns; short for the tables. */
const ts = (text: string): Timestamp => {
  const [seconds, fraction = ''] = text.split('.');
  return create(TimestampSchema, { seconds: BigInt(seconds), nanos: Number(fraction.padEnd(9, '0')) });
};

/** `'a 10.5 one'`: a line of replica a at 10.5 s with message one. */
type Line = string;

/** Feeds the lines in order; returns those kept. */
const feed = (cursor: ResumeCursor, lines: Line[]): Line[] =>
  lines.filter((line) => {
    const [replica, at, message] = line.split(' ');
    return cursor.accept(replica, ts(at), message);
  });

interface Case {
  name: string;
  /** Printed before the break. */
  before: Line[];
  /** since_time of the resumed call (undefined: the original request). */
  resumeFrom: string | undefined;
  /** What the resumed stream delivers. */
  after: Line[];
  /** What of it is printed. */
  kept: Line[];
}

const cases: Case[] = [
  {
    name: 'nothing printed before the break: the original request again, everything printed',
    before: [],
    resumeFrom: undefined,
    after: ['a 10 one', 'a 11 two'],
    kept: ['a 10 one', 'a 11 two'],
  },
  {
    name: 'one replica: the repeated tail is dropped, the new lines kept',
    before: ['a 10.1 one', 'a 10.2 two', 'a 10.3 three'],
    resumeFrom: '10.3',
    // The server resolves whole seconds and drops lines before since_time itself; the cursor does not rely on it.
    after: ['a 10.1 one', 'a 10.2 two', 'a 10.3 three', 'a 10.4 four', 'a 11 five'],
    kept: ['a 10.4 four', 'a 11 five'],
  },
  {
    name: 'several lines at the last timestamp: those printed are dropped, one that was not is kept',
    before: ['a 10 x', 'a 20 one', 'a 20 two'],
    resumeFrom: '20',
    after: ['a 20 one', 'a 20 two', 'a 20 three', 'a 21 four'],
    kept: ['a 20 three', 'a 21 four'],
  },
  {
    name: 'a line that genuinely repeats at the same timestamp still prints (each match used once)',
    before: ['a 20 ping'],
    resumeFrom: '20',
    after: ['a 20 ping', 'a 20 ping', 'a 20 ping'],
    kept: ['a 20 ping', 'a 20 ping'],
  },
  {
    name: 'the same text printed twice at the last timestamp is dropped twice, not three times',
    before: ['a 20 ping', 'a 20 ping'],
    resumeFrom: '20',
    after: ['a 20 ping', 'a 20 ping', 'a 20 ping'],
    kept: ['a 20 ping'],
  },
  {
    name: 'two replicas: resumed from the earlier one, each dropping only its own repeats',
    before: ['a 10 a1', 'b 30 b1', 'a 15 a2', 'b 31 b2'],
    resumeFrom: '15',
    after: ['a 15 a2', 'b 20 b0', 'b 30 b1', 'a 16 a3', 'b 31 b2', 'b 32 b3'],
    kept: ['a 16 a3', 'b 32 b3'],
  },
  {
    name: 'a replica first seen after the break prints everything, even before the resume point',
    before: ['a 50 a1'],
    resumeFrom: '50',
    after: ['c 40 c1', 'a 50 a1', 'c 50 a1', 'a 51 a2'],
    kept: ['c 40 c1', 'c 50 a1', 'a 51 a2'],
  },
  {
    name: 'once past the snapshot, an equal message at a later timestamp is new',
    before: ['a 10 tick'],
    resumeFrom: '10',
    after: ['a 10 tick', 'a 11 tick', 'a 12 tick'],
    kept: ['a 11 tick', 'a 12 tick'],
  },
  {
    name: 'nanoseconds count: a line one nanosecond later is new',
    before: ['a 10.000000001 x'],
    resumeFrom: '10.000000001',
    after: ['a 10.000000001 x', 'a 10.000000002 x'],
    kept: ['a 10.000000002 x'],
  },
  {
    name: 'a line at the last timestamp whose text differs is kept, and repeats after it are still dropped',
    before: ['a 20 one', 'a 20 two'],
    resumeFrom: '20',
    after: ['a 20 one', 'a 20 new', 'a 20 two', 'a 21 later'],
    kept: ['a 20 new', 'a 21 later'],
  },
];

describe('ResumeCursor', () => {
  test.each(cases)('$name', ({ before, resumeFrom, after, kept }) => {
    const cursor = new ResumeCursor();
    expect(feed(cursor, before)).toEqual(before); // a first stream prints everything
    expect(cursor.resume()).toEqual(resumeFrom === undefined ? undefined : ts(resumeFrom));
    expect(feed(cursor, after)).toEqual(kept);
  });

  test('two breaks in a row: the second resumes from everything printed so far', () => {
    const cursor = new ResumeCursor();
    feed(cursor, ['a 10 a1', 'b 10 b1', 'a 11 a2']);
    expect(cursor.resume()).toEqual(ts('10'));
    // The second stream breaks after repeating part of the tail and printing one new line at the same second.
    expect(feed(cursor, ['a 10 a1', 'b 10 b1', 'b 10 b2'])).toEqual(['b 10 b2']);
    expect(cursor.resume()).toEqual(ts('10'));
    expect(feed(cursor, ['a 10 a1', 'a 11 a2', 'b 10 b1', 'b 10 b2', 'b 12 b3', 'a 12 a3'])).toEqual(['b 12 b3', 'a 12 a3']);
  });

  test('a break before the new stream delivered anything resumes from the same place', () => {
    const cursor = new ResumeCursor();
    feed(cursor, ['a 10 a1', 'a 10 a2']);
    expect(cursor.resume()).toEqual(ts('10'));
    expect(cursor.resume()).toEqual(ts('10'));
    expect(feed(cursor, ['a 10 a1', 'a 10 a2', 'a 11 a3'])).toEqual(['a 11 a3']);
  });

  test('an older line (a clock step in the pod) prints but does not move the position back', () => {
    const cursor = new ResumeCursor();
    expect(feed(cursor, ['a 20 late', 'a 19 early'])).toEqual(['a 20 late', 'a 19 early']);
    expect(cursor.resume()).toEqual(ts('20'));
  });

  test('a listed replica that printed nothing: the original request again; each replica prints what it had not', () => {
    const cursor = new ResumeCursor();
    cursor.listed(['a', 'quiet']);
    feed(cursor, ['a 10 a1', 'a 11 a2']);
    // Since a's time (11), the quiet replica's older lines (its tail, from 5) would be lost.
    expect(cursor.resume()).toBeUndefined();
    expect(feed(cursor, ['a 10 a1', 'quiet 5 q1', 'a 11 a2', 'quiet 12 q2', 'a 12 a3'])).toEqual(['quiet 5 q1', 'quiet 12 q2', 'a 12 a3']);
    // Every listed replica has printed now: the next break resumes from the earliest last line again.
    expect(cursor.resume()).toEqual(ts('12'));
    cursor.listed(['a']);
    expect(cursor.resume()).toEqual(ts('12'));
  });

  test('a line without a timestamp always prints', () => {
    const cursor = new ResumeCursor();
    expect(cursor.accept('a', undefined, 'x')).toBe(true);
    expect(cursor.resume()).toBeUndefined();
    expect(cursor.accept('a', undefined, 'x')).toBe(true);
  });
});
