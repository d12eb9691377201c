import { Arn, CfnOutput, Stack } from 'aws-cdk-lib';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { ConfigurationSet, EmailIdentity, Identity, SuppressionReasons } from 'aws-cdk-lib/aws-ses';
import { Construct } from 'constructs';

export interface MailProps {
  stageName: string;
  /** A domain or an email address (StageConfig via sesIdentityOf). */
  identity: string;
  createIdentity: boolean;
  /** Verified recipients while the account is in the SES sandbox. */
  sandboxRecipients: readonly string[];
}

/**
 * Amazon SES for the mailer port's SES adapter: a configuration set of our own, and the sender
 * identity (created here unless it already exists in the account).
 */
export class Mail extends Construct {
  readonly configurationSet: ConfigurationSet;
  private readonly identityArns: string[];

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      configurationSetName: `ikm-${props.stageName}`,
      reputationMetrics: true,
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const isAddress = props.identity.includes('@');
    if (props.createIdentity) {
      const identity = new EmailIdentity(this, 'SenderIdentity', {
        identity: isAddress ? Identity.email(props.identity) : Identity.domain(props.identity),
        configurationSet: this.configurationSet,
      });
      if (!isAddress) {
        // The three Easy DKIM CNAME records the domain's DNS must carry before SES verifies it.
        const tokens = [
          [identity.dkimDnsTokenName1, identity.dkimDnsTokenValue1],
          [identity.dkimDnsTokenName2, identity.dkimDnsTokenValue2],
          [identity.dkimDnsTokenName3, identity.dkimDnsTokenValue3],
        ] as const;
        tokens.forEach(([name, value], i) => {
          new CfnOutput(this, `DkimRecord${i + 1}`, {
            description: 'CNAME record for SES Easy DKIM',
            value: `${name} CNAME ${value}`,
          });
        });
      }
    }
    this.identityArns = [props.identity, ...props.sandboxRecipients].map((name) => this.identityArn(name));
  }

  get configurationSetName(): string {
    return this.configurationSet.configurationSetName;
  }

  /**
   * ses:SendEmail (the same action for both SES APIs) from the identity, through the configuration
   * set, and nothing else.
   */
  grantSend(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: ['ses:SendEmail'],
        resources: [
          ...this.identityArns,
          Stack.of(this).formatArn({
            service: 'ses',
            resource: 'configuration-set',
            resourceName: this.configurationSet.configurationSetName,
          }),
        ],
      }),
    );
  }

  private identityArn(identity: string): string {
    return Arn.format({ service: 'ses', resource: 'identity', resourceName: identity }, Stack.of(this));
  }
}
