export { CallerCallRate } from './caller-call-rate';
export { DataPlaneChannels, MAX_CHANNELS, RESET_BUDGET, type ChannelLease, type DataPlaneChannelsOptions } from './data-plane-channels';
