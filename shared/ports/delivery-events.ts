/** Where delivery events land: the ledger (evidence) and the directory (suppress a failing address). */
export interface DeliveryEventSink {
  /** False when the ledger has no email with this key (an event for a message it never sent). */
  recordDeliveryEvent(
    emailKey: string,
    eventType: string,
    permanent: boolean,
    at: Date,
    messageId?: string,
  ): Promise<boolean>;
  /** Marks every worker with this address as suppressed; returns their ids. */
  suppressWorkerAddress(address: string, at: Date): Promise<string[]>;
  /** Records an address that is not a worker's (a manager's) as suppressed, so its emails are rerouted. */
  suppressAddress?(address: string, reason: string, at: Date): Promise<void>;
}
