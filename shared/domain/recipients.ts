/**
 * The recipient allow-list: the one predicate deciding whether an address may receive email. Only the authority's
 * own domains and their subdomains ("council.gov.uk" allows "a@council.gov.uk" and "a@mail.council.gov.uk", never
 * "a@evilcouncil.gov.uk"). Used when sending and when validating the deployment's settings.
 */
export function recipientAllowed(address: string, allowedDomains: readonly string[]): boolean {
  const at = address.lastIndexOf('@');
  if (at < 1) return false;
  const domain = address.slice(at + 1).toLowerCase();
  return allowedDomains.some((d) => {
    const allowed = d.toLowerCase();
    return domain === allowed || domain.endsWith(`.${allowed}`);
  });
}
