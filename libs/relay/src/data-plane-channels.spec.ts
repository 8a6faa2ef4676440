import { DataPlaneChannels } from './data-plane-channels';

class FakeClient {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

function pool(maxChannels = 3) {
  let now = 0;
  const clients: FakeClient[] = [];
  const channels = new DataPlaneChannels(
    () => {
      const client = new FakeClient();
      clients.push(client);
      return client;
    },
    { maxChannels, resetBudget: { burst: 10, perSecond: 2 }, now: () => now },
  );
  return { channels, clients, advance: (ms: number) => (now += ms) };
}

describe('DataPlaneChannels', () => {
  test('calls share one connection while its reset budget covers a cancel of every open call', () => {
    const { channels, clients } = pool();
    const leases = Array.from({ length: 10 }, () => channels.lease()!);
    expect(new Set(leases.map((lease) => lease.client)).size).toBe(1);
    expect(clients).toHaveLength(1);
    // The 11th call could not be cancelled within the first connection's budget: it gets a connection of its own.
    expect(channels.lease()!.client).toBe(clients[1]);
  });

  test('cancels spend the budget and calls that end by themselves do not', () => {
    const { channels, clients } = pool();
    for (let i = 0; i < 10; i += 1) channels.lease()!.end(false);
    expect(channels.lease()!.client).toBe(clients[0]);
    for (let i = 0; i < 9; i += 1) channels.lease()!.end(true);
    // 1 reset left on the first connection, and one call open on it: the next call goes elsewhere.
    expect(channels.lease()!.client).toBe(clients[1]);
  });

  test('the budget comes back with time, as the server refills it', () => {
    const { channels, clients, advance } = pool();
    for (let i = 0; i < 10; i += 1) channels.lease()!.end(true);
    expect(channels.lease()!.client).toBe(clients[1]);
    advance(1000);
    expect(channels.lease()!.client).toBe(clients[0]);
  });

  test('no connection left with budget and no more allowed: undefined, so the caller is refused', () => {
    const { channels } = pool(2);
    for (let i = 0; i < 20; i += 1) channels.lease()!.end(true);
    expect(channels.lease()).toBeUndefined();
  });

  test('a connection idle again with its whole budget back is closed, but never the first', () => {
    const { channels, clients, advance } = pool();
    const first = Array.from({ length: 10 }, () => channels.lease()!);
    const extra = channels.lease()!;
    extra.end(true);
    first.forEach((lease) => lease.end(false));
    advance(499);
    channels.lease()!.end(false);
    expect(clients[1].closed).toBe(false);
    advance(1);
    channels.lease()!.end(false);
    expect([clients[0].closed, clients[1].closed, channels.size]).toEqual([false, true, 1]);
  });

  test('ending a lease twice counts once', () => {
    const { channels, clients } = pool();
    const lease = channels.lease()!;
    lease.end(true);
    lease.end(true);
    for (let i = 0; i < 9; i += 1) channels.lease();
    expect(clients).toHaveLength(1);
  });

  test('close() closes every connection', () => {
    const { channels, clients } = pool();
    for (let i = 0; i < 11; i += 1) channels.lease();
    channels.close();
    expect(clients.map((client) => client.closed)).toEqual([true, true]);
  });
});
