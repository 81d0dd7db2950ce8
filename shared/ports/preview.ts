/** An email a dry run would have sent: what it says, to whom, and what it would announce. */
import type { EmailIntent } from './ledger.js';

export interface PreviewEmail {
  key: string;
  kind: EmailIntent['kind'];
  audience: string;
  recipient: string;
  subject: string;
  html: string;
  text: string;
  /** Items and data problems this email would announce for the first time. */
  noticeKeys: string[];
}
