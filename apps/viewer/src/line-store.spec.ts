import { LineStore } from './line-store';

describe('LineStore', () => {
  test('keeps the newest `cap` rows, counts the dropped ones, and finds rows by sequence number', () => {
    const store = new LineStore<string>(3);
    const seqs = ['a', 'b', 'c', 'd', 'e'].map((row) => store.push(row));
    expect(seqs).toEqual([0, 1, 2, 3, 4]);
    expect([...store]).toEqual(['c', 'd', 'e']);
    expect({ size: store.size, dropped: store.dropped, firstSeq: store.firstSeq, endSeq: store.endSeq }).toEqual({
      size: 3,
      dropped: 2,
      firstSeq: 2,
      endSeq: 5,
    });
    expect([store.get(1), store.get(2), store.get(4), store.get(5)]).toEqual([undefined, 'c', 'e', undefined]);
  });

  test('stays right across many compactions', () => {
    const store = new LineStore<number>(1000);
    for (let i = 0; i < 10_500; i++) store.push(i);
    expect(store.size).toBe(1000);
    expect(store.dropped).toBe(9500);
    expect([store.get(9499), store.get(9500), store.get(10_499)]).toEqual([undefined, 9500, 10_499]);
    expect([...store]).toEqual(Array.from({ length: 1000 }, (_, i) => 9500 + i));
  });

  test('clear empties it and numbering goes on; drain hands the rows over and keeps the dropped count', () => {
    const store = new LineStore<string>(2);
    ['a', 'b', 'c'].forEach((row) => store.push(row));
    expect(store.drain()).toEqual(['b', 'c']);
    expect([store.size, store.dropped]).toEqual([0, 1]);
    store.clear();
    expect([store.size, store.dropped, store.push('d')]).toEqual([0, 0, 3]);
    expect(store.get(3)).toBe('d');
  });
});
