import { el, labelled } from './dom';

const KEY = 'applogs.token';

/**
 * The bearer token for a control plane that requires one: kept in sessionStorage (this tab, until it closes), never
 * in the link, which people share. The form shows when the server answers UNAUTHENTICATED, or a token is in use.
 */
export class TokenForm {
  private readonly input = el('input', { type: 'password', autocomplete: 'off', spellcheck: 'false', size: 32 });
  readonly element = el(
    'form',
    { class: 'token', hidden: true },
    labelled('Token', this.input),
    el('button', { type: 'submit' }, 'Use token'),
    el('button', { type: 'button', class: 'forget' }, 'Forget'),
  );

  constructor(changed: () => void) {
    this.element.addEventListener('submit', (event) => {
      event.preventDefault();
      sessionStorage.setItem(KEY, this.input.value.trim());
      this.input.value = '';
      changed();
    });
    this.element.querySelector('.forget')!.addEventListener('click', () => {
      sessionStorage.removeItem(KEY);
      changed();
    });
    if (this.token) this.element.hidden = false;
  }

  get token(): string | undefined {
    return sessionStorage.getItem(KEY) || undefined;
  }

  /** The server wants a (different) token. */
  ask(): void {
    this.element.hidden = false;
    this.input.focus();
  }
}
