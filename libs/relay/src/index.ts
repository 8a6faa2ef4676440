export { CallerCallRate } from './caller-call-rate';
export { DataPlaneChannels } from './data-plane-channels';
