import { TokenBucket } from './token-bucket';

/**
 * Node's HTTP/2 server (nghttp2 1.57 and later) answers a client that resets more than 1000 streams at once, or
 * more than 33 a second after that, with GOAWAY: every stream on the connection ends ("rapid reset"
 * protection, CVE-2023-44487). Cancelling a call sends one RST_STREAM, and callers cancel all the time (Ctrl-C,
 * a closed tab, a reconnect), so one caller's churn on a connection shared by all would end everyone's
 * streams. Node 20 cannot raise that limit (the `streamResetBurst`/`streamResetRate` server options came in
 * Node 22), so the client keeps within it: below the server's own figures, with a margin for its once-a-second
 * refill.
 */
const RESET_BUDGET = { burst: 900, perSecond: 30 };

/** How many connections to one data plane at most; each allows about 30 cancels a second. */
const MAX_CHANNELS = 32;

export interface ChannelLease<Client> {
  readonly client: Client;
  /** The call is over; `cancelled`: we cancelled it while it was open, which sent an RST_STREAM. */
  end(cancelled: boolean): void;
}

interface Channel<Client> {
  client: Client;
  resets: TokenBucket;
  openCalls: number;
}

export interface DataPlaneChannelsOptions {
  maxChannels?: number;
  resetBudget?: { burst: number; perSecond: number };
  now?: () => number;
}

/**
 * The connections to one data plane, each with a budget of stream resets that mirrors the data plane's limit. A
 * call goes to a connection whose budget covers a cancel of every call open on it, so no sequence of cancels
 * can exhaust it; when none does, another connection (with a fresh budget) is opened, up to `maxChannels`.
 * Connections that are idle again and have their whole budget back are closed, except the first.
 */
export class DataPlaneChannels<Client extends { close(): void }> {
  private readonly channels: Array<Channel<Client>> = [];
  private readonly maxChannels: number;
  private readonly resetBudget: { burst: number; perSecond: number };
  private readonly now: () => number;

  constructor(
    private readonly connect: () => Client,
    options: DataPlaneChannelsOptions = {},
  ) {
    this.maxChannels = options.maxChannels ?? MAX_CHANNELS;
    this.resetBudget = options.resetBudget ?? RESET_BUDGET;
    this.now = options.now ?? (() => performance.now());
  }

  /** A connection for one more call, or undefined when every connection's budget is taken and no more may be opened. */
  lease(): ChannelLease<Client> | undefined {
    this.closeIdle();
    const channel = this.channels.find((candidate) => candidate.resets.available - candidate.openCalls >= 1) ?? this.open();
    if (!channel) return undefined;
    channel.openCalls += 1;
    let ended = false;
    return {
      client: channel.client,
      end: (cancelled) => {
        if (ended) return;
        ended = true;
        channel.openCalls -= 1;
        if (cancelled) channel.resets.take();
      },
    };
  }

  /** How many connections are open now. */
  get size(): number {
    return this.channels.length;
  }

  close(): void {
    for (const channel of this.channels.splice(0)) channel.client.close();
  }

  private open(): Channel<Client> | undefined {
    if (this.channels.length >= this.maxChannels) return undefined;
    const { burst, perSecond } = this.resetBudget;
    const channel = { client: this.connect(), resets: new TokenBucket(burst, perSecond, this.now), openCalls: 0 };
    this.channels.push(channel);
    return channel;
  }

  private closeIdle(): void {
    for (let i = this.channels.length - 1; i >= 1; i -= 1) {
      const channel = this.channels[i];
      if (channel.openCalls === 0 && channel.resets.full) {
        this.channels.splice(i, 1);
        channel.client.close();
      }
    }
  }
}
