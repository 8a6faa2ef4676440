export { ConnectTransport, type ConnectTransportOptions } from './connect-transport';
export type { HttpHandler } from './http-handler';
export { staticSite, type StaticSiteOptions } from './static-site';
