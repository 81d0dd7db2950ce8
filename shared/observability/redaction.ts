/**
 * The one way delivery code logs an email: ledger keys go in through `emailKey`/`emailKeys` and come out redacted
 * (a manager's address inside a key becomes `<recipient>`); addresses are never accepted at all. The field names
 * that could carry a raw key or an address are typed `never`, so a call site cannot pass one past the helper.
 */
export interface Log {
  info(message: string, extra?: Record<string, unknown>): void;
  warn(message: string, extra?: Record<string, unknown>): void;
  error(message: string, extra?: Record<string, unknown>): void;
}

/** A ledger key as it may be logged: an address inside it is replaced, the rest identifies the entry. */
export function loggableKey(key: string): string {
  return key.replace(/[^#\s]+@[^#\s]+/g, '<recipient>');
}

type Forbidden = {
  address?: never;
  addresses?: never;
  recipient?: never;
  recipients?: never;
  to?: never;
  key?: never;
  reference?: never;
};

export type DeliveryLogFields = { emailKey?: string; emailKeys?: readonly string[] } & Forbidden & {
    [field: string]: unknown;
  };

export interface DeliveryLog {
  info(message: string, fields?: DeliveryLogFields): void;
  warn(message: string, fields?: DeliveryLogFields): void;
  error(message: string, fields?: DeliveryLogFields): void;
}

function redact(fields: DeliveryLogFields = {}): Record<string, unknown> {
  const { emailKey, emailKeys, ...rest } = fields;
  return {
    ...rest,
    ...(emailKey !== undefined ? { emailKey: loggableKey(emailKey) } : {}),
    ...(emailKeys !== undefined ? { emailKeys: emailKeys.map(loggableKey) } : {}),
  };
}

export function deliveryLog(log: Log): DeliveryLog {
  return {
    info: (message, fields) => log.info(message, redact(fields)),
    warn: (message, fields) => log.warn(message, redact(fields)),
    error: (message, fields) => log.error(message, redact(fields)),
  };
}
