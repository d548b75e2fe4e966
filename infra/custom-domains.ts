import { ApiMapping, DomainName, type IApi, type IStage, SecurityPolicy } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';
import type { ContextText } from './config.js';

/** A name the deployer owns and an ACM certificate that covers it. DNS stays with the deployer. */
export interface CustomDomain {
  readonly domainName: string;
  readonly certificateArn: string;
}

export interface CustomDomains {
  /** The web UI's distribution; its certificate must be in us-east-1 (CloudFront's rule). */
  readonly web?: CustomDomain;
  /** The WebSocket API; its certificate must be in the stack's Region. */
  readonly websocket?: CustomDomain;
  /** The lobby HTTP API; its certificate must be in the stack's Region. */
  readonly lobby?: CustomDomain;
}

const DOMAIN_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:([a-z0-9-]+):\d{12}:certificate\/[\w-]+$/;

/** Context `<which>Domain` and `<which>CertificateArn`, for `web`, `websocket` and `lobby`: both or neither. */
export function readCustomDomains(text: ContextText): CustomDomains {
  const read = (which: keyof CustomDomains): Partial<CustomDomains> => {
    const domainName = text(`${which}Domain`)?.toLowerCase();
    const certificateArn = text(`${which}CertificateArn`);
    if (!domainName && !certificateArn) return {};
    if (!domainName || !certificateArn) {
      throw new Error(`context "${which}Domain" and "${which}CertificateArn" go together`);
    }
    if (!DOMAIN_NAME.test(domainName)) throw new Error(`context "${which}Domain" is not a domain name: ${domainName}`);
    const region = CERTIFICATE_ARN.exec(certificateArn)?.[1];
    if (!region) throw new Error(`context "${which}CertificateArn" is not an ACM certificate ARN`);
    if (which === 'web' && region !== 'us-east-1') {
      throw new Error('context "webCertificateArn" must be a certificate in us-east-1: CloudFront takes no other');
    }
    return { [which]: { domainName, certificateArn } };
  };
  const domains: CustomDomains = { ...read('web'), ...read('websocket'), ...read('lobby') };
  const names = Object.values(domains).map((domain) => domain.domainName);
  if (new Set(names).size !== names.length) throw new Error('the web UI and each API need a domain name of their own');
  return domains;
}

export interface ApiDomainProps {
  readonly domain: CustomDomain;
  readonly api: IApi;
  readonly stage: IStage;
}

/**
 * A regional API Gateway custom domain mapped, at its root, to one API's stage: `wss://<domain>` then
 * reaches the WebSocket stage and `https://<domain>/api/...` the lobby. Only clients use it. The
 * handlers keep posting to the stage's execute-api endpoint (WEBSOCKET_MANAGEMENT_ENDPOINT), because
 * PostToConnection through a custom domain is refused; test/infra/custom-domains.test.ts holds that.
 */
export class ApiDomain extends Construct {
  readonly domainName: DomainName;

  constructor(scope: Construct, id: string, props: ApiDomainProps) {
    super(scope, id);
    this.domainName = new DomainName(this, 'Name', {
      domainName: props.domain.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: props.api, domainName: this.domainName, stage: props.stage });
  }

  /** Where the deployer's DNS record (CNAME or alias) must point. */
  get dnsTarget(): string {
    return this.domainName.regionalDomainName;
  }
}
