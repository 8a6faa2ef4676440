import type { LineStore } from './line-store';

/**
 * The rows the view shows (those of hidden replicas left out), in order, with where each starts counted in text
 * lines: a row is one text line unwrapped, and as many as it wraps to when wrapped (`heightOf`). The virtual list
 * turns that into pixels and finds the rows of a scroll position by binary search, so 100,000 rows cost nothing
 * until they are in view. Rows the store dropped leave from the front (`trim`).
 */
export class VisibleRows<T> {
  private seqs: number[] = [];
  /** ends[i]: where row i ends, in text lines from the start of everything ever listed. */
  private ends: number[] = [];
  private head = 0;
  /** Where the first row in `ends` starts (rows compacted away before it took that much). */
  private origin = 0;

  constructor(
    private readonly store: LineStore<T>,
    private readonly shows: (row: T) => boolean,
    private readonly heightOf: (row: T) => number,
  ) {}

  get length(): number {
    return this.seqs.length - this.head;
  }

  /** The height of everything listed, in text lines. */
  get totalLines(): number {
    return this.endOf(this.length - 1);
  }

  /** Lists a row just added to the store, if it shows. */
  add(seq: number, row: T): void {
    if (!this.shows(row)) return;
    this.seqs.push(seq);
    this.ends.push(this.endAt(this.seqs.length - 2) + this.heightOf(row));
  }

  /** Lists again from the store: after the filter or the heights changed. */
  rebuild(): void {
    this.seqs = [];
    this.ends = [];
    this.head = 0;
    this.origin = 0;
    let seq = this.store.firstSeq;
    for (const row of this.store) this.add(seq++, row);
  }

  /** Forgets rows the store dropped; returns the text lines they took, which the view scrolls back by. */
  trim(): number {
    const before = this.endAt(this.head - 1);
    while (this.head < this.seqs.length && this.seqs[this.head] < this.store.firstSeq) this.head++;
    const removed = this.endAt(this.head - 1) - before;
    if (this.head > 50_000) {
      this.origin = this.endAt(this.head - 1);
      this.seqs = this.seqs.slice(this.head);
      this.ends = this.ends.slice(this.head);
      this.head = 0;
    }
    return removed;
  }

  row(index: number): T {
    return this.store.get(this.seqs[this.head + index]) as T;
  }

  /** How many text lines row `index` takes, as it was listed. */
  linesOf(index: number): number {
    return this.endOf(index) - this.endOf(index - 1);
  }

  /** Where row `index` starts, in text lines from the top of the list. */
  startOf(index: number): number {
    return this.endOf(index - 1);
  }

  /** The index of the row at text line `line` from the top (clamped to the rows there are). */
  indexAt(line: number): number {
    let low = 0;
    let high = this.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.endOf(middle) <= line) low = middle + 1;
      else high = middle;
    }
    return Math.max(0, low);
  }

  private endOf(index: number): number {
    return this.endAt(this.head + index) - this.endAt(this.head - 1);
  }

  private endAt(position: number): number {
    return position < 0 ? this.origin : this.ends[position];
  }
}
