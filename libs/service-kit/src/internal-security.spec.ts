import { ConfigError } from './env-config';
import { isInternalSecret } from './internal-secret';
import { envCallerTls, envInternalSecurity, requireProtectedInternalAddress } from './internal-security';

describe('transport security config', () => {
  test('the internal TLS files are all or none', () => {
    expect(() => envInternalSecurity({ APPLOGS_INTERNAL_TLS_CERT: __filename })).toThrow(
      new ConfigError(
        'APPLOGS_INTERNAL_TLS_CERT set without APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA: set all of APPLOGS_INTERNAL_TLS_CERT, APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA, or none',
      ),
    );
    expect(envInternalSecurity({}).tls).toBeUndefined();
    expect(
      envInternalSecurity({ APPLOGS_INTERNAL_TLS_CERT: __filename, APPLOGS_INTERNAL_TLS_KEY: __filename, APPLOGS_INTERNAL_TLS_CA: __filename }).tls,
    ).toEqual({
      cert: __filename,
      key: __filename,
      ca: __filename,
    });
  });

  test('caller TLS is both or neither, and the files must be readable', () => {
    expect(() => envCallerTls({ APPLOGS_TLS_KEY: __filename })).toThrow(/APPLOGS_TLS_KEY set without APPLOGS_TLS_CERT/);
    expect(() => envCallerTls({ APPLOGS_TLS_CERT: '/nonexistent', APPLOGS_TLS_KEY: __filename })).toThrow(
      new ConfigError('APPLOGS_TLS_CERT="/nonexistent" is not a readable file'),
    );
    expect(envCallerTls({ APPLOGS_TLS_CERT: ' ', APPLOGS_TLS_KEY: '' })).toBeUndefined();
  });

  test('a blank secret is no secret', () => {
    expect(envInternalSecurity({ APPLOGS_INTERNAL_SECRET: '  ' }).secret).toBeUndefined();
  });

  test('plaintext without a secret only on loopback', () => {
    const none = envInternalSecurity({});
    expect(() => requireProtectedInternalAddress('A', '127.0.0.1:1', none)).not.toThrow();
    expect(() => requireProtectedInternalAddress('A', '0.0.0.0:1', none)).toThrow(/APPLOGS_INTERNAL_SECRET, or APPLOGS_INTERNAL_TLS_CERT/);
    expect(() => requireProtectedInternalAddress('A', '0.0.0.0:1', envInternalSecurity({ APPLOGS_INTERNAL_SECRET: 's' }))).not.toThrow();
  });

  test.each([
    ['right', 'secret', true],
    ['wrong', 'secreT', false],
    ['a prefix', 'secre', false],
    ['missing', undefined, false],
    ['empty', '', false],
    ['bytes', Buffer.from('secret'), true],
  ])('isInternalSecret: %s', (_name, presented, expected) => {
    expect(isInternalSecret('secret', presented)).toBe(expected);
  });
});
