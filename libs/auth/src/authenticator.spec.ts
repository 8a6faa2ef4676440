import { status } from '@grpc/grpc-js';
import { SignJWT, exportJWK, generateKeyPair, type KeyLike } from 'jose';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Authenticator, authorize } from './authenticator';
import { AuthError } from './errors';
import { JwtVerifier } from './jwt-verifier';
import { TokenStore } from './token-store';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(os.tmpdir(), 'applogs-auth-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function refusal(promise: Promise<unknown>): Promise<AuthError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AuthError);
  return error as AuthError;
}

describe('token mode', () => {
  const file = () => path.join(dir, 'tokens.yaml');
  const sha = (text: string) => createHash('sha256').update(text).digest('hex');

  test('plain and sha256: tokens, JSON or YAML; unknown and missing tokens are UNAUTHENTICATED', async () => {
    writeFileSync(file(), `- name: ci\n  token: s3cret\n  grants: [demo/development]\n- name: ops\n  token: sha256:${sha('hashed')}\n  grants: ["*/*"]\n`);
    const auth = new Authenticator('token', new TokenStore(file()));
    expect(await auth.authenticate('Bearer s3cret')).toEqual({ name: 'ci', grants: [{ project: 'demo', domain: 'development' }] });
    expect((await auth.authenticate('bearer hashed')).name).toBe('ops');
    const unknown = await refusal(auth.authenticate('Bearer nope'));
    expect([unknown.code, unknown.message]).toEqual([status.UNAUTHENTICATED, "invalid token: it is not one of this server's tokens"]);
    expect((await refusal(auth.authenticate(undefined))).message).toMatch(/missing credentials: send "authorization: Bearer <token>" metadata/);
    expect(unknown.message).not.toContain('nope');
    const json = path.join(dir, 'tokens.json');
    writeFileSync(json, JSON.stringify([{ name: 'j', token: 't', grants: [] }]));
    expect(new TokenStore(json).lookup('t')?.name).toBe('j');
  });

  test('bad files say what is wrong', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, '- name: x\n  token: y\n  grants: [nodomain]\n');
    expect(() => new TokenStore(bad)).toThrow(/entry 1 \(x\): grant "nodomain" is not "project\/domain"/);
    writeFileSync(bad, '- name: x\n  token: sha256:abc\n  grants: []\n');
    expect(() => new TokenStore(bad)).toThrow(/a sha256: token must be 64 hex digits/);
  });

  test('the file is re-read when it changes', async () => {
    writeFileSync(file(), '- name: a\n  token: first\n  grants: []\n');
    const store = new TokenStore(file());
    let reloaded!: () => void;
    const reload = new Promise<void>((resolve) => (reloaded = resolve));
    const stop = store.watch(20, () => reloaded());
    try {
      writeFileSync(file(), '- name: b\n  token: second\n  grants: []\n');
      await reload;
      expect(store.lookup('second')?.name).toBe('b');
      expect(store.lookup('first')).toBeUndefined();
    } finally {
      stop();
    }
  });
});

describe('jwt mode', () => {
  const issuer = 'https://issuer.example';
  const audience = 'applogs';
  let verifier: JwtVerifier;
  let privateKey: KeyLike;
  beforeAll(async () => {
    const pair = await generateKeyPair('ES256');
    privateKey = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'ES256' };
    const jwks = path.join(dir, 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [jwk] }));
    verifier = new JwtVerifier({ jwks, issuer, audience, grantsClaim: 'grants' });
  });

  const token = (claims: Record<string, unknown>, options: { iss?: string; exp?: number | string; nbf?: number | string; sub?: string } = {}) => {
    let jwt = new SignJWT(claims)
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(options.iss ?? issuer)
      .setAudience(audience)
      .setIssuedAt();
    if (options.sub !== '') jwt = jwt.setSubject(options.sub ?? 'alice');
    jwt = jwt.setExpirationTime(options.exp ?? '5m');
    if (options.nbf !== undefined) jwt = jwt.setNotBefore(options.nbf);
    return jwt.sign(privateKey);
  };

  test('a valid token: sub is the name, the grants claim the grants (list or space-separated)', async () => {
    const auth = new Authenticator('jwt', undefined, verifier);
    expect(await auth.authenticate(`Bearer ${await token({ grants: ['demo/*'] })}`)).toEqual({ name: 'alice', grants: [{ project: 'demo', domain: '*' }] });
    expect((await verifier.verify(await token({ grants: 'a/b c/d' }))).grants).toHaveLength(2);
  });

  test.each([
    ['expired', { exp: Math.floor(Date.now() / 1000) - 3600 }, /invalid token: it has expired/],
    ['from the wrong issuer', { iss: 'https://evil.example' }, /invalid token: claim iss is not valid/],
    ['not yet valid', { nbf: Math.floor(Date.now() / 1000) + 3600 }, /invalid token: claim nbf is not valid/],
    ['without a subject', { sub: '' }, /no subject/],
  ])('a token %s is UNAUTHENTICATED', async (_name, options, message) => {
    const error = await refusal(verifier.verify(await token({ grants: [] }, options)));
    expect(error.code).toBe(status.UNAUTHENTICATED);
    expect(error.message).toMatch(message);
  });

  test('a token signed by another key is UNAUTHENTICATED', async () => {
    const other = await generateKeyPair('ES256');
    const forged = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject('mallory')
      .setExpirationTime('5m')
      .sign(other.privateKey);
    expect((await refusal(verifier.verify(forged))).message).toMatch(/invalid token: the signature does not verify/);
  });
});

describe('authorize', () => {
  test('PERMISSION_DENIED outside the grants, naming caller and app', () => {
    const caller = { name: 'ci', grants: [{ project: 'demo', domain: 'development' }] };
    expect(() => authorize(caller, 'demo', 'development')).not.toThrow();
    expect(() => authorize(caller, 'payments', 'production')).toThrow(
      expect.objectContaining({ code: status.PERMISSION_DENIED, message: 'ci may not read the logs of project payments, domain production' }),
    );
  });
});
