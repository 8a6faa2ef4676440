export { ConnectTransport, type ConnectTransportOptions } from './connect-transport';
export type { HttpHandler } from './http-handler';
export { SITE_SECURITY_HEADERS, staticSite, type StaticSiteOptions } from './static-site';
