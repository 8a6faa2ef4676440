import { eventWords, ResumableTail, targetApp, toEvents, type AppId, type TailNotice } from '@applogs/client';
import { Code, ReplicaEvent_Kind, type TailLogsResponse } from '@applogs/proto';
import { pageTransport, runTail, type ConnectionState } from './connection';
import { el } from './dom';
import { asNdjson, asText, saveFile } from './download';
import { FollowState } from './follow-state';
import { Legend } from './legend';
import { LineStore } from './line-store';
import { rowElement, type RowLook } from './row-element';
import { RowMaker, type Row } from './rows';
import { ConnectionStatus } from './status';
import { TIME_WIDTH } from './timestamps';
import { TokenForm } from './token';
import { Toolbar, type RequestFields } from './toolbar';
import { logsHref, tailOf, type LogsLink } from './url-state';
import { VirtualList } from './virtual-list';
import { VisibleRows } from './visible-rows';

/**
 * The `/logs?…` page: one tail of an app, every replica in one timeline. Rows arrive into a bounded store (or,
 * paused, into a bounded holding store), the visible-rows index follows the legend's toggles, and the virtual list
 * draws what is in view once per frame.
 */
export class LogsPage {
  private readonly store = new LineStore<Row>();
  /** Rows that arrive while paused, shown on Resume; bounded like the store, and what it drops is said. */
  private readonly held = new LineStore<Row>();
  private readonly maker = new RowMaker();
  private readonly follow = new FollowState();
  private readonly look: RowLook & { wrap: boolean } = { timestamps: false, zone: 'local', search: '', wrap: false };
  private readonly legend = new Legend(
    (pod) => this.maker.label(pod),
    () => this.relist(),
  );
  private readonly rows = new VisibleRows<Row>(
    this.store,
    (row) => !this.legend.hidden.has(row.pod),
    (row) => this.heightOf(row),
  );
  private readonly list: VirtualList<Row>;
  private readonly status = new ConnectionStatus();
  private readonly token = new TokenForm(() => this.restart());
  private readonly alert = el('p', { class: 'alert', role: 'alert', hidden: true });
  private readonly newLines = el('button', { type: 'button', class: 'new-lines', hidden: true });
  private readonly counts = el('span', { class: 'counts' });
  private readonly toolbar: Toolbar;
  private stop: () => void = () => undefined;
  private firstLineMarked = false;

  constructor(private link: LogsLink) {
    this.list = new VirtualList(this.rows, (row, lines, lineHeight) => rowElement(row, this.look, lines, lineHeight), {
      scrolled: (atBottom) => {
        this.follow.scrolled(atBottom);
        this.showFollow();
      },
      measured: () => this.relist(),
    });
    this.toolbar = new Toolbar(link, {
      request: (fields) => this.changeRequest(fields),
      search: (text) => {
        this.look.search = text;
        this.list.update();
      },
      pause: (paused) => (paused ? this.pause() : this.jumpToEnd()),
      look: ({ timestamps, zone, wrap }) => {
        Object.assign(this.look, { timestamps, zone, wrap });
        this.list.element.classList.toggle('wrap', wrap);
        this.relist();
      },
      download: (format) => this.download(format),
      clear: () => this.clear(),
    });
    this.newLines.addEventListener('click', () => this.jumpToEnd());
  }

  /** The page's elements, then the tail starts. */
  mount(root: HTMLElement): void {
    const app = [this.link.org, this.link.project, this.link.domain, this.link.name].filter(Boolean).join('/');
    const title = `${app}${this.link.replica ? ` · ${this.link.replica}` : ''}`;
    document.title = `${title} · applogs`;
    root.replaceChildren(
      el('header', {}, el('a', { href: '/', class: 'home' }, 'applogs'), el('h1', {}, title), this.status.element),
      this.toolbar.element,
      this.token.element,
      this.alert,
      this.legend.element,
      el('main', {}, this.list.element, this.newLines),
      el('footer', {}, this.counts),
    );
    this.restart();
  }

  /** (Re)starts the tail from the link's request, from an empty view. */
  private restart(): void {
    this.stop();
    this.clear();
    this.alert.hidden = true;
    const { target, options } = tailOf(this.link);
    let tail: ResumableTail;
    try {
      tail = new ResumableTail(target, options);
    } catch (error) {
      return this.showState({ kind: 'failed', code: Code.INVALID_ARGUMENT, message: (error as Error).message });
    }
    const app = targetApp(target);
    this.stop = runTail(tail, pageTransport(this.link.protocol), this.token.token, {
      state: (state) => this.showState(state),
      response: (response, notices) => this.receive(response, notices, tail, app),
    });
  }

