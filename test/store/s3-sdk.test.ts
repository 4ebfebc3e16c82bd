import { test } from 'uvu';
import * as assert from 'uvu/assert';
import type * as sdk from '@aws-sdk/client-s3';
import { retryDelayMs } from '../../src/store/s3-object-store';
import type { S3ClientSettings, S3GetOutput, S3ListInput, S3ListOutput, S3ObjectRef, S3PutInput, S3RetryModule, S3Sdk } from '../../src/store/s3-sdk';

// The build keeps the SDK's declarations out (src/store/s3-sdk.ts); `npm run typecheck` compiles
// this file against them, so a drift between the local interfaces and the SDK fails there.
/** Compiles only when T is `true`. */
type Assert<T extends true> = T;
/** True when A is assignable to B. */
type Extends<A, B> = [A] extends [B] ? true : false;
export type Checks = [
  // The module provides what the store takes from it.
  Assert<Extends<typeof sdk, S3Sdk>>,
  // Every input the store builds is one the SDK accepts …
  Assert<Extends<S3ClientSettings, sdk.S3ClientConfig>>,
  Assert<Extends<S3PutInput, sdk.PutObjectCommandInput>>,
  Assert<Extends<S3ObjectRef, sdk.GetObjectCommandInput>>,
  Assert<Extends<S3ObjectRef, sdk.DeleteObjectCommandInput>>,
  Assert<Extends<S3ListInput, sdk.ListObjectsV2CommandInput>>,
  // … and every output the SDK answers has the fields the store reads, with their types.
  Assert<Extends<sdk.GetObjectCommandOutput, S3GetOutput>>,
  Assert<Extends<sdk.ListObjectsV2CommandOutput, S3ListOutput>>,
];

const load = (): S3Sdk => require('@aws-sdk/client-s3') as S3Sdk;

test('the SDK module has the constructors the S3 object store uses', () => {
  const m = load() as unknown as Record<string, unknown>;
  for (const name of ['S3Client', 'PutObjectCommand', 'GetObjectCommand', 'ListObjectsV2Command', 'DeleteObjectCommand', 'paginateListObjectsV2']) {
    assert.type(m[name], 'function', name);
  }
});

test('a command built from the local input type carries that input to the SDK', () => {
  const { PutObjectCommand, ListObjectsV2Command } = load();
  const put: S3PutInput = { Bucket: 'ubcc3', Key: 'a/b.bin', Body: Buffer.from('x'), ContentLength: 1 };
  assert.equal((new PutObjectCommand(put) as { input?: unknown }).input, put);
  const list: S3ListInput = { Bucket: 'ubcc3', Prefix: 'a/', ContinuationToken: 't' };
  assert.equal((new ListObjectsV2Command(list) as { input?: unknown }).input, list);
});

test('a client built from the local settings resolves them as the SDK does', async () => {
  const { S3Client } = load();
  const settings: S3ClientSettings = {
    forcePathStyle: true,
    maxAttempts: 2,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    endpoint: 'http://127.0.0.1:1',
    region: 'eu-west-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'y' },
    requestHandler: { connectionTimeout: 1234, requestTimeout: 5678, throwOnRequestTimeout: true },
    retryStrategy: new (require('@smithy/core/retry') as S3RetryModule).ConfiguredRetryStrategy(2, retryDelayMs),
  };
  type Resolved = { forcePathStyle?: boolean; region(): Promise<string>; maxAttempts(): Promise<number>; retryStrategy(): Promise<unknown>; requestHandler: { configProvider?: Promise<Record<string, unknown>>; config?: Record<string, unknown> } };
  const client = new S3Client(settings) as S3Client & { config: Resolved };
  assert.is(client.config.forcePathStyle, true);
  assert.is(await client.config.region(), 'eu-west-1');
  assert.is(await client.config.maxAttempts(), 2);
  // The SDK keeps our strategy (not its own jittered one) and builds its handler from our timeouts.
  assert.is(await client.config.retryStrategy(), settings.retryStrategy);
  const handler = client.config.requestHandler;
  const handlerConfig = handler.config ?? (await handler.configProvider);
  assert.is(handlerConfig?.connectionTimeout, 1234);
  assert.is(handlerConfig?.requestTimeout, 5678);
  client.destroy();
});

type S3Client = InstanceType<S3Sdk['S3Client']>;

test('a failed S3 request is retried after 0.2, 0.4, 0.8, then 1 s', () => {
  assert.equal([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs), [200, 400, 800, 1000, 1000, 1000, 1000]);
});

test.run();
