import { LabelSelectorError, labelSelectorMatches, parseLabelSelector } from './label-selector';

const labels = { app: 'hello', 'serving.knative.dev/service': 'hello-demo-development', tier: 'web' };

describe('label selectors', () => {
  it.each([
    ['', true],
    ['app=hello', true],
    ['app==hello', true],
    ['app=other', false],
    ['app!=other', true],
    ['app!=hello', false],
    ['missing!=x', true],
    ['app', true],
    ['missing', false],
    ['!missing', true],
    ['!app', false],
    ['app in (x,hello)', true],
    ['app in (x, y)', false],
    ['app notin (x)', true],
    ['app notin (hello)', false],
    ['missing notin (x)', true],
    ['missing in (x)', false],
    ['serving.knative.dev/service=hello-demo-development', true],
    ['app=hello,tier=web', true],
    ['app=hello,tier=db', false],
    ['app in (hello,x), tier notin (db), !missing', true],
  ])('%j matches: %s', (selector, expected) => {
    expect(labelSelectorMatches(selector, labels)).toBe(expected);
  });

  it('keeps commas inside set values', () => {
    expect(parseLabelSelector('a in (x,y),b')).toEqual([
      { key: 'a', operator: 'in', values: ['x', 'y'] },
      { key: 'b', operator: 'exists' },
    ]);
  });

  it.each(['=x', 'a in x', 'a in (x', 'a,,b', 'a b', 'a=(x)'])('rejects %j', (selector) => {
    expect(() => parseLabelSelector(selector)).toThrow(LabelSelectorError);
  });
});
