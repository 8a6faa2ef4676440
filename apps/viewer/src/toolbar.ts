import { el, labelled } from './dom';
import type { TimeZone } from './timestamps';
import type { LogsLink } from './url-state';

/** The request's options the toolbar edits; applying them starts the tail again. */
export type RequestFields = Pick<LogsLink, 'include' | 'exclude' | 'tail' | 'since'>;

export interface ToolbarActions {
  request(fields: RequestFields): void;
  search(text: string): void;
  pause(paused: boolean): void;
  look(look: { timestamps: boolean; zone: TimeZone; wrap: boolean }): void;
  download(format: 'text' | 'ndjson'): void;
  clear(): void;
}

/**
 * The controls above the lines, each with its accessible name: Include, Exclude, Tail, Since (sent to the server:
 * Apply or Enter starts the tail again), Search (highlights, in the page), Pause/Resume, Timestamps (and Time zone),
 * Wrap, Download (text or NDJSON), Clear.
 */
export class Toolbar {
  readonly element: HTMLElement;
  private readonly pauseButton = el('button', { type: 'button', class: 'pause' }, 'Pause');

  constructor(link: LogsLink, actions: ToolbarActions) {
    const include = el('input', { type: 'text', value: link.include ?? '', placeholder: 'RE2, e.g. ERROR|WARN', spellcheck: 'false' });
    const exclude = el('input', { type: 'text', value: link.exclude ?? '', placeholder: 'RE2', spellcheck: 'false' });
    const tail = el('input', { type: 'number', min: 0, value: link.tail ?? '', placeholder: 'default', class: 'narrow' });
    const since = el('input', { type: 'text', value: link.since ?? '', placeholder: '5m', class: 'narrow', spellcheck: 'false' });
    const request = el(
      'form',
      { class: 'request', 'aria-label': 'Request' },
      labelled('Include', include),
      labelled('Exclude', exclude),
      labelled('Tail', tail),
      labelled('Since', since),
      el('button', { type: 'submit' }, 'Apply'),
    );
    request.addEventListener('submit', (event) => {
      event.preventDefault();
      const text = (input: HTMLInputElement) => input.value.trim() || undefined;
      actions.request({ include: text(include), exclude: text(exclude), tail: tail.value === '' ? undefined : Number(tail.value), since: text(since) });
    });

    const search = el('input', { type: 'search', placeholder: 'text in loaded lines', spellcheck: 'false' });
    search.addEventListener('input', () => actions.search(search.value));

    this.pauseButton.addEventListener('click', () => actions.pause(this.pauseButton.textContent === 'Pause'));

    const timestamps = el('input', { type: 'checkbox' });
    const zone = el('select', { 'aria-label': 'Time zone' }, el('option', { value: 'local' }, 'Local'), el('option', { value: 'utc' }, 'UTC'));
    const wrap = el('input', { type: 'checkbox' });
    const look = () => actions.look({ timestamps: timestamps.checked, zone: zone.value as TimeZone, wrap: wrap.checked });
    for (const control of [timestamps, zone, wrap]) control.addEventListener('change', look);

    const menu = el(
      'div',
      { class: 'menu', hidden: true, role: 'group', 'aria-label': 'Download format' },
      el('button', { type: 'button', 'data-format': 'text' }, 'Text (.log)'),
      el('button', { type: 'button', 'data-format': 'ndjson' }, 'NDJSON (.ndjson)'),
    );
    const download = el('button', { type: 'button', 'aria-expanded': 'false', 'aria-haspopup': 'true' }, 'Download');
    download.addEventListener('click', () => {
      menu.hidden = !menu.hidden;
      download.setAttribute('aria-expanded', String(!menu.hidden));
    });
    menu.addEventListener('click', (event) => {
      const format = (event.target as HTMLElement).dataset.format;
      if (format !== 'text' && format !== 'ndjson') return;
      menu.hidden = true;
      download.setAttribute('aria-expanded', 'false');
      actions.download(format);
    });
    const clear = el('button', { type: 'button' }, 'Clear');
    clear.addEventListener('click', () => actions.clear());

    this.element = el(
      'div',
      { class: 'toolbar' },
      request,
      el(
        'div',
        { class: 'view' },
        labelled('Search', search),
        this.pauseButton,
        labelled('Timestamps', timestamps, true),
        zone,
        labelled('Wrap', wrap, true),
        el('span', { class: 'download' }, download, menu),
        clear,
      ),
    );
  }

  /** Pause shows Resume while paused, and the other way round. */
  showPaused(paused: boolean): void {
    this.pauseButton.textContent = paused ? 'Resume' : 'Pause';
  }
}
