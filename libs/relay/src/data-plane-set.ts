import type { DataPlaneRoute } from './data-plane-routes';

/**
 * Something the control plane keeps for each data plane (its connections, its health watch), kept in step with
 * the routing as it is reloaded: a plane that is added is opened, one that is removed is closed, and one whose
 * address or credentials changed is closed and opened anew. A plane whose patterns alone changed is kept.
 */
export class DataPlaneSet<T> {
  private readonly planes = new Map<string, { route: DataPlaneRoute; item: T }>();

  constructor(
    private readonly open: (route: DataPlaneRoute) => T,
    private readonly close: (item: T) => void,
  ) {}

  /** Opens, keeps and closes so that there is one item per route. */
  sync(routes: readonly DataPlaneRoute[]): void {
    const wanted = new Map(routes.map((route) => [route.name, route]));
    for (const [name, { route, item }] of this.planes) {
      const next = wanted.get(name);
      if (next && sameConnection(route, next)) continue;
      this.planes.delete(name);
      this.close(item);
    }
    for (const route of routes) if (!this.planes.has(route.name)) this.planes.set(route.name, { route, item: this.open(route) });
  }

  get(name: string): T | undefined {
    return this.planes.get(name)?.item;
  }

  items(): T[] {
    return [...this.planes.values()].map(({ item }) => item);
  }

  closeAll(): void {
    this.sync([]);
  }
}

/** Whether a connection made for `a` serves `b` as well. */
function sameConnection(a: DataPlaneRoute, b: DataPlaneRoute): boolean {
  return a.url === b.url && a.secret === b.secret && JSON.stringify(a.tls) === JSON.stringify(b.tls);
}
