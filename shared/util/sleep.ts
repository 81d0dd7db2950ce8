/** The one way to wait: adapters' batch retries, the send throttle and the sender's backoff all use it. */
export const sleep = (ms: number): Promise<void> => new Promise<void>((resolve) => setTimeout(resolve, ms));
