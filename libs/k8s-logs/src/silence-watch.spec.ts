import type { Timestamp } from '@applogs/proto';
import { LogProgress, lineTime } from './log-progress';
import { SilenceWatch, type SilenceVerdict } from './silence-watch';

const at = (text: string) => lineTime(Buffer.from(`${text} x`))!;
const timeouts = { silenceMs: 1000, probeMs: 300 };

/** A SilenceWatch whose probe the test answers: each probe waits for `answer` (or never answers). */
function watched(silenceMs = timeouts.silenceMs) {
  const probes: Array<{ signal: AbortSignal; answer(last: Timestamp | undefined): void; fail(error: Error): void }> = [];
  const broken: Array<Extract<SilenceVerdict, { kind: 'broken' }>> = [];
  const watch = new SilenceWatch(
    { ...timeouts, silenceMs },
    new LogProgress({ tailLines: 10 }),
    (signal) =>
      new Promise((resolve, reject) => {
        probes.push({ signal, answer: resolve, fail: reject });
        signal.addEventListener('abort', () => reject(new Error('aborted')));
      }),
    (verdict) => broken.push(verdict),
  );
  watch.start();
  watch.heard(Buffer.from('2026-11-25T10:00:00.1Z a\n2026-11-25T10:00:00.2Z b\n'));
  return { watch, probes, broken };
}

describe('SilenceWatch', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  test('a quiet app: the probe shows nothing newer, the stream is kept and probed again a period later', async () => {
    const { watch, probes, broken } = watched();
    await jest.advanceTimersByTimeAsync(999);
    expect(probes).toHaveLength(0);
    await jest.advanceTimersByTimeAsync(1);
    expect(probes).toHaveLength(1);
    probes[0].answer(at('2026-11-25T10:00:00.2Z'));
    await jest.advanceTimersByTimeAsync(1000);
    expect(probes).toHaveLength(2);
    probes[1].answer(at('2026-11-25T10:00:00.2Z'));
    await jest.advanceTimersByTimeAsync(0);
    expect(broken).toEqual([]);
    watch.stop();
  });

  test('a stuck stream: the log has a line newer than the last one delivered', async () => {
    const { probes, broken } = watched();
    await jest.advanceTimersByTimeAsync(1000);
    probes[0].answer(at('2026-11-25T10:00:03.5Z'));
    await jest.advanceTimersByTimeAsync(0);
    expect(broken).toEqual([
      { kind: 'broken', noAnswer: false, reason: 'no bytes for 1000 ms though its log has newer lines (the last at 2026-11-25T10:00:03.500000000Z)' },
    ]);
  });

  test('a frozen API: the probe gets no answer in its own timeout, and is aborted', async () => {
    const { probes, broken } = watched();
    await jest.advanceTimersByTimeAsync(1299);
    expect(broken).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    expect(probes[0].signal.aborted).toBe(true);
    expect(broken).toEqual([{ kind: 'broken', noAnswer: true, reason: 'no bytes for 1000 ms and the API server did not answer a probe in 300 ms' }]);
  });

  test('a probe that fails breaks the stream with its reason', async () => {
    const { probes, broken } = watched();
    await jest.advanceTimersByTimeAsync(1000);
    probes[0].fail(new Error('Kubernetes API answered 500 while trying to read the log of pod p1: boom'));
    await jest.advanceTimersByTimeAsync(0);
    expect(broken).toEqual([
      {
        kind: 'broken',
        noAnswer: false,
        reason: 'no bytes for 1000 ms and a probe of its log failed: Kubernetes API answered 500 while trying to read the log of pod p1: boom',
      },
    ]);
  });

  test('bytes arriving while a probe is out settle it: the probe is dropped, silence counts afresh', async () => {
    const { watch, probes, broken } = watched();
    await jest.advanceTimersByTimeAsync(1000);
    watch.heard(Buffer.from('2026-11-25T10:00:04Z c\n'));
    expect(probes[0].signal.aborted).toBe(true);
    await jest.advanceTimersByTimeAsync(999);
    expect([probes.length, broken]).toEqual([1, []]);
    await jest.advanceTimersByTimeAsync(1);
    probes[1].answer(at('2026-11-25T10:00:04Z'));
    await jest.advanceTimersByTimeAsync(0);
    expect(broken).toEqual([]);
    watch.stop();
  });

  test('while our consumer holds the stream back, silence is ours: no probe until it reads again', async () => {
    const { watch, probes } = watched();
    watch.pause();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(probes).toHaveLength(0);
    watch.resume();
    await jest.advanceTimersByTimeAsync(1000);
    expect(probes).toHaveLength(1);
    watch.stop();
    expect(probes[0].signal.aborted).toBe(true);
  });

  test('a stall timeout of 0 never probes', async () => {
    const { probes } = watched(0);
    await jest.advanceTimersByTimeAsync(3_600_000);
    expect(probes).toHaveLength(0);
  });
});
