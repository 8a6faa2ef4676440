import { Code } from '@applogs/proto';
import type { ConnectionState } from './connection';
import { el } from './dom';

/**
 * The connection's state in words, announced politely to screen readers: connecting, streaming, reconnecting in
 * N s (counting down, with why), ended, or the error. A failure's message also goes to the alert below the toolbar.
 */
export class ConnectionStatus {
  readonly element = el('span', { class: 'status', role: 'status', 'data-state': 'connecting' }, 'connecting…');
  private ticker: ReturnType<typeof setInterval> | undefined;

  show(state: ConnectionState): void {
    clearInterval(this.ticker);
    this.ticker = undefined;
    this.element.dataset.state = state.kind;
    switch (state.kind) {
      case 'connecting':
        return this.say('connecting…');
      case 'streaming':
        return this.say('streaming');
      case 'ended':
        return this.say('ended: every replica finished');
      case 'failed':
        return this.say(`error: ${Code[state.code] ?? state.code}`);
      case 'reconnecting': {
        const tick = () => this.say(`reconnecting in ${Math.max(0, Math.ceil((state.at - Date.now()) / 1000))} s (${state.status}: ${state.details})`);
        tick();
        this.ticker = setInterval(tick, 1000);
      }
    }
  }

  stop(): void {
    clearInterval(this.ticker);
  }

  private say(text: string): void {
    this.element.textContent = text;
  }
}
