import { TestPki, type IssuedCert, type TestCa } from '@applogs/testing';
import { ConfigError } from './env-config';
import { isInternalSecret } from './internal-secret';
import { envCallerTls, envInternalSecurity, requireProtectedInternalAddress } from './internal-security';

describe('transport security config', () => {
  const pki = new TestPki();
  let ca: TestCa;
  let own: IssuedCert;
  let other: IssuedCert;
  beforeAll(async () => {
    ca = await pki.createCa('config-ca');
    own = await pki.issue('plane', ca);
    other = await pki.issue('other', ca);
  });
  afterAll(() => pki.close());

  test('the internal TLS files are all or none', () => {
    expect(() => envInternalSecurity({ APPLOGS_INTERNAL_TLS_CERT: __filename })).toThrow(
      new ConfigError(
        'APPLOGS_INTERNAL_TLS_CERT set without APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA: set all of APPLOGS_INTERNAL_TLS_CERT, APPLOGS_INTERNAL_TLS_KEY, APPLOGS_INTERNAL_TLS_CA, or none',
      ),
    );
    expect(envInternalSecurity({}).tls).toBeUndefined();
    expect(envInternalSecurity({ APPLOGS_INTERNAL_TLS_CERT: own.cert, APPLOGS_INTERNAL_TLS_KEY: own.key, APPLOGS_INTERNAL_TLS_CA: ca.cert }).tls).toEqual({
      cert: own.cert,
      key: own.key,
      ca: ca.cert,
    });
  });

  test("each file is what its variable says, and the key is the certificate's", () => {
    const internal = { APPLOGS_INTERNAL_TLS_CERT: own.cert, APPLOGS_INTERNAL_TLS_KEY: own.key, APPLOGS_INTERNAL_TLS_CA: ca.cert };
    expect(() => envInternalSecurity({ ...internal, APPLOGS_INTERNAL_TLS_CA: own.key })).toThrow(
      new ConfigError(`APPLOGS_INTERNAL_TLS_CA="${own.key}" is not a PEM certificate`),
    );
    expect(() => envCallerTls({ APPLOGS_TLS_CERT: own.cert, APPLOGS_TLS_KEY: __filename })).toThrow(
      new ConfigError(`APPLOGS_TLS_KEY="${__filename}" is not a PEM private key`),
    );
    expect(() => envCallerTls({ APPLOGS_TLS_CERT: own.cert, APPLOGS_TLS_KEY: other.key })).toThrow(
      new ConfigError(`APPLOGS_TLS_KEY="${other.key}" is not the private key of APPLOGS_TLS_CERT="${own.cert}"`),
    );
    expect(envCallerTls({ APPLOGS_TLS_CERT: ` ${own.cert} `, APPLOGS_TLS_KEY: own.key })).toEqual({ cert: own.cert, key: own.key });
  });

  test('caller TLS is both or neither, and the files must be readable', () => {
    expect(() => envCallerTls({ APPLOGS_TLS_KEY: __filename })).toThrow(/APPLOGS_TLS_KEY set without APPLOGS_TLS_CERT/);
    expect(() => envCallerTls({ APPLOGS_TLS_CERT: '/nonexistent', APPLOGS_TLS_KEY: own.key })).toThrow(
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
