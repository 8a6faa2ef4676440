import { isLinkProblem, logsHref, parseLogsLink, tailOf, type LogsLink } from './url-state';

describe('the /logs link', () => {
  test('round trip: every field, in the documented order; empty fields left out', () => {
    const link: LogsLink = {
      org: 'o',
      project: 'p',
      domain: 'd',
      name: 'n',
      replica: 'pod-1',
      tail: 50,
      since: '5m',
      include: 'ERROR|WARN',
      exclude: 'health',
      protocol: 'grpc-web',
    };
    const href = logsHref(link);
    expect(href).toBe('/logs?project=p&domain=d&name=n&org=o&replica=pod-1&tail=50&since=5m&include=ERROR%7CWARN&exclude=health&protocol=grpc-web');
    expect(parseLogsLink(href.slice('/logs'.length))).toEqual(link);
    expect(logsHref({ project: 'p', domain: 'd', name: 'n', org: '', include: '' })).toBe('/logs?project=p&domain=d&name=n');
  });

  test('what is missing or malformed is named, and what was there is kept for the form', () => {
    expect(parseLogsLink('?project=p&name=&tail=10')).toEqual({
      problem: 'the link needs domain, name (the app to show)',
      partial: { project: 'p', tail: 10 },
    });
    expect(parseLogsLink('?project=p&domain=d&name=n&tail=ten')).toMatchObject({ problem: 'tail=ten must be a whole number of lines' });
    expect(parseLogsLink('?project=p&domain=d&name=n&protocol=grpc')).toMatchObject({ problem: 'protocol=grpc must be connect or grpc-web' });
    expect(isLinkProblem(parseLogsLink('?project=p&domain=d&name=n'))).toBe(false);
  });

  test('the request: the app or one replica of it, and only the options the link sets', () => {
    expect(tailOf({ project: 'p', domain: 'd', name: 'n' })).toEqual({ target: { app: { project: 'p', domain: 'd', name: 'n' } }, options: {} });
    expect(tailOf({ org: 'o', project: 'p', domain: 'd', name: 'n', replica: 'pod', tail: 0, since: '1h', include: 'a', exclude: 'b' })).toEqual({
      target: { replica: { app: { org: 'o', project: 'p', domain: 'd', name: 'n' }, pod: 'pod' } },
      options: { tailLines: 0, since: '1h', include: ['a'], exclude: ['b'] },
    });
  });
});
