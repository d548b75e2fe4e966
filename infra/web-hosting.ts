import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage, Duration, RemovalPolicy } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CachePolicy,
  Distribution,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Asset } from 'aws-cdk-lib/aws-s3-assets';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import type { UiConfig } from '../src/protocol/ui-config.js';
import type { CustomDomain } from './custom-domains.js';
import { GAMES_OPTION, HASHED_ASSETS_PREFIX } from './web-assets.js';

export const RUNTIME_CONFIG_FILE = 'config.json';

export interface WebHostingProps {
  /** A custom domain for the distribution (its certificate in us-east-1). */
  readonly domain?: CustomDomain;
}

/**
 * The web UI: a private S3 bucket that only this CloudFront distribution can read (origin access
 * control, so the bucket policy names the distribution, and no public access at all). Pages and
 * config.json are served `no-cache` (browsers revalidate them, CloudFront keeps them a second), so a
 * deploy shows at once; every other file has a content-hashed name and is cached for a year.
 */
export class WebHosting extends Construct {
  readonly bucket: Bucket;
  readonly distribution: Distribution;
  /** The origins the UI is served from: the distribution's own name, and the custom domain if any. */
  readonly origins: readonly string[];
  /** Where players open the UI: the custom domain when there is one. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebHostingProps) {
    super(scope, id);
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // Nothing here but build output: tear-down empties and deletes it.
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const { domain } = props;
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'turngate web UI',
      defaultRootObject: 'index.html',
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(this.bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
        // Honours the objects' Cache-Control (see publish) between its 1 s minimum and one year.
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
      },
      httpVersion: HttpVersion.HTTP2_AND_3,
      // North America and Europe only: the cheapest class; players elsewhere still reach it, a little slower.
      priceClass: PriceClass.PRICE_CLASS_100,
      ...(domain
        ? {
            domainNames: [domain.domainName],
            certificate: Certificate.fromCertificateArn(this, 'Certificate', domain.certificateArn),
            minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
          }
        : {}),
    });
    const own = `https://${this.distribution.distributionDomainName}`;
    this.origins = domain ? [`https://${domain.domainName}`, own] : [own];
    this.url = this.origins[0] as string;
  }

  /**
   * Uploads the built UI and writes config.json. Hashed files go first, so a page is never live
   * before the files it names; they are never pruned, so a tab opened before a deploy keeps loading.
   * The pages' deployment prunes stale pages (it leaves `assets/` alone: excluded paths are kept).
   * `bundle` names the developer's board modules and games module (absolute paths), bundled into the
   * UI's script: the boards draw their games, and the games let the replay viewer recompute their
   * finished matches in the browser.
   */
  publish(config: UiConfig, bundle: DeveloperModules = {}): void {
    const built = new Asset(this, 'Build', {
      // Only a placeholder source: the files come from the UI build, wherever this module runs from.
      path: HERE,
      // The build holds web/, src/client, src/protocol and games/: hash what was built.
      assetHashType: AssetHashType.OUTPUT,
      bundling: {
        // Never pulled: local bundling always answers (or throws), as for the handler functions.
        image: DockerImage.fromRegistry('public.ecr.aws/docker/library/node:22-alpine'),
        local: { tryBundle: (outputDir) => writeWebAssets(outputDir, bundle) },
      },
    });
    const build = Source.bucket(built.bucket, built.s3ObjectKey);
    // One log group, with a retention, for the deployment function CDK shares between both uploads.
    const logGroup = new LogGroup(this, 'DeploymentLogs', {
      retention: RetentionDays.ONE_WEEK,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const hashed = new BucketDeployment(this, 'HashedFiles', {
      destinationBucket: this.bucket,
      sources: [build],
      include: [`${HASHED_ASSETS_PREFIX}*`],
      exclude: ['*'],
      prune: false,
      cacheControl: [CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()],
      logGroup,
    });
    const pages = new BucketDeployment(this, 'Pages', {
      destinationBucket: this.bucket,
      sources: [build, Source.jsonData(RUNTIME_CONFIG_FILE, config)],
      exclude: [`${HASHED_ASSETS_PREFIX}*`],
      prune: true,
      cacheControl: [CacheControl.noCache()],
      logGroup,
    });
    pages.node.addDependency(hashed);
  }
}

/** The developer's modules the hosted UI's script bundles (absolute paths). */
export interface DeveloperModules {
  readonly boards?: readonly string[];
  readonly gamesModule?: string;
}

/** This module's directory: infra/ in this repository, dist/infra/ in the published package. */
const HERE = path.dirname(fileURLToPath(import.meta.url));

/**
 * Runs write-web-assets beside this module (the web build is asynchronous, CDK bundling is not):
 * the TypeScript source under tsx in this repository, whose root is the working directory so that
 * `tsx` resolves; the compiled file from the package, which needs no loader.
 */
function writeWebAssets(outputDir: string, { boards = [], gamesModule }: DeveloperModules): boolean {
  const extension = path.extname(fileURLToPath(import.meta.url));
  const script = path.join(HERE, `write-web-assets${extension}`);
  const loader = extension === '.ts' ? ['--import', 'tsx'] : [];
  const games = gamesModule === undefined ? [] : [`${GAMES_OPTION}${gamesModule}`];
  const run = spawnSync(process.execPath, [...loader, script, outputDir, ...games, ...boards], {
    cwd: path.resolve(HERE, '..'),
    encoding: 'utf8',
  });
  if (run.status !== 0) throw new Error(`building the web UI failed:\n${run.stderr || run.error?.message}`);
  return true;
}
