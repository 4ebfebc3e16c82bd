import type { S3Config } from './config';
import { checkKey, type ObjectStore, type StoredObject } from './object-store';
import type { S3ClientSettings, S3GetOutput, S3RetryModule, S3RetryStrategy, S3RetryToken, S3Sdk } from './s3-sdk';
import { NotFoundError, StoreUnavailableError } from './store-errors';

/**
 * Milliseconds before retry `retry` (1, 2, …) of a failed S3 request: 0.2 s doubling, at most
 * 1 s, so 8 attempts span about 5 s (the SDK's own backoff, with its jitter and 20 s cap, would
 * leave a short outage to chance).
 *
 * @example
 * ```ts
 * [1, 2, 3, 4, 5].map(retryDelayMs); // [200, 400, 800, 1000, 1000]
 * ```
 */
export function retryDelayMs(retry: number): number {
  return Math.min(1000, 100 * 2 ** Math.max(1, retry));
}

/**
 * The SDK's retry strategy, one instance per request. One shared instance also keeps a retry
 * quota per client (about 35 retries, then none until requests succeed): an outage of a second
 * would then use it up across the writer's parallel uploads, and the rest would fail at once.
 * Each request still gets `maxAttempts` with the backoff of `make`.
 */
function perRequestRetries(make: () => S3RetryStrategy): S3RetryStrategy {
  const strategyOf = new WeakMap<S3RetryToken, S3RetryStrategy>();
  return {
    async acquireInitialRetryToken(scope) {
      const strategy = make();
      const token = await strategy.acquireInitialRetryToken(scope);
      strategyOf.set(token, strategy);
      return token;
    },
    async refreshRetryTokenForRetry(token, errorInfo) {
      const strategy = strategyOf.get(token) ?? make();
      const next = await strategy.refreshRetryTokenForRetry(token, errorInfo);
      strategyOf.set(next, strategy);
      return next;
    },
    recordSuccess(token) {
      strategyOf.get(token)?.recordSuccess(token);
    },
  };
}

/**
 * An {@link ObjectStore} in an S3 bucket through `@aws-sdk/client-s3` (any S3-compatible
 * endpoint). Bodies are sent as Buffers with a known length; no conditional writes are used
 * (some S3-compatible servers lack them): the database row is the commit point, not the object.
 * Endpoint, region and credentials not given here come from the SDK's standard configuration
 * (`AWS_ENDPOINT_URL_S3`, `AWS_REGION`, `AWS_ACCESS_KEY_ID`, profiles, …); the region defaults to
 * `us-east-1` when none is configured.
 *
 * @example
 * ```ts
 * const objects = createS3ObjectStore({ bucket: 'ubcc3', endpoint: 'http://127.0.0.1:4568', forcePathStyle: true });
 * await objects.put(`${id}/overlap.bin`, io.encodeNpy({ shape: [1, 1], data: Float64Array.of(1) }));
 * ```
 */
export function createS3ObjectStore(config: S3Config & { bucket: string }): ObjectStore {
  // Loaded on first use: the SDK takes a while to load and most commands never need it. Typed
  // by the local interfaces of `s3-sdk.ts` (checked against the SDK's own types in the tests).
  // The SDK's documented switch for its Node-version notice (8 lines on stderr under Node 20,
  // once per process): roothaan supports Node 20, so the notice is only noise. Set before loading.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client, paginateListObjectsV2 } = require('@aws-sdk/client-s3') as S3Sdk;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { ConfiguredRetryStrategy } = require('@smithy/core/retry') as S3RetryModule;
  const maxAttempts = config.maxAttempts ?? 8;
  const clientConfig: S3ClientSettings = {
    forcePathStyle: config.forcePathStyle ?? false,
    maxAttempts,
    // Every attempt is bounded (a blackholed endpoint fails instead of hanging), and a failed
    // attempt (refused, reset, timed out, HTTP 5xx) is retried by the SDK after retryDelayMs.
    requestHandler: { connectionTimeout: config.connectTimeoutMs ?? 5000, requestTimeout: config.requestTimeoutMs ?? 30_000, throwOnRequestTimeout: true },
    retryStrategy: perRequestRetries(() => new ConfiguredRetryStrategy(maxAttempts, retryDelayMs)),
    // Plain PUTs with Content-Length: no aws-chunked trailing checksums, which not every S3-compatible server accepts.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    region: config.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
  };
  if (config.endpoint !== undefined) clientConfig.endpoint = config.endpoint;
  if (config.credentials !== undefined) clientConfig.credentials = config.credentials;
  const client = new S3Client(clientConfig);
  const bucket = config.bucket;
  const where = `s3://${bucket}${config.endpoint !== undefined ? ` at ${config.endpoint}` : ''}`;
  const httpStatus = (err: unknown): number | undefined => (err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const fail = (action: string, key: string, err: unknown): never => {
    const e = err as { name?: string; message?: string; code?: string };
    const status = httpStatus(err);
    const detail = [e.name, e.code, status !== undefined ? `HTTP ${status}` : undefined, e.message].filter((x) => x).join(': ');
    throw new StoreUnavailableError(
      `cannot ${action} '${key}' in ${where}: ${detail}. Check the endpoint (AWS_ENDPOINT_URL_S3), the bucket (ROOTHAAN_S3_BUCKET) and the credentials`,
    );
  };
  return {
    kind: 's3',
    location: where,
    async put(key, body) {
      checkKey(key);
      try {
        await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentLength: body.length }));
      } catch (err) {
        fail('write', key, err);
      }
    },
    async get(key) {
      checkKey(key);
      try {
        const out = (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))) as S3GetOutput;
        const bytes = await out.Body!.transformToByteArray();
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      } catch (err) {
        if ((err as { name?: string }).name === 'NoSuchKey' || httpStatus(err) === 404) throw new NotFoundError(`the object '${key}' is missing from ${where}`);
        return fail('read', key, err);
      }
    },
    async list(prefix) {
      return (await this.listDetailed(prefix)).map((o) => o.key);
    },
    async listDetailed(prefix) {
      // ListObjectsV2 page by page through the SDK's paginator (1000 keys a page).
      const objects: StoredObject[] = [];
      try {
        for await (const page of paginateListObjectsV2({ client }, { Bucket: bucket, Prefix: prefix })) {
          for (const o of page.Contents ?? []) {
            if (o.Key !== undefined) objects.push({ key: o.Key, bytes: o.Size ?? 0, modified: o.LastModified ?? new Date(0) });
          }
        }
      } catch (err) {
        fail('list', prefix, err);
      }
      return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    },
    async deletePrefix(prefix) {
      // One DeleteObject per key, in turn (DeleteObjects needs Content-MD5, which not every
      // S3-compatible server accepts; some local servers also fail on concurrent deletes in one
      // "directory"). A server error is retried twice.
      const keys = await this.list(prefix);
      for (const Key of keys) {
        for (let attempt = 0; ; attempt++) {
          try {
            await client.send(new DeleteObjectCommand({ Bucket: bucket, Key }));
            break;
          } catch (err) {
            const status = httpStatus(err);
            if (attempt < 2 && status !== undefined && status >= 500) {
              await new Promise((r) => setTimeout(r, 50 * (attempt + 1)));
              continue;
            }
            fail('delete', Key, err);
          }
        }
      }
      return keys.length;
    },
    close() {
      client.destroy();
    },
  };
}
