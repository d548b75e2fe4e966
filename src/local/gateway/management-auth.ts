import { createHash, createHmac, type Hash, type Hmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Who may call the local `@connections` API: only this runtime's own adapters. On AWS, IAM decides
 * (`execute-api:ManageConnections`); here each server start makes a fresh key pair that only the
 * aws-local wiring's SDK client is given, and every request must carry a valid SigV4 signature made
 * with it. Any other local process, and any web page, is refused: a forged post would put words in
 * the server's mouth, and a forged DELETE would close a player's socket.
 */
export interface ManagementCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** A fresh pair per process; nothing stores it, so it dies with the server. */
export function createManagementCredentials(): ManagementCredentials {
  return {
    // Shaped like an AWS key id (20 upper-case characters), and saying whose it is in a log line.
    accessKeyId: `TGLOCAL${randomBytes(7).toString('hex').slice(0, 13).toUpperCase()}`,
    secretAccessKey: randomBytes(30).toString('base64'),
  };
}

/** How far a signature's time may be from ours, as AWS allows. */
const MAX_SKEW_MS = 5 * 60 * 1000;

const AUTHORIZATION =
  /^AWS4-HMAC-SHA256 Credential=([^/\s]+)\/(\d{8})\/([a-z0-9-]+)\/([a-z0-9-]+)\/aws4_request, ?SignedHeaders=([a-z0-9;-]+), ?Signature=[0-9a-f]{64}$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

/** A hash the signer can use, on node's crypto (what `@smithy/hash-node` does, in a few lines). */
class NodeSha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBuffer(secret));
  }
  update(data: Uint8Array): void {
    this.hash.update(data);
  }
  async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }
  reset(): void {
    // The signer makes a fresh hash for every digest; a reused one would be a bug worth seeing.
    throw new Error('NodeSha256 cannot be reset');
  }
}

function toBuffer(data: string | ArrayBuffer | ArrayBufferView): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return Buffer.from(data);
}

/**
 * Why a request is not signed with `credentials`, or `undefined` when it is. The request is signed
 * again, with the headers it says it signed and the body it carries, by the same signer the SDK
 * uses, so the canonical forms agree by construction; then the two Authorization headers must match.
 */
export async function signatureRefusal(
  request: IncomingMessage,
  body: Buffer,
  credentials: ManagementCredentials,
  now: number,
): Promise<string | undefined> {
  const authorization = request.headers.authorization;
  if (authorization === undefined) return 'the request is not signed';
  const parsed = AUTHORIZATION.exec(authorization);
  if (parsed === null) return 'the Authorization header is not a SigV4 signature';
  const [, keyId, day, region, service, signedList] = parsed as unknown as [
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  if (keyId !== credentials.accessKeyId) return 'the access key is not this server’s';
  if (service !== 'execute-api') return 'the signature is not for execute-api';

  const amzDate = headerOf(request, 'x-amz-date') ?? '';
  const time = AMZ_DATE.exec(amzDate);
  if (time === null || !amzDate.startsWith(day)) return 'the signature has no valid X-Amz-Date';
  const [year, month, date, hours, minutes, seconds] = time.slice(1).map(Number) as number[];
  const signedAt = Date.UTC(year ?? 0, (month ?? 1) - 1, date, hours, minutes, seconds);
  if (Math.abs(now - signedAt) > MAX_SKEW_MS) return 'the signature has expired';

  const signedNames = signedList.split(';');
  if (!signedNames.includes('host') || !signedNames.includes('x-amz-date')) return 'host and date must be signed';
  const headers: Record<string, string> = {};
  for (const name of signedNames) {
    const value = headerOf(request, name);
    if (value === undefined) return `the signed header ${name} is missing`;
    headers[name] = value;
  }
  // The signer trusts a claimed body hash; the body must be the one it claims.
  const claimed = headers['x-amz-content-sha256'];
  if (claimed !== undefined && claimed !== createHash('sha256').update(body).digest('hex')) {
    return 'the body is not the one that was signed';
  }

  const url = new URL(request.url ?? '/', 'http://localhost');
  const query: Record<string, string | string[]> = {};
  for (const [name, value] of url.searchParams) {
    const previous = query[name];
    query[name] = previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  const signer = new SignatureV4({ credentials, region, service, sha256: NodeSha256, applyChecksum: false });
  const resigned = await signer.sign(
    {
      method: request.method ?? 'GET',
      protocol: 'http:',
      hostname: headers.host ?? '',
      // The path exactly as it came, still percent-encoded: the signer encodes it again, as it did
      // for the client.
      path: (request.url ?? '/').split('?')[0] ?? '/',
      query,
      headers,
      body,
    },
    {
      signingDate: new Date(signedAt),
      signingRegion: region,
      signingService: service,
      signableHeaders: new Set(signedNames),
    },
  );
  return sameText(String(resigned.headers.authorization), authorization) ? undefined : 'the signature does not match';
}

function headerOf(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

function sameText(a: string, b: string): boolean {
  const [left, right] = [Buffer.from(a), Buffer.from(b)];
  return left.length === right.length && timingSafeEqual(left, right);
}
