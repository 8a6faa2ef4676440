/** How many rows the page keeps: past it the oldest go, and are counted. */
export const MAX_ROWS = 100_000;

/**
 * A bounded buffer of rows, oldest first. Each row keeps a sequence number for life (`firstSeq` … `endSeq - 1`),
 * so views of the store (the visible rows) can refer to rows that may meanwhile have been dropped. Past `cap` the
 * oldest row goes for each new one, and `dropped` says how many went: a page left open on a busy app must not grow
 * without end, and must say that it let lines go.
 */
export class LineStore<T> {
  private rows: T[] = [];
  /** Index in `rows` of the oldest row kept; the ones before it are dropped, and compacted away in bulk. */
  private head = 0;
  private seqOfHead = 0;
  /** Rows dropped for the cap since the last `clear`. */
  dropped = 0;

  constructor(readonly cap = MAX_ROWS) {}

  get size(): number {
    return this.rows.length - this.head;
  }

  /** The sequence number of the oldest row kept. */
  get firstSeq(): number {
    return this.seqOfHead;
  }

  /** One past the sequence number of the newest row: the next row's. */
  get endSeq(): number {
    return this.seqOfHead + this.size;
  }

  /** Adds a row; returns its sequence number. */
  push(row: T): number {
    this.rows.push(row);
    if (this.size > this.cap) {
      this.head++;
      this.seqOfHead++;
      this.dropped++;
      // Shifting a 100,000-row array per line would cost more than the line; once per `cap` rows it is cheap.
      if (this.head >= this.cap) {
        this.rows = this.rows.slice(this.head);
        this.head = 0;
      }
    }
    return this.endSeq - 1;
  }

  /** The row with this sequence number, or undefined if it was dropped or never was. */
  get(seq: number): T | undefined {
    if (seq < this.seqOfHead || seq >= this.endSeq) return undefined;
    return this.rows[this.head + seq - this.seqOfHead];
  }

  /** Every row kept, oldest first. */
  *[Symbol.iterator](): IterableIterator<T> {
    for (let i = this.head; i < this.rows.length; i++) yield this.rows[i];
  }

  /** Removes every row (sequence numbers go on from where they were) and forgets the dropped count. */
  clear(): void {
    this.seqOfHead = this.endSeq;
    this.rows = [];
    this.head = 0;
    this.dropped = 0;
  }

  /** Takes every row out, oldest first, leaving the store empty (what a paused view hands over on resume). */
  drain(): T[] {
    const rows = this.rows.slice(this.head);
    const dropped = this.dropped;
    this.clear();
    this.dropped = dropped;
    return rows;
  }
}
