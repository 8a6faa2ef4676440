export { ConnectTransport, type ConnectTransportOptions } from './connect-transport';
