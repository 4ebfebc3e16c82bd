/**
 * The part of `@aws-sdk/client-s3` the S3 object store uses, as local interfaces. The SDK's own
 * declarations (about 55,000 lines with `@smithy/*`) then stay out of the build: the SDK is
 * loaded with `require` on first use, and `test/store/s3-sdk.test.ts` checks against the SDK's
 * types that the SDK module satisfies {@link S3Sdk}, that every input here is a valid SDK input
 * and that every SDK output has the fields read here.
 *
 * @packageDocumentation
 */

/** The client settings the store passes to `new S3Client(…)` (a subset of the SDK's `S3ClientConfig`). */
export interface S3ClientSettings {
  forcePathStyle: boolean;
  maxAttempts: number;
  requestChecksumCalculation: 'WHEN_REQUIRED';
  responseChecksumValidation: 'WHEN_REQUIRED';
  endpoint?: string;
  region: string;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** The Node HTTP handler's options (the SDK builds its `NodeHttpHandler` from them). */
  requestHandler: { connectionTimeout: number; requestTimeout: number; throwOnRequestTimeout: true };
  /** How failed attempts are retried: `ConfiguredRetryStrategy` of `@smithy/core/retry`. */
  retryStrategy: S3RetryStrategy;
}

/** A retry token of the SDK's retry strategies. */
export interface S3RetryToken {
  getRetryCount(): number;
  getRetryDelay(): number;
}

/** A retry strategy the SDK accepts (the SDK's `RetryStrategyV2`, as `ConfiguredRetryStrategy` implements it). */
export interface S3RetryStrategy {
  acquireInitialRetryToken(retryTokenScope: string): Promise<S3RetryToken>;
  refreshRetryTokenForRetry(token: S3RetryToken, errorInfo: { errorType: 'TRANSIENT' | 'SERVER_ERROR' | 'THROTTLING' | 'CLIENT_ERROR' }): Promise<S3RetryToken>;
  recordSuccess(token: S3RetryToken): void;
}

/** `@smithy/core/retry`: the SDK's retry strategy with a backoff of our choosing. */
export interface S3RetryModule {
  ConfiguredRetryStrategy: new (maxAttempts: number, computeNextBackoffDelay: (attempt: number) => number) => S3RetryStrategy;
}

/** An object's address: `GetObject` and `DeleteObject` input. */
export interface S3ObjectRef {
  Bucket: string;
  Key: string;
}

/** `PutObject` input: the whole body with its length. */
export interface S3PutInput extends S3ObjectRef {
  Body: Buffer;
  ContentLength: number;
}

/** `ListObjectsV2` input. */
export interface S3ListInput {
  Bucket: string;
  Prefix: string;
  ContinuationToken?: string;
}

/** What the store reads of a `GetObject` output. */
export interface S3GetOutput {
  Body?: { transformToByteArray(): Promise<Uint8Array> };
}

/** What the store reads of a `ListObjectsV2` output (one page). */
export interface S3ListOutput {
  Contents?: Array<{ Key?: string; Size?: number; LastModified?: Date }>;
  IsTruncated?: boolean;
  NextContinuationToken?: string;
}

/** A client: `send` answers a command's output (typed by the caller as the command's output above). */
export interface S3ClientLike {
  send(command: object): Promise<unknown>;
  destroy(): void;
}

/**
 * The SDK module's classes the store uses.
 *
 * @example
 * ```ts
 * const sdk = require('@aws-sdk/client-s3') as S3Sdk;
 * ```
 */
export interface S3Sdk {
  S3Client: new (settings: S3ClientSettings) => S3ClientLike;
  PutObjectCommand: new (input: S3PutInput) => object;
  GetObjectCommand: new (input: S3ObjectRef) => object;
  ListObjectsV2Command: new (input: S3ListInput) => object;
  DeleteObjectCommand: new (input: S3ObjectRef) => object;
  /** `ListObjectsV2` page by page (the SDK's paginator follows the continuation tokens). */
  paginateListObjectsV2(config: { client: S3ClientLike }, input: S3ListInput): AsyncIterable<S3ListOutput>;
}
