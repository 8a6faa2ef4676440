import { targetAppId, type TailLogsRequest } from '@applogs/proto';
import { parseDataPlaneRoutes, routeFor, type DataPlaneRoute } from '@applogs/relay';
import { ConfigError, WatchedConfigFile } from '@applogs/service-kit';
import { status } from '@grpc/grpc-js';
import type { OnApplicationShutdown } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import type { Logger } from 'pino';
import type { ControlPlaneConfig } from './control-plane.config';

/** How often the routing file is checked for changes. */
const RELOAD_INTERVAL_MS = 1000;

/**
 * Which data plane serves which apps: the routing file (APPLOGS_DATA_PLANES_FILE), re-read when it changes, or
 * without it the one data plane APPLOGS_DATA_PLANE_URL names, serving every app. An edit that does not parse
 * keeps the last good routing and is logged. Holds nothing of any call: any number of control planes may run.
 */
export class DataPlaneRouting implements OnApplicationShutdown {
  private readonly listeners = new Set<(routes: readonly DataPlaneRoute[]) => void>();
  private readonly stopWatching: () => void;
  private current: readonly DataPlaneRoute[];

  /** `named`: the planes have names of their own (a routing file), which messages then give. */
  private constructor(
    initial: readonly DataPlaneRoute[],
    readonly named: boolean,
    watch: (apply: (routes: readonly DataPlaneRoute[]) => void) => () => void,
  ) {
    this.current = initial;
    this.stopWatching = watch((routes) => {
      this.current = routes;
      this.listeners.forEach((listener) => listener(routes));
    });
  }

  /** From the configuration; a routing file that cannot be read, parsed or checked is a ConfigError. */
  static fromConfig(config: ControlPlaneConfig, logger: Logger): DataPlaneRouting {
    const path = config.dataPlanesFile;
    if (!path)
      return new DataPlaneRouting([{ name: 'default', url: config.dataPlaneUrl, match: [{ project: '*', domain: '*' }] }], false, () => () => undefined);
    let file: WatchedConfigFile<DataPlaneRoute[]>;
    try {
      file = new WatchedConfigFile(path, (document) => parseDataPlaneRoutes(path, document));
    } catch (error) {
      throw new ConfigError(`APPLOGS_DATA_PLANES_FILE: ${(error as Error).message}`);
    }
    return new DataPlaneRouting(file.value, true, (apply) =>
      file.watch(RELOAD_INTERVAL_MS, {
        reloaded: (routes) => {
          apply(routes);
          logger.info({ event: 'data_planes_reloaded', dataPlanes: routes.map((route) => route.name) }, 'data planes file reloaded');
        },
        failed: (message) => logger.error({ event: 'data_planes_reload_failed' }, `${message}; keeping the routing as it was`),
      }),
    );
  }

  get routes(): readonly DataPlaneRoute[] {
    return this.current;
  }

  /** Calls `listener` with the new routes whenever the file changes; returns what stops it. */
  onChange(listener: (routes: readonly DataPlaneRoute[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The data plane of the app the request names (a replica id: its app's); NOT_FOUND when no plane's patterns
   * cover it.
   */
  planeFor(request: TailLogsRequest): DataPlaneRoute {
    const route = this.routeOf(request);
    if (route) return route;
    const app = targetAppId(request)!;
    throw new RpcException({ code: status.NOT_FOUND, message: `no cluster serves ${app.project}/${app.domain}` });
  }

  /** The name of the plane a request goes to, for metrics and logs; "" when none serves it. */
  nameFor(request: TailLogsRequest): string {
    return this.routeOf(request)?.name ?? '';
  }

  /** How messages name a plane: by name and address, or by address alone when it is the only one. */
  describe(route: DataPlaneRoute): string {
    return this.named ? `the data plane ${route.name} at ${route.url}` : `the data plane at ${route.url}`;
  }

  /** A request without a project and domain goes to the first plane, whose validation says what is missing. */
  private routeOf(request: TailLogsRequest): DataPlaneRoute | undefined {
    const app = targetAppId(request);
    if (!app?.project || !app.domain) return this.current[0];
    return routeFor(this.current, app.project, app.domain);
  }

  onApplicationShutdown(): void {
    this.stopWatching();
    this.listeners.clear();
  }
}
