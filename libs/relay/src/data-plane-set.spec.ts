import type { DataPlaneRoute } from './data-plane-routes';
import { DataPlaneSet } from './data-plane-set';

const route = (name: string, url: string, more: Partial<DataPlaneRoute> = {}): DataPlaneRoute => ({
  name,
  url,
  match: [{ project: '*', domain: '*' }],
  ...more,
});

describe('DataPlaneSet', () => {
  test('opens added planes, closes removed ones, reopens changed ones, keeps the rest', () => {
    const log: string[] = [];
    const set = new DataPlaneSet(
      (r) => (log.push(`open ${r.name} ${r.url}`), `${r.name}@${r.url}`),
      (item) => log.push(`close ${item}`),
    );
    set.sync([route('east', 'a:1'), route('west', 'b:1'), route('north', 'c:1')]);
    set.sync([route('east', 'a:1', { match: [{ project: 'shop', domain: '*' }] }), route('west', 'b:2'), route('south', 'd:1', { secret: 's' })]);
    expect(log).toEqual(['open east a:1', 'open west b:1', 'open north c:1', 'close west@b:1', 'close north@c:1', 'open west b:2', 'open south d:1']);
    expect(set.get('east')).toBe('east@a:1');
    expect(set.items()).toEqual(['east@a:1', 'west@b:2', 'south@d:1']);
    log.length = 0;
    set.sync([route('east', 'a:1', { secret: 'new' }), route('west', 'b:2'), route('south', 'd:1', { secret: 's' })]);
    expect(log).toEqual(['close east@a:1', 'open east a:1']);
    log.length = 0;
    set.closeAll();
    expect(log).toEqual(['close west@b:2', 'close south@d:1', 'close east@a:1']);
    expect(set.items()).toEqual([]);
  });
});
