/**
 * Sending email: the SES configuration set (TLS required, reputation metrics, account suppression for bounces and
 * complaints), its delivery events (Send, Delivery, DeliveryDelay, Bounce, Complaint, Reject) to an encrypted topic,
 * and the one statement that lets a function send: only from the sender address, only through this configuration
 * set.
 */
import { Stack } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Function as LambdaFunction } from 'aws-cdk-lib/aws-lambda';
import {
  ConfigurationSet,
  ConfigurationSetTlsPolicy,
  EmailSendingEvent,
  EventDestination,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';

export interface EmailSendingProps {
  senderDomain: string;
  /** The From address as configured, e.g. `Statutory reminders <reminders@example-council.gov.uk>`. */
  senderAddress: string;
  key: IKey;
}

/** The bare address inside a display-name form. */
export const addressOf = (from: string) => (/<([^>]+)>\s*$/.exec(from)?.[1] ?? from).trim().toLowerCase();

export class EmailSending extends Construct {
  readonly configurationSet: ConfigurationSet;
  readonly deliveryEvents: Topic;
  private readonly sendStatement: PolicyStatement;

  constructor(scope: Construct, id: string, props: EmailSendingProps) {
    super(scope, id);
    const stack = Stack.of(this);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      tlsPolicy: ConfigurationSetTlsPolicy.REQUIRE,
      reputationMetrics: true,
      sendingEnabled: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });
    this.deliveryEvents = new Topic(this, 'DeliveryEvents', { masterKey: props.key, enforceSSL: true });
    // Send proves acceptance (exactly-once after a crash), Delivery proves arrival, DeliveryDelay says SES is still
    // trying; bounces, complaints and rejects prove failure. All are recorded in the ledger by ses-events.
    this.configurationSet.addEventDestination('DeliveryEvents', {
      destination: EventDestination.snsTopic(this.deliveryEvents),
      events: [
        EmailSendingEvent.SEND,
        EmailSendingEvent.DELIVERY,
        EmailSendingEvent.DELIVERY_DELAY,
        EmailSendingEvent.BOUNCE,
        EmailSendingEvent.COMPLAINT,
        EmailSendingEvent.REJECT,
      ],
    });
    this.sendStatement = new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [
        stack.formatArn({ service: 'ses', resource: 'identity', resourceName: props.senderDomain }),
        stack.formatArn({
          service: 'ses',
          resource: 'configuration-set',
          resourceName: this.configurationSet.configurationSetName,
        }),
      ],
      conditions: {
        StringEquals: {
          'ses:FromAddress': addressOf(props.senderAddress),
          'ses:ApiVersion': '2',
        },
      },
    });
  }

  /** Lets a function send (from the sender address, through the configuration set) and read its send quota. */
  grantSend(fn: LambdaFunction): void {
    fn.addToRolePolicy(this.sendStatement);
    fn.addToRolePolicy(new PolicyStatement({ actions: ['ses:GetAccount'], resources: ['*'] }));
    fn.addEnvironment('SES_CONFIGURATION_SET', this.configurationSet.configurationSetName);
  }
}
