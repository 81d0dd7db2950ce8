/**
 * The sender boundary: whatever a template or a ledger key carries, no control character reaches SES in the
 * subject or a header value (a line break there would start a header of its own). On aws-ses-v2-local.
 */
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Emulators, LOCAL_AWS_ENV, clearSentEmails, sentEmails, startEmulators } from '../../local/emulators.js';
import { SesEmailSender, sesClientOptions } from '../../shared/adapters/ses-email-sender.js';

let emulators: Emulators;
let ses: SESv2Client;
beforeAll(async () => {
  Object.assign(process.env, LOCAL_AWS_ENV);
  emulators = await startEmulators();
  ses = new SESv2Client({ region: LOCAL_AWS_ENV.AWS_REGION, ...sesClientOptions(), endpoint: emulators.sesEndpoint });
}, 60_000);
afterAll(async () => {
  ses.destroy();
  await emulators.stop();
});

describe('SES sender', () => {
  it('removes control characters from the subject and every header value', async () => {
    await clearSentEmails(emulators.sesEndpoint);
    const sender = new SesEmailSender(ses, 'reminders@example-council.gov.uk', undefined);
    await sender.send({
      to: 'manager@example-council.gov.uk',
      subject: 'Family\nSupport\u0007: weekly digest',
      html: '<p>x</p>',
      text: 'x',
      reference: 'weekly-digest#2024-06-03#worker:W\u001b[31m1\u0007',
      possibleRepeat: true,
      headers: { 'List-Id': 'Family\r\nBcc: someone@example.org' },
      tags: { job: 'weekly-digest', run: 'r1' },
    });
    const [stored] = await sentEmails(emulators.sesEndpoint);
    expect(stored!.subject).toBe('Family Support: weekly digest');
    const header = (name: string) => stored!.headers?.find((h) => h.name === name)?.value;
    expect(header('X-Reminder-Reference')).toBe('weekly-digest#2024-06-03#worker:W[31m1');
    expect(header('X-Reminder-Possible-Repeat')).toBe('true');
    expect(header('List-Id')).toBe('Family Bcc: someone@example.org');
  });
});
