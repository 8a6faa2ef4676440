import { LineStore } from './line-store';
import { VisibleRows } from './visible-rows';

interface TestRow {
  pod: string;
  lines: number;
}

function setUp(cap = 100) {
  const store = new LineStore<TestRow>(cap);
  const hidden = new Set<string>();
  const rows = new VisibleRows<TestRow>(
    store,
    (row) => !hidden.has(row.pod),
    (row) => row.lines,
  );
  const push = (pod: string, lines = 1) => {
    const row = { pod, lines };
    rows.add(store.push(row), row);
  };
  return { store, hidden, rows, push };
}

describe('VisibleRows', () => {
  test('rows stack by their heights; a line position finds its row', () => {
    const { rows, push } = setUp();
    push('a', 1);
    push('b', 3);
    push('a', 2);
    expect([rows.length, rows.totalLines]).toEqual([3, 6]);
    expect([0, 1, 2].map((i) => rows.startOf(i))).toEqual([0, 1, 4]);
    expect([0, 1, 2].map((i) => rows.linesOf(i))).toEqual([1, 3, 2]);
    expect([0, 1, 3, 4, 5, 99].map((line) => rows.indexAt(line))).toEqual([0, 1, 1, 2, 2, 2]);
    expect(rows.row(1)).toEqual({ pod: 'b', lines: 3 });
  });

  test('hidden replicas leave the list; showing them again puts them back in order', () => {
    const { rows, hidden, push } = setUp();
    push('a');
    push('b');
    push('a');
    hidden.add('a');
    rows.rebuild();
    expect([rows.length, rows.row(0).pod]).toEqual([1, 'b']);
    push('a');
    push('b');
    expect(rows.length).toBe(2);
    hidden.clear();
    rows.rebuild();
    expect(Array.from({ length: rows.length }, (_, i) => rows.row(i).pod)).toEqual(['a', 'b', 'a', 'a', 'b']);
  });

  test('rows the store dropped leave from the front, and say how many text lines they took', () => {
    const { rows, push } = setUp(3);
    push('a', 2);
    push('b', 1);
    push('c', 1);
    push('d', 4);
    expect(rows.trim()).toBe(2);
    expect([rows.length, rows.totalLines, rows.startOf(2), rows.row(0).pod]).toEqual([3, 6, 2, 'b']);
    expect(rows.indexAt(2)).toBe(2);
  });

  test('stays right across compactions of a long run', () => {
    const { rows, push } = setUp(1000);
    for (let i = 0; i < 120_000; i++) {
      push(`p${i}`, 1 + (i % 2));
      rows.trim();
    }
    expect([rows.length, rows.totalLines, rows.row(0).pod, rows.row(999).pod]).toEqual([1000, 1500, 'p119000', 'p119999']);
    expect(rows.indexAt(1499)).toBe(999);
    push('next', 5);
    expect([rows.trim(), rows.totalLines, rows.row(999).pod]).toEqual([1, 1504, 'next']);
  });
});
