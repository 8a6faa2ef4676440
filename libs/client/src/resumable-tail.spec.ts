import { Code, create, TailLogsResponseSchema, type TailLogsResponse } from '@applogs/proto';
import { ResumableTail } from './resumable-tail';

const APP = { project: 'demo', domain: 'development', name: 'hello' };
const replicas = (...names: string[]): TailLogsResponse =>
  create(TailLogsResponseSchema, { resp: { case: 'replicas', value: { replicas: names.map((name) => ({ name })) } } });
const at = (seconds: number) => ({ seconds: BigInt(seconds), nanos: 0 }) as never;

function setUp() {
  let clock = 0;
  const tail = new ResumableTail(
    { app: APP },
    { tailLines: 10 },
    { policy: { initialMs: 100, maxMs: 400, giveUpMs: 10_000 }, now: () => clock, random: () => 0.5 },
  );
  return { tail, advance: (ms: number) => (clock += ms) };
}

describe('ResumableTail', () => {
  test('announces the first replica list; after a break, the reconnect and who came or went meanwhile', () => {
    const { tail } = setUp();
    expect(tail.received(replicas('a', 'b'))).toEqual([{ kind: 'replicas', pods: ['a', 'b'] }]);
    expect(tail.received(replicas('a'))).toEqual([]);
    expect(tail.ended(Code.UNAVAILABLE, 'down')).toEqual({ next: 'reconnect', delayMs: 100, status: 'UNAVAILABLE', details: 'down', started: true });
    expect(tail.received(replicas('a', 'c'))).toEqual([{ kind: 'reconnected' }, { kind: 'missed', pod: 'c', joined: true }]);
  });

  test('resumes from the earliest last line accepted, without the tail count', () => {
    const { tail } = setUp();
    expect(tail.request().tailLines).toBe(10);
    tail.received(replicas('a', 'b'));
    expect([tail.cursor.accept('a', at(20), 'x'), tail.cursor.accept('b', at(15), 'y')]).toEqual([true, true]);
    tail.ended(Code.UNAVAILABLE, 'down');
    const resumed = tail.request();
    expect([resumed.tailLines, resumed.sinceTime?.seconds]).toEqual([undefined, 15n]);
    expect(tail.cursor.accept('b', at(15), 'y')).toBe(false);
  });

  test('options that cannot be sent are refused at once, before any call', () => {
    expect(() => new ResumableTail({ app: APP }, { since: '5 minutes' })).toThrow(expect.objectContaining({ code: Code.INVALID_ARGUMENT }));
  });

  test('OK is done; a status that would come again fails; the backoff doubles until a message; silence gives up', () => {
    const { tail, advance } = setUp();
    expect(tail.ended(Code.OK, '')).toEqual({ next: 'done' });
    expect(tail.ended(Code.NOT_FOUND, 'no app')).toEqual({ next: 'fail', message: 'NOT_FOUND: no app' });
    const delays = [0, 1, 2, 3].map(() => (tail.ended(Code.UNAVAILABLE, 'x') as { delayMs: number }).delayMs);
    expect(delays).toEqual([100, 200, 400, 400]);
    expect(tail.ended(Code.UNAVAILABLE, 'x')).toMatchObject({ started: false });
    advance(10_000);
    expect(tail.ended(Code.UNAVAILABLE, 'x')).toEqual({ next: 'fail', message: 'UNAVAILABLE: x (gave up reconnecting after 10 s without a message)' });
  });
});