  private receive(response: TailLogsResponse, notices: TailNotice[], tail: ResumableTail, app: AppId): void {
    const rows: Row[] = [];
    for (const notice of notices) {
      if (notice.kind === 'reconnected') rows.push(this.maker.notice('reconnected: resumed after the last line shown of each replica', 'reconnected'));
      if (notice.kind === 'missed') {
        const { mark, verb } = eventWords(notice.joined ? ReplicaEvent_Kind.JOINED : ReplicaEvent_Kind.LEFT);
        rows.push(this.maker.notice(`${mark} ${this.maker.label(notice.pod)} ${verb} while reconnecting`, 'missed'));
      }
    }
    for (const event of toEvents(response, app)) {
      if (event.type === 'replicas') this.legend.show(event.replicas.map((replica) => replica.pod));
      else if (event.type === 'replica-event') rows.push(this.maker.event(event));
      else {
        const known = this.maker.label(event.replica.pod);
        rows.push(...this.maker.lines(event, (pod, timestamp, message) => tail.cursor.accept(pod, timestamp, message)));
        if (this.maker.label(event.replica.pod) !== known) this.legend.show();
      }
    }
    this.append(rows);
  }

  private append(rows: Row[]): void {
    if (rows.length === 0) return;
    this.follow.appended(rows.length);
    if (this.follow.paused) {
      for (const row of rows) this.held.push(row);
    } else {
      for (const row of rows) this.rows.add(this.store.push(row), row);
      this.list.shiftUp(this.rows.trim());
    }
    this.showFollow();
    this.list.update();
    if (!this.firstLineMarked && !this.follow.paused && rows.some((row) => row.kind === 'line')) {
      this.firstLineMarked = true;
      // Read by the browser test: from navigation to the frame that draws the first line (after the list's own).
      requestAnimationFrame(() => performance.mark('applogs:first-line'));
    }
  }

  private pause(): void {
    this.follow.pause();
    this.toolbar.showPaused(true);
    this.showFollow();
  }

  /** Resume, or the counter: the held rows join the timeline and the view follows the bottom again. */
  private jumpToEnd(): void {
    const dropped = this.held.dropped;
    const held = this.held.drain();
    this.held.dropped = 0;
    this.toolbar.showPaused(false);
    if (dropped > 0)
      held.unshift(
        this.maker.notice(
          `${dropped.toLocaleString('en-US')} lines dropped while paused (at most ${this.held.cap.toLocaleString('en-US')} are held)`,
          'dropped',
        ),
      );
    for (const row of held) this.rows.add(this.store.push(row), row);
    this.rows.trim();
    this.follow.jumpToEnd();
    this.showFollow();
    this.list.update();
  }

  private showFollow(): void {
    this.list.following = this.follow.following && !this.follow.paused;
    const label = this.follow.label();
    this.newLines.hidden = label === '';
    this.newLines.textContent = label;
    const dropped = this.store.dropped + this.held.dropped;
    this.counts.textContent =
      `${this.store.size.toLocaleString('en-US')} lines loaded` +
      (this.held.size > 0 ? `, ${this.held.size.toLocaleString('en-US')} held while paused` : '') +
      (dropped > 0 ? `, ${dropped.toLocaleString('en-US')} dropped (over ${this.store.cap.toLocaleString('en-US')})` : '');
  }

  private showState(state: ConnectionState): void {
    this.status.show(state);
    if (state.kind === 'reconnecting') {
      const what = state.started ? 'stream broke' : 'could not start the stream';
      this.append([
        this.maker.notice(`${what} (${state.status}: ${state.details}); reconnecting in ${Math.round((state.at - Date.now()) / 100) / 10} s`, 'reconnecting'),
      ]);
    }
    if (state.kind === 'failed') {
      this.alert.textContent = state.message;
      this.alert.hidden = false;
      if (state.code === Code.UNAUTHENTICATED) this.token.ask();
    }
  }

  private changeRequest(fields: RequestFields): void {
    this.link = { ...this.link, ...fields };
    history.replaceState(null, '', logsHref(this.link));
    this.restart();
  }

  private clear(): void {
    this.store.clear();
    this.held.clear();
    this.follow.jumpToEnd();
    this.toolbar.showPaused(false);
    this.relist();
  }

  /** The toggles, the wrap or the width changed: list the rows again. */
  private relist(): void {
    this.rows.rebuild();
    this.showFollow();
    this.list.update();
  }

  private heightOf(row: Row): number {
    if (!this.look.wrap) return 1;
    const prefix = row.kind === 'line' ? (this.look.timestamps && row.timestamp ? TIME_WIDTH[this.look.zone] : 0) + row.label.length + 1 : 0;
    return Math.max(1, Math.ceil((prefix + row.text.length) / this.list.columns));
  }

  private download(format: 'text' | 'ndjson'): void {
    const name = `${this.link.name}-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    if (format === 'text') saveFile(`${name}.log`, asText(this.store), 'text/plain');
    else saveFile(`${name}.ndjson`, asNdjson(this.store), 'application/x-ndjson');
  }
}
