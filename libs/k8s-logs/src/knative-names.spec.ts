import { createHash } from 'node:crypto';
import { knativeServiceName, shortPodName } from './knative-names';

describe('knativeServiceName', () => {
  test('is lower-case name-project-domain', () => {
    expect(knativeServiceName({ name: 'Hello', project: 'Demo', domain: 'development' })).toBe('hello-demo-development');
  });

  test('is exactly 63 characters untouched', () => {
    const appId = { name: 'a'.repeat(30), project: 'p'.repeat(20), domain: 'd'.repeat(11) };
    expect(knativeServiceName(appId)).toBe(`${'a'.repeat(30)}-${'p'.repeat(20)}-${'d'.repeat(11)}`);
  });

  test('over 63 characters: first 54, a dash and 8 hex digits of sha256(project/domain/name)', () => {
    const appId = { name: 'a-very-long-application-name', project: 'analytics-platform', domain: 'production' };
    const full = 'a-very-long-application-name-analytics-platform-production';
    const longer = { ...appId, domain: 'production-eu-west' };
    const hash = createHash('sha256').update('analytics-platform/production-eu-west/a-very-long-application-name').digest('hex');
    expect(knativeServiceName(appId)).toBe(full);
    const name = knativeServiceName(longer);
    expect(name).toBe(`${`${full}-eu-west`.slice(0, 54)}-${hash.slice(0, 8)}`);
    expect(name).toHaveLength(63);
  });
});

describe('shortPodName', () => {
  test.each([
    ['hello-demo-development-00001-deployment-7d9c8f5b6-x2x4q', 'hello-demo-development', '00001-x2x4q'],
    ['hello-demo-development-custom', 'hello-demo-development', 'custom'],
    ['other-pod', 'hello-demo-development', 'other-pod'],
  ])('%s', (pod, service, short) => {
    expect(shortPodName(pod, service)).toBe(short);
  });
});
