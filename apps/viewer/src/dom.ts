type Props = Record<string, string | number | boolean | undefined>;

/**
 * An element with attributes and children, for building the page without a framework. Attributes, not inner HTML:
 * text from the server (log lines, error messages) never becomes markup. `false`/undefined leave an attribute out.
 */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props)) {
    if (value === undefined || value === false) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  element.append(...children);
  return element;
}

/** A labelled control: the label's text is the control's accessible name ("Include", "Wrap", …). */
export function labelled(text: string, control: HTMLElement, after = false): HTMLLabelElement {
  return after ? el('label', {}, control, ` ${text}`) : el('label', {}, `${text} `, control);
}
