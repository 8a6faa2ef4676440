import { replicaColour } from '@applogs/client';
import { el } from './dom';

/**
 * The live replicas, each in its colour with a checkbox that shows or hides its lines. The list is the server's
 * latest (it sends one after every change); a hidden replica stays hidden if it leaves and comes back.
 */
export class Legend {
  readonly element = el('ul', { class: 'legend', 'aria-label': 'Replicas' });
  readonly hidden = new Set<string>();

  constructor(
    private readonly labelOf: (pod: string) => string,
    private readonly toggled: () => void,
  ) {}

  private pods: string[] = [];

  /** Shows this list; with none, the last one again (labels change once a line tells a replica's short name). */
  show(pods = this.pods): void {
    this.pods = pods;
    this.element.replaceChildren(...pods.map((pod) => this.item(pod)));
  }

  private item(pod: string): HTMLElement {
    const box = el('input', { type: 'checkbox', checked: !this.hidden.has(pod), 'aria-label': `Show ${pod}` });
    box.addEventListener('change', () => {
      if (box.checked) this.hidden.delete(pod);
      else this.hidden.add(pod);
      this.toggled();
    });
    return el(
      'li',
      { class: `c-${replicaColour(pod).name}`, title: pod, 'data-pod': pod },
      el('label', {}, box, el('span', { class: 'swatch' }), ` ${this.labelOf(pod)}`),
    );
  }
}
