import { once } from 'node:events';
import { PassThrough, Readable, Writable } from 'node:stream';
import { WritableDemand, readWithDemand, type Demand } from './demand';

/** A Writable whose writes stay pending while it is held, like a gRPC call whose peer stopped reading. */
function heldWritable() {
  let held = true;
  let pending: (() => void) | undefined;
  const writable = new Writable({
    objectMode: true,
    highWaterMark: 2,
    write: (_chunk, _encoding, done) => (held ? (pending = done) : done()),
  });
  const hold = () => (held = true);
  const release = () => {
    held = false;
    const done = pending;
    pending = undefined;
    done?.();
  };
  return { writable, hold, release };
}

describe('WritableDemand', () => {
  test('is ready until a write returns false, and resumes every waiter on drain', async () => {
    const { writable, release } = heldWritable();
    const demand = new WritableDemand(writable);
    expect(demand.ready).toBe(true);
    writable.write(1);
    writable.write(2);
    expect(demand.ready).toBe(false);
    const resumed: string[] = [];
    demand.whenReady(() => resumed.push('a'));
    demand.whenReady(() => resumed.push('b'));
    expect(writable.listenerCount('drain')).toBe(1);
    const drained = once(writable, 'drain');
    release();
    await drained;
    expect(resumed).toEqual(['a', 'b']);
  });

  test('keeps waiting when another drain listener fills the buffer again first', async () => {
    const { writable, hold, release } = heldWritable();
    writable.write(1);
    writable.write(2);
    // Like Nest writing what it queued as soon as the call drains, into a peer that stops reading again.
    writable.once('drain', () => {
      hold();
      writable.write(3);
      writable.write(4);
    });
    const demand = new WritableDemand(writable);
    let resumed = false;
    demand.whenReady(() => (resumed = true));
    let drained = once(writable, 'drain');
    release();
    await drained;
    expect(resumed).toBe(false);
    drained = once(writable, 'drain');
    release();
    await drained;
    expect(resumed).toBe(true);
  });

  test('a ready demand resumes at once', () => {
    let resumed = false;
    new WritableDemand(new PassThrough()).whenReady(() => (resumed = true));
    expect(resumed).toBe(true);
  });
});

describe('readWithDemand', () => {
  test('pauses the stream after a chunk while the demand is not ready, and resumes it when ready', async () => {
    const readable = Readable.from(['a', 'b', 'c'], { objectMode: true });
    let ready = false;
    let wake: (() => void) | undefined;
    const demand: Demand = {
      get ready() {
        return ready;
      },
      whenReady: (resume) => (wake = resume),
    };
    const delivered: string[] = [];
    readWithDemand<string>(readable, demand, (chunk) => delivered.push(chunk));
    while (!wake) await new Promise((resolve) => setImmediate(resolve));
    expect(delivered).toEqual(['a']);
    expect(readable.isPaused()).toBe(true);
    ready = true;
    wake();
    await once(readable, 'end');
    expect(delivered).toEqual(['a', 'b', 'c']);
  });
});
