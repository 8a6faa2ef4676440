import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  test('refuses past the global limit and frees on release', () => {
    const slots = new StreamSlots(2);
    expect([slots.tryAcquire(), slots.tryAcquire(), slots.tryAcquire()]).toEqual([undefined, undefined, 'global']);
    slots.release();
    expect(slots.inUse).toBe(1);
    expect(slots.tryAcquire()).toBeUndefined();
  });

  test('one caller cannot take every slot', () => {
    const slots = new StreamSlots(3, 2);
    expect([slots.tryAcquire('a'), slots.tryAcquire('a'), slots.tryAcquire('a')]).toEqual([undefined, undefined, 'caller']);
    expect(slots.tryAcquire('b')).toBeUndefined();
    expect(slots.tryAcquire('c')).toBe('global');
    slots.release('a');
    expect(slots.tryAcquire('a')).toBeUndefined();
  });

  test('a release without an acquire is a bug, not a silent extra slot', () => {
    expect(() => new StreamSlots(1).release()).toThrow(/without a matching tryAcquire/);
    const slots = new StreamSlots(2);
    slots.tryAcquire('a');
    expect(() => slots.release('b')).toThrow(/without a matching tryAcquire/);
  });
});
