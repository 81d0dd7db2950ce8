/** Where delivery events land: the ledger (evidence) and the directory (suppress a failing address). */
export interface DeliveryEventSink {
  recordDeliveryEvent(
    emailKey: string,
    eventType: string,
    permanent: boolean,
    at: Date,
    messageId?: string,
  ): Promise<void>;
  /** Marks every worker with this address as suppressed; returns their ids. */
  suppressWorkerAddress(address: string, at: Date): Promise<string[]>;
}
