export { CallerCallRate } from './caller-call-rate';
export { DataPlaneChannels } from './data-plane-channels';
export { parseDataPlaneRoutes, routeFor, type DataPlaneRoute } from './data-plane-routes';
export { DataPlaneSet } from './data-plane-set';
