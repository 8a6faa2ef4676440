import { EventEmitter } from 'node:events';
import { whenCallEnds } from './call-lifetime';

/** grpc-js's server call as far as its end goes: 'cancelled', then destroy() and 'close'. */
class FakeCall extends EventEmitter {
  cancelled = false;
  destroyed = false;
  cancel(): void {
    this.cancelled = true;
    this.emit('cancelled', 'cancelled');
    this.close();
  }
  close(): void {
    this.destroyed = true;
    this.emit('close');
  }
}

describe('whenCallEnds', () => {
  test('a cancel (or a deadline: grpc-js cancels after sending the status) ends it once, though close follows', () => {
    const call = new FakeCall();
    const ends: string[] = [];
    whenCallEnds(call, () => ends.push('end'));
    expect(ends).toEqual([]);
    call.cancel();
    expect(ends).toEqual(['end']);
    expect([call.listenerCount('close'), call.listenerCount('cancelled')]).toEqual([0, 0]);
  });

  test('a call that finished closes: once', () => {
    const call = new FakeCall();
    const ends: string[] = [];
    whenCallEnds(call, () => ends.push('end'));
    call.close();
    call.emit('close');
    expect(ends).toEqual(['end']);
  });

  test('a call that ended before anyone looked ends at once', () => {
    for (const ended of [Object.assign(new FakeCall(), { cancelled: true }), Object.assign(new FakeCall(), { destroyed: true })]) {
      const ends: string[] = [];
      whenCallEnds(ended, () => ends.push('end'));
      expect(ends).toEqual(['end']);
      expect(ended.listenerCount('close')).toBe(0);
    }
  });
});
