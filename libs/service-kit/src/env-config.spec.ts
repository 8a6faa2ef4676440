import { ConfigError, envAddress, envBoolean, envDnsLabel, envInteger, isLoopbackAddress } from './env-config';

describe('env config', () => {
  test('defaults apply to unset and blank variables', () => {
    expect(envAddress({}, 'A', '127.0.0.1:8090')).toBe('127.0.0.1:8090');
    expect(envInteger({ N: ' ' }, 'N', 100, { min: 1, max: 10 })).toBe(100);
    expect(envDnsLabel({}, 'NS', 'flyte')).toBe('flyte');
    expect(envBoolean({ B: '' }, 'B', false)).toBe(false);
  });

  test.each([
    [() => envAddress({ A: 'localhost' }, 'A', ''), 'A="localhost" is not a host:port address (for example 127.0.0.1:8090)'],
    [() => envAddress({ A: 'h:99999' }, 'A', ''), 'A="h:99999" is not a host:port address (for example 127.0.0.1:8090)'],
    [() => envInteger({ N: '0' }, 'N', 1, { min: 1, max: 5 }), 'N="0" must be a whole number from 1 to 5'],
    [() => envInteger({ N: '2.5' }, 'N', 1, { min: 1, max: 5 }), 'N="2.5" must be a whole number from 1 to 5'],
    [() => envDnsLabel({ NS: 'Flyte_Apps' }, 'NS', ''), `NS="Flyte_Apps" is not a valid Kubernetes name (lower-case letters, digits and '-')`],
    [() => envBoolean({ B: 'yes' }, 'B', false), 'B="yes" must be true or false'],
    [() => envBoolean({ B: '1' }, 'B', false), 'B="1" must be true or false'],
  ])('%#: bad values name the variable', (read, message) => {
    expect(read).toThrow(new ConfigError(message));
  });

  test('valid values', () => {
    expect(envAddress({ A: '[::1]:8090' }, 'A', '')).toBe('[::1]:8090');
    expect(envAddress({ A: '0.0.0.0:1' }, 'A', '')).toBe('0.0.0.0:1');
    expect(envInteger({ N: '5' }, 'N', 1, { min: 1, max: 5 })).toBe(5);
    expect([envBoolean({ B: 'TRUE' }, 'B', false), envBoolean({ B: ' false ' }, 'B', true)]).toEqual([true, false]);
  });

  test.each([
    ['127.0.0.1:1', true],
    ['[::1]:1', true],
    ['localhost:1', true],
    ['0.0.0.0:1', false],
    ['10.0.0.1:1', false],
  ])('isLoopbackAddress(%s) is %s', (address, loopback) => {
    expect(isLoopbackAddress(address)).toBe(loopback);
  });
});
