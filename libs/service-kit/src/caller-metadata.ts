/** The authenticated caller's name, which the control plane forwards to the data plane (metadata key). */
export const CALLER_METADATA = 'x-applogs-caller';
