/**
 * The configurations every store test runs on: {SQLite, PostgreSQL} × {directory, S3}.
 * PostgreSQL is TEST_DATABASE_URL || DATABASE_URL || postgres://postgres@127.0.0.1:5432/test, in
 * a fresh schema per backend (dropped at the end, so the suite can run again). S3 is an s3rver
 * on a loopback port, started here and stopped at the end. Under CI=true an unreachable
 * PostgreSQL fails the tests; elsewhere it is skipped with a warning.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import knexFactory from 'knex';
import * as store from '../../src/store';
import type { StoreConfig } from '../../src/store';

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
  httpServer?: { closeAllConnections?: () => void };
}
type S3rverCtor = new (options: Record<string, unknown>) => S3rverInstance;
// s3rver ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const S3rver = require('s3rver') as S3rverCtor;

export const PG_URL = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** A running s3rver. */
export interface S3Server {
  endpoint: string;
  port: number;
  directory: string;
  stop(): Promise<void>;
}

/** Starts s3rver on a loopback port with the bucket `ubcc3` (or the one given). */
export async function startS3(port = 0, directory = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-s3-'))): Promise<S3Server> {
  const server = new S3rver({ port, address: '127.0.0.1', silent: true, directory, configureBuckets: [{ name: 'ubcc3' }] });
  const address = await server.run();
  return {
    endpoint: `http://127.0.0.1:${address.port}`,
    port: address.port,
    directory,
    async stop() {
      server.httpServer?.closeAllConnections?.();
      await server.close().catch(() => undefined);
    },
  };
}

/** S3 settings for an s3rver (its fixed credentials). */
export function s3Config(endpoint: string): NonNullable<StoreConfig['s3']> {
  return {
    bucket: 'ubcc3',
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    maxAttempts: 1,
  };
}

/** Whether PostgreSQL answers (fails the run under CI=true when it does not). */
export async function postgresAvailable(): Promise<boolean> {
  const knex = knexFactory({ client: 'pg', connection: { connectionString: PG_URL, connectionTimeoutMillis: 3000 }, pool: { min: 0, max: 1 } });
  try {
    await knex.raw('select 1');
    return true;
  } catch (err) {
    if (process.env.CI === 'true') throw new Error(`PostgreSQL at ${PG_URL} is required under CI=true: ${(err as Error).message}`);
    console.warn(`[store tests] PostgreSQL at ${PG_URL} unreachable: PostgreSQL backends skipped (${(err as Error).message})`);
    return false;
  } finally {
    await knex.destroy();
  }
}

/** One configuration of the store for tests. */
export interface Backend {
  name: string;
  database: 'sqlite' | 'pg';
  objects: 'directory' | 's3';
  /** A config for a given user (same database and objects). */
  config(user?: string): StoreConfig;
  /** Drops the PostgreSQL schema / removes the temp directory. */
  cleanup(): Promise<void>;
}

/** A PostgreSQL schema name unique to this run. */
export function uniqueSchema(tag: string): string {
  return `rt_${tag}_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
}

/** Drops a test schema. */
export async function dropSchema(schema: string): Promise<void> {
  const knex = knexFactory({ client: 'pg', connection: PG_URL, pool: { min: 0, max: 1 } });
  try {
    await knex.raw(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await knex.destroy();
  }
}

/** Makes one backend: a temp home, plus a PostgreSQL schema or an S3 endpoint as asked. */
export function makeBackend(database: 'sqlite' | 'pg', objects: 'directory' | 's3', s3Endpoint: string | undefined, tag: string): Backend {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), `roothaan-store-${tag}-`));
  const schema = uniqueSchema(tag);
  return {
    name: `${database}+${objects}`,
    database,
    objects,
    config(user = 'alice@example.org') {
      return {
        home,
        user,
        ...(database === 'pg' ? { databaseUrl: PG_URL, schema } : {}),
        ...(objects === 's3' ? { objects: 's3' as const, s3: s3Config(s3Endpoint!) } : { objects: 'directory' as const }),
        connectTimeoutMs: 3000,
      };
    },
    async cleanup() {
      if (database === 'pg') await dropSchema(schema);
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Every backend: SQLite and PostgreSQL (when reachable, always under CI) × directory and S3. */
export async function allBackends(tag: string, s3Endpoint: string): Promise<Backend[]> {
  const dbs: Array<'sqlite' | 'pg'> = (await postgresAvailable()) ? ['sqlite', 'pg'] : ['sqlite'];
  const out: Backend[] = [];
  for (const d of dbs) for (const o of ['directory', 's3'] as const) out.push(makeBackend(d, o, s3Endpoint, tag));
  return out;
}

/** The reference geometries (test/reference/geometries). */
export const GEOMETRY_DIR = path.resolve(__dirname, '../reference/geometries');

/** A reference geometry's text. */
export function geometryText(name: string): string {
  return fs.readFileSync(path.join(GEOMETRY_DIR, name), 'utf8');
}

const opened = new Set<store.Store>();

/**
 * Opens a store and remembers it, so {@link closeStores} can close it even after a failed
 * assertion. The environment defaults to an empty one, so a DATABASE_URL or S3 setting of the
 * machine running the tests cannot change a backend's configuration.
 */
export async function openStore(config: StoreConfig, env: Readonly<Record<string, string | undefined>> = {}): Promise<store.Store> {
  const s = await store.open(config, env);
  opened.add(s);
  return s;
}

/** Closes every store {@link openStore} opened (closing twice is harmless). */
export async function closeStores(): Promise<void> {
  for (const s of opened) await s.close().catch(() => undefined);
  opened.clear();
}

/** The environment that selects a backend the way users do (no config object), for CLI tests. */
export function cliEnv(b: Backend, user = 'alice@example.org'): Record<string, string | undefined> {
  const c = b.config(user);
  return {
    ROOTHAAN_HOME: c.home,
    ROOTHAAN_USER: user,
    ...(c.databaseUrl !== undefined ? { DATABASE_URL: c.databaseUrl, ROOTHAAN_DB_SCHEMA: c.schema } : {}),
    ...(c.objects === 's3'
      ? { AWS_ENDPOINT_URL_S3: c.s3!.endpoint, ROOTHAAN_S3_FORCE_PATH_STYLE: '1', AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1' }
      : {}),
  };
}

/**
 * Every backend as {@link allBackends}, each S3 one on its own s3rver, for tests that look at the
 * whole object store (`db check`, `db gc`): the backends then share no bucket. Stop the servers
 * returned at the end.
 */
export async function isolatedBackends(tag: string): Promise<{ backends: Backend[]; servers: S3Server[] }> {
  const dbs: Array<'sqlite' | 'pg'> = (await postgresAvailable()) ? ['sqlite', 'pg'] : ['sqlite'];
  const backends: Backend[] = [];
  const servers: S3Server[] = [];
  for (const d of dbs) {
    const server = await startS3();
    servers.push(server);
    for (const o of ['directory', 's3'] as const) backends.push(makeBackend(d, o, server.endpoint, tag));
  }
  return { backends, servers };
}
