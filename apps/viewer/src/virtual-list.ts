import { el } from './dom';
import type { VisibleRows } from './visible-rows';

/** Rows drawn above and below the viewport, so a fast scroll shows rows rather than a blank before the next frame. */
const OVERSCAN = 20;

/**
 * The scrolling line area: only the rows in view are in the DOM (a spacer as tall as every row keeps the scrollbar
 * true), and however many rows arrive between two frames, the DOM changes once per animation frame (`update`).
 * When `following`, each frame ends scrolled to the bottom.
 */
export class VirtualList<T> {
  readonly element: HTMLElement;
  private readonly spacer = el('div', { class: 'spacer' });
  private readonly window = el('div', { class: 'window' });
  private frame = 0;
  lineHeight = 18;
  /** Characters a text line holds, for the heights of wrapped rows. */
  columns = 120;
  private isFollowing = true;

  constructor(
    private readonly rows: VisibleRows<T>,
    private readonly draw: (row: T, lines: number, lineHeight: number) => HTMLElement,
    private readonly on: { scrolled(atBottom: boolean): void; measured(): void },
  ) {
    this.spacer.append(this.window);
    this.element = el('div', { class: 'log', role: 'log', 'aria-label': 'Log lines', tabindex: 0, 'data-following': 'true' }, this.spacer);
    this.element.addEventListener('scroll', () => {
      on.scrolled(this.atBottom());
      this.update();
    });
    new ResizeObserver(() => this.measure()).observe(this.element);
  }

  /** Whether each frame ends scrolled to the bottom; also on the element (`data-following`), for styles and tests. */
  get following(): boolean {
    return this.isFollowing;
  }

  set following(following: boolean) {
    this.isFollowing = following;
    this.element.dataset.following = String(following);
  }

  /** Draws on the next animation frame (once, however often it is called before). */
  update(): void {
    this.frame ||= requestAnimationFrame(() => {
      this.frame = 0;
      this.render();
    });
  }

  /** Scrolls back by what rows dropped from the top took, so the rows in view stay in view. */
  shiftUp(lines: number): void {
    if (lines > 0 && !this.following) this.element.scrollTop -= lines * this.lineHeight;
  }

  /** Line height and characters per line, from the stylesheet and the viewport's width; `true` if they changed. */
  private measure(): boolean {
    const probe = el('div', { class: 'row probe' }, '0'.repeat(100));
    this.window.append(probe);
    const { height, width } = probe.getBoundingClientRect();
    probe.remove();
    if (height === 0) return false;
    const columns = Math.max(20, Math.floor(((this.element.clientWidth - 16) * 100) / width));
    const changed = height !== this.lineHeight || columns !== this.columns;
    this.lineHeight = height;
    this.columns = columns;
    if (changed) this.on.measured();
    return changed;
  }

  private atBottom(): boolean {
    const { scrollTop, clientHeight, scrollHeight } = this.element;
    return scrollTop + clientHeight >= scrollHeight - this.lineHeight / 2;
  }

  private render(): void {
    const { lineHeight } = this;
    this.spacer.style.height = `${this.rows.totalLines * lineHeight}px`;
    if (this.following) this.element.scrollTop = this.element.scrollHeight;
    const top = this.element.scrollTop / lineHeight;
    const bottom = top + this.element.clientHeight / lineHeight;
    const count = this.rows.length;
    const first = Math.max(0, this.rows.indexAt(top) - OVERSCAN);
    const last = Math.min(count - 1, this.rows.indexAt(bottom) + OVERSCAN);
    const drawn: HTMLElement[] = [];
    // Each row as tall as it was listed: its height is known, not computed again per frame.
    for (let index = first; index <= last && count > 0; index++) drawn.push(this.draw(this.rows.row(index), this.rows.linesOf(index), lineHeight));
    this.window.style.transform = `translateY(${count > 0 ? this.rows.startOf(first) * lineHeight : 0}px)`;
    this.window.replaceChildren(...drawn);
  }
}
