/** Where the hub gets "now": the system clock in production, a settable one in tests. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
