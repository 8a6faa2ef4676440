import { PodEventLog, type PodEvent } from './pod-events';
import type { PodView } from './sim-pod';

const event = (rv: number): PodEvent => ({ type: 'ADDED', rv, pod: { name: `p${rv}` } as PodView });

describe('PodEventLog', () => {
  it('keeps the last `capacity` events and expires resumes from before them', () => {
    const log = new PodEventLog(1, 3);
    for (let rv = 2; rv <= 6; rv++) log.record(event(rv));
    // Events 2 and 3 were dropped: resuming needs rv >= 3, the newest dropped one.
    expect(log.oldestResumable()).toBe(3);
    expect(log.since(2)).toBeUndefined();
    expect(log.since(3)?.map((e) => e.rv)).toEqual([4, 5, 6]);
    expect(log.since(5)?.map((e) => e.rv)).toEqual([6]);
    expect(log.since(6)).toEqual([]);
  });

  it('expire() forgets everything before the given resourceVersion', () => {
    const log = new PodEventLog(1);
    log.record(event(2));
    log.expire(2);
    expect(log.since(1)).toBeUndefined();
    expect(log.since(2)).toEqual([]);
  });

  it('feeds subscribers until they unsubscribe', () => {
    const log = new PodEventLog(1);
    const seen: number[] = [];
    const unsubscribe = log.subscribe((e) => seen.push(e.rv));
    log.record(event(2));
    unsubscribe();
    log.record(event(3));
    expect(seen).toEqual([2]);
  });
});
