/**
 * One clear line for an AWS failure a person at a terminal (or an alarm reader) can act on: which table, which
 * endpoint, what went wrong. Never a stack trace, never an item's contents.
 */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'ECONNRESET', 'EHOSTUNREACH', 'ETIMEDOUT', 'EAI_AGAIN']);

function codeOf(error: unknown): string | undefined {
  let e: unknown = error;
  for (let i = 0; i < 5 && e; i++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && NETWORK_CODES.has(code)) return code;
    const errors = (e as { errors?: unknown[] }).errors;
    if (Array.isArray(errors) && errors.length > 0) e = errors[0];
    else e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The line for an error from DynamoDB or S3, or undefined when the error did not come from AWS. */
export function describeAwsError(
  error: unknown,
  where: { table?: string; bucket?: string; endpoint?: string; region?: string },
): string | undefined {
  const name = (error as { name?: unknown }).name;
  const endpoint = where.endpoint ?? `AWS ${where.region ?? ''}`.trim();
  const target = where.table ? `table ${where.table}` : where.bucket ? `bucket ${where.bucket}` : 'AWS';
  const network = codeOf(error);
  if (network || name === 'TimeoutError') return `cannot reach ${endpoint} for ${target} (${network ?? 'timed out'})`;
  if (name === 'ResourceNotFoundException') return `${target} not found at ${endpoint}`;
  if (name === 'NoSuchBucket' || name === 'NoSuchKey') return `${target}: ${name} at ${endpoint}`;
  if ((error as { $metadata?: unknown }).$metadata !== undefined)
    return `${endpoint} refused a request for ${target} (${String(name)})`;
  return undefined;
}
