import { el } from './dom';
import type { Row } from './rows';
import { matchRanges } from './search';
import { formatTime, type TimeZone } from './timestamps';

export interface RowLook {
  timestamps: boolean;
  zone: TimeZone;
  /** The quick search's text, highlighted in messages; '' for none. */
  search: string;
}

/** One row as the timeline shows it; `lines` (its height in text lines) fixes its height, as the list placed it. */
export function rowElement(row: Row, look: RowLook, lines: number, lineHeight: number): HTMLElement {
  const element = el('div', { class: `row ${row.kind}${row.colour ? ` c-${row.colour}` : ''}${row.tag ? ` ev-${row.tag}` : ''}` });
  element.style.height = `${lines * lineHeight}px`;
  if (row.kind === 'line') {
    if (look.timestamps && row.timestamp) element.append(el('span', { class: 'ts' }, `${formatTime(row.timestamp, look.zone)} `));
    element.append(el('span', { class: 'replica', title: row.pod }, row.label), ' ');
  }
  element.append(...highlighted(row.text, look.search));
  return element;
}

function highlighted(text: string, search: string): Array<Node | string> {
  const parts: Array<Node | string> = [];
  let from = 0;
  for (const [start, end] of matchRanges(text, search)) {
    parts.push(text.slice(from, start), el('mark', {}, text.slice(start, end)));
    from = end;
  }
  parts.push(text.slice(from));
  return parts;
}
