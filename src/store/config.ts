import * as os from 'node:os';
import * as path from 'node:path';
import { InvalidInputError } from '../errors';
import { SSO_PROVIDERS, type SkippedRow, type SsoProvider } from './tables';

/** S3 settings. Endpoint, region and credentials fall back to the AWS SDK's standard configuration. */
export interface S3Config {
  /** Bucket name (default `ubcc3`, or `ROOTHAAN_S3_BUCKET`). */
  bucket?: string;
  /** Endpoint URL, e.g. `http://127.0.0.1:4568` (default: the SDK's, e.g. `AWS_ENDPOINT_URL_S3`). */
  endpoint?: string;
  /** Region (default: the SDK's, e.g. `AWS_REGION`; `us-east-1` when none is configured). */
  region?: string;
  /** Path-style addressing for local servers (default: `ROOTHAAN_S3_FORCE_PATH_STYLE=1`). */
  forcePathStyle?: boolean;
  /** Explicit credentials (default: the SDK's provider chain: env keys, profiles, …). */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request before an error, with backoff between them (default 8, or `ROOTHAAN_S3_MAX_ATTEMPTS`; see `s3-object-store.ts`). */
  maxAttempts?: number;
  /** Milliseconds to open a connection before the attempt fails (default 5000, or `ROOTHAAN_S3_CONNECT_TIMEOUT_MS`). */
  connectTimeoutMs?: number;
  /** Milliseconds a request and its response may take before the attempt fails (default 30000, or `ROOTHAAN_S3_REQUEST_TIMEOUT_MS`). */
  requestTimeoutMs?: number;
}

/**
 * What {@link open} connects to. Every field is optional; missing ones come from the
 * environment ({@link resolveStoreConfig}). An explicit field always wins over the environment.
 */
export interface StoreConfig {
  /** Data directory for the embedded SQLite file and the directory object store (default `./.roothaan`, or `ROOTHAAN_HOME`). */
  home?: string;
  /** PostgreSQL URL (`postgres://…`); default `DATABASE_URL`; without one, SQLite under `home`. */
  databaseUrl?: string;
  /** SQLite file (default `<home>/roothaan.sqlite`); ignored with a `databaseUrl`. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created if missing; default `public`, or `ROOTHAAN_DB_SCHEMA`). */
  schema?: string;
  /** Object store: `'directory'` (default `<home>/objects`) or `'s3'`; default by the rule in {@link resolveStoreConfig}. */
  objects?: 'directory' | 's3';
  /** Directory of the directory object store (default `<home>/objects`). */
  objectsDirectory?: string;
  /** S3 settings, when `objects` is `'s3'`. */
  s3?: S3Config;
  /** The current user (an email address); default `ROOTHAAN_USER`, `JUPYTERHUB_USER`, then `<login>@localhost`. */
  user?: string;
  /** How the user signed in: `google`, `UBC` or `local` (default `ROOTHAAN_SSO`, else `local`). */
  sso?: SsoProvider;
  /** Apply pending migrations on open (default true); false refuses a database that needs them. */
  migrate?: boolean;
  /** Milliseconds to wait for a database connection before giving up (default 5000, or `ROOTHAAN_DB_CONNECT_TIMEOUT_MS`). */
  connectTimeoutMs?: number;
  /** Milliseconds a PostgreSQL statement may take (server `statement_timeout`, client `query_timeout`; default 30000, or `ROOTHAAN_DB_QUERY_TIMEOUT_MS`). */
  queryTimeoutMs?: number;
  /** Seconds a run keeps retrying a write whose database connection failed, with backoff (default 15, or `ROOTHAAN_DB_RETRY_SECONDS`; 0 = never). */
  dbRetrySeconds?: number;
  /** Lease length in seconds for running jobs (default 120, or `ROOTHAAN_LEASE_SECONDS`). */
  leaseSeconds?: number;
  /** Record a login when opening (default true). */
  recordLogin?: boolean;
  /** Told of each row a listing skips because it cannot be read (default: one line on stderr). Not part of the resolved configuration. */
  onSkippedRow?: (row: SkippedRow) => void;
}

