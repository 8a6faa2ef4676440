import { matchRanges } from './search';

describe('search highlighting', () => {
  test('every occurrence, ignoring case, without overlaps', () => {
    expect(matchRanges('Error: disk error, ERROR', 'error')).toEqual([
      [0, 5],
      [12, 17],
      [19, 24],
    ]);
    expect(matchRanges('aaaa', 'aa')).toEqual([
      [0, 2],
      [2, 4],
    ]);
    expect(matchRanges('anything', '')).toEqual([]);
    expect(matchRanges('nothing here', 'x')).toEqual([]);
  });
});
