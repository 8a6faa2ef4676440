/**
 * Whether the view follows new rows, and how many arrived unseen. Following while the view is at the bottom;
 * scrolling up stops it (and counts what arrives: "N new lines ↓"); so does Pause, which holds new rows back
 * until Resume. Jumping down (the counter, Resume) follows again.
 */
export class FollowState {
  following = true;
  paused = false;
  unseen = 0;

  /** The user scrolled; `atBottom`: the last row is in view. */
  scrolled(atBottom: boolean): void {
    if (this.paused) return;
    this.following = atBottom;
    if (atBottom) this.unseen = 0;
  }

  /** `count` rows arrived (held back while paused). */
  appended(count: number): void {
    if (!this.following || this.paused) this.unseen += count;
  }

  pause(): void {
    this.paused = true;
  }

  /** Resume, or a click on the counter: show everything and follow from the bottom. */
  jumpToEnd(): void {
    this.paused = false;
    this.following = true;
    this.unseen = 0;
  }

  /** The counter's text, or '' when there is nothing unseen. */
  label(): string {
    if (this.unseen === 0) return '';
    return `${this.unseen.toLocaleString('en-US')} new ${this.unseen === 1 ? 'line' : 'lines'} ↓`;
  }
}
