import { StreamSlots } from './stream-slots';

describe('StreamSlots', () => {
  test('refuses past the limit and frees on release', () => {
    const slots = new StreamSlots(2);
    expect([slots.tryAcquire(), slots.tryAcquire(), slots.tryAcquire()]).toEqual([true, true, false]);
    slots.release();
    expect(slots.inUse).toBe(1);
    expect(slots.tryAcquire()).toBe(true);
  });

  test('a release without an acquire is a bug, not a silent extra slot', () => {
    expect(() => new StreamSlots(1).release()).toThrow(/without a matching tryAcquire/);
  });
});
