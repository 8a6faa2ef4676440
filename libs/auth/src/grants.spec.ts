import { grants, parseGrant } from './grants';

describe('grants', () => {
  test.each([
    ['demo/development', { project: 'demo', domain: 'development' }],
    ['*/production', { project: '*', domain: 'production' }],
    ['demo/*', { project: 'demo', domain: '*' }],
    [' */* ', { project: '*', domain: '*' }],
    ['demo', undefined],
    ['demo/dev/x', undefined],
    ['/dev', undefined],
    ['de mo/dev', undefined],
    ['d*/dev', undefined],
  ])('parseGrant(%j)', (text, grant) => {
    expect(parseGrant(text)).toEqual(grant);
  });

  test.each([
    [['demo/development'], 'demo', 'development', true],
    [['demo/development'], 'demo', 'production', false],
    [['demo/*'], 'demo', 'production', true],
    [['*/staging'], 'other', 'staging', true],
    [['*/staging'], 'other', 'production', false],
    [[], 'demo', 'development', false],
  ])('%j covers %s/%s: %s', (texts, project, domain, expected) => {
    expect(
      grants(
        texts.map((t) => parseGrant(t)!),
        project,
        domain,
      ),
    ).toBe(expected);
  });
});
