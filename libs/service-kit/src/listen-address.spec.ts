import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConfigError } from './env-config';
import { listenAt } from './listen-address';

function listen(server: http.Server, port: number): Promise<http.Server> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}

describe('listenAt', () => {
  let taken: http.Server;
  let address: string;
  beforeAll(async () => {
    taken = await listen(http.createServer(), 0);
    address = `127.0.0.1:${(taken.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  test('an address in use is a ConfigError naming the variable and the address', async () => {
    const port = (taken.address() as AddressInfo).port;
    await expect(listenAt('MY_ADDR', address, () => listen(http.createServer(), port))).rejects.toEqual(
      new ConfigError(`MY_ADDR="${address}" is already in use by another process: stop it, or choose a free address`),
    );
  });

  test('recognises the cause in the text of an error, as grpc-js reports a failed bind', async () => {
    const grpcStyle = new Error(`No address added out of total 1 resolved errors: [listen EADDRINUSE: address already in use ${address}]`);
    await expect(listenAt('MY_ADDR', address, () => Promise.reject(grpcStyle))).rejects.toBeInstanceOf(ConfigError);
  });

  test('other failures pass unchanged, and a success resolves with what listen resolved', async () => {
    const other = new Error('the proto did not load');
    await expect(listenAt('MY_ADDR', address, () => Promise.reject(other))).rejects.toBe(other);
    await expect(listenAt('MY_ADDR', address, () => Promise.resolve(7))).resolves.toBe(7);
  });
});