/** A {@link StoreConfig} with every choice made. */
export interface ResolvedStoreConfig {
  home: string;
  database: { client: 'sqlite'; file: string } | { client: 'pg'; url: string; schema: string };
  objects: { kind: 'directory'; directory: string } | { kind: 's3'; s3: Required<Pick<S3Config, 'bucket' | 'forcePathStyle' | 'maxAttempts' | 'connectTimeoutMs' | 'requestTimeoutMs'>> & S3Config };
  user: string;
  /**
   * Where `user` came from. On a PostgreSQL store with row-level security the database role
   * decides who you are (`db-identity.ts`): a `config` or `ROOTHAAN_USER` name that disagrees
   * is refused, a `JUPYTERHUB_USER` or login name is replaced.
   */
  userFrom: 'config' | 'ROOTHAAN_USER' | 'JUPYTERHUB_USER' | 'login';
  sso: SsoProvider;
  migrate: boolean;
  connectTimeoutMs: number;
  queryTimeoutMs: number;
  dbRetrySeconds: number;
  leaseSeconds: number;
  recordLogin: boolean;
}

/**
 * Resolves a store configuration against the environment (each field's default is in
 * {@link StoreConfig}). Objects go to S3 when `config.objects` is `'s3'`, or (unset) when
 * `config.s3`, `ROOTHAAN_S3_BUCKET` or `AWS_ENDPOINT_URL_S3` is given; else to `<home>/objects`.
 *
 * @example
 * ```ts
 * resolveStoreConfig({}, {}).database; // { client: 'sqlite', file: '<cwd>/.roothaan/roothaan.sqlite' }
 * resolveStoreConfig({}, { DATABASE_URL: 'postgres://db/x' }).database.client; // 'pg'
 * ```
 */
export function resolveStoreConfig(
  config: StoreConfig = {},
  env: Readonly<Record<string, string | undefined>> = process.env,
): ResolvedStoreConfig {
  const nonEmpty = (v: string | undefined): string | undefined => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
  const home = path.resolve(config.home ?? nonEmpty(env.ROOTHAAN_HOME) ?? '.roothaan');
  const url = config.databaseUrl ?? nonEmpty(env.DATABASE_URL);
  let database: ResolvedStoreConfig['database'];
  if (url !== undefined) {
    if (!/^postgres(ql)?:\/\//i.test(url)) {
      throw new InvalidInputError(`DATABASE_URL must be a PostgreSQL URL (postgres://user@host:5432/db), got '${redactUrl(url)}'`, {
        field: 'databaseUrl',
      });
    }
    const schema = config.schema ?? nonEmpty(env.ROOTHAAN_DB_SCHEMA) ?? 'public';
    if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) {
      throw new InvalidInputError(`the schema name '${schema}' must be lower-case letters, digits and _`, { field: 'schema' });
    }
    database = { client: 'pg', url, schema };
  } else {
    database = { client: 'sqlite', file: path.resolve(config.sqliteFile ?? path.join(home, 'roothaan.sqlite')) };
  }

  const envBucket = nonEmpty(env.ROOTHAAN_S3_BUCKET);
  const wantS3 = config.objects === 's3' || (config.objects === undefined && (config.s3 !== undefined || envBucket !== undefined || nonEmpty(env.AWS_ENDPOINT_URL_S3) !== undefined));
  let objects: ResolvedStoreConfig['objects'];
  if (wantS3) {
    const s3 = config.s3 ?? {};
    const endpoint = s3.endpoint ?? nonEmpty(env.AWS_ENDPOINT_URL_S3);
    const region = s3.region ?? nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
    // Keys given in this environment are used as given; otherwise the SDK's provider chain (profiles, roles, …) applies.
    const keyId = nonEmpty(env.AWS_ACCESS_KEY_ID), secret = nonEmpty(env.AWS_SECRET_ACCESS_KEY), token = nonEmpty(env.AWS_SESSION_TOKEN);
    const credentials = s3.credentials ?? (keyId !== undefined && secret !== undefined ? { accessKeyId: keyId, secretAccessKey: secret, ...(token !== undefined ? { sessionToken: token } : {}) } : undefined);
    objects = {
      kind: 's3',
      s3: {
        ...s3,
        bucket: s3.bucket ?? envBucket ?? 'ubcc3',
        forcePathStyle: s3.forcePathStyle ?? env.ROOTHAAN_S3_FORCE_PATH_STYLE === '1',
        maxAttempts: s3.maxAttempts ?? envCount(env, 'ROOTHAAN_S3_MAX_ATTEMPTS', 1) ?? 8,
        connectTimeoutMs: s3.connectTimeoutMs ?? envCount(env, 'ROOTHAAN_S3_CONNECT_TIMEOUT_MS', 1) ?? 5000,
        requestTimeoutMs: s3.requestTimeoutMs ?? envCount(env, 'ROOTHAAN_S3_REQUEST_TIMEOUT_MS', 1) ?? 30_000,
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(region !== undefined ? { region } : {}),
        ...(credentials !== undefined ? { credentials } : {}),
      },
    };
  } else {
    objects = { kind: 'directory', directory: path.resolve(config.objectsDirectory ?? path.join(home, 'objects')) };
  }

  const user = config.user ?? nonEmpty(env.ROOTHAAN_USER) ?? nonEmpty(env.JUPYTERHUB_USER) ?? localUser();
  const userFrom: ResolvedStoreConfig['userFrom'] =
    config.user !== undefined ? 'config' : nonEmpty(env.ROOTHAAN_USER) !== undefined ? 'ROOTHAAN_USER' : nonEmpty(env.JUPYTERHUB_USER) !== undefined ? 'JUPYTERHUB_USER' : 'login';
  if (user.length > 320 || !/^[^\s@]+(@[^\s@]+)?$/.test(user)) {
    throw new InvalidInputError(`the user name '${user}' must be an email address (no spaces)`, { field: 'user' });
  }
  const ssoText = config.sso ?? nonEmpty(env.ROOTHAAN_SSO) ?? 'local';
  if (!(SSO_PROVIDERS as readonly string[]).includes(ssoText)) {
    throw new InvalidInputError(`sso must be one of ${SSO_PROVIDERS.join(', ')}, got '${ssoText}'`, { field: 'sso' });
  }
  const leaseText = env.ROOTHAAN_LEASE_SECONDS;
  const leaseSeconds = config.leaseSeconds ?? (leaseText !== undefined && leaseText !== '' ? Number(leaseText) : 120);
  if (!(Number.isFinite(leaseSeconds) && leaseSeconds >= 1)) {
    throw new InvalidInputError(`the lease must be at least 1 second, got ${leaseText ?? leaseSeconds}`, { field: 'leaseSeconds' });
  }
  return {
    home,
    database,
    objects,
    user: user.includes('@') ? user : `${user}@localhost`,
    userFrom,
    sso: ssoText as SsoProvider,
    migrate: config.migrate ?? true,
    connectTimeoutMs: config.connectTimeoutMs ?? envCount(env, 'ROOTHAAN_DB_CONNECT_TIMEOUT_MS', 1) ?? 5000,
    queryTimeoutMs: config.queryTimeoutMs ?? envCount(env, 'ROOTHAAN_DB_QUERY_TIMEOUT_MS', 1) ?? 30_000,
    dbRetrySeconds: config.dbRetrySeconds ?? envCount(env, 'ROOTHAAN_DB_RETRY_SECONDS', 0) ?? 15,
    leaseSeconds,
    recordLogin: config.recordLogin ?? true,
  };
}

/** An environment variable holding a whole number of at least `min` (undefined when unset or empty). */
function envCount(env: Readonly<Record<string, string | undefined>>, name: string, min: number): number | undefined {
  const text = env[name]?.trim();
  if (text === undefined || text === '') return undefined;
  const n = Number(text);
  if (!(Number.isInteger(n) && n >= min)) throw new InvalidInputError(`must be a whole number of at least ${min}, got '${text}'`, { field: name });
  return n;
}

function localUser(): string {
  let name = 'user';
  try {
    name = os.userInfo().username || name;
  } catch {
    // no passwd entry (some containers): keep the fallback
  }
  return `${name.replace(/[\s@]/g, '_')}@localhost`;
}

/**
 * A URL with its password replaced by `***`, for messages.
 *
 * @example
 * ```ts
 * redactUrl('postgres://u:secret@db:5432/x'); // 'postgres://u:***@db:5432/x'
 * ```
 */
export function redactUrl(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@]*):[^@/]*@/i, '$1:***@');
}
