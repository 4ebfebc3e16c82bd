import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { repoRoot, type CliRun } from './helpers';
import { startS3, type S3Server } from '../store/backends';

let s3: S3Server;
test.before(async () => void (s3 = await startS3()));
test.after(async () => s3.stop());

/** The binary, run without blocking this process (spawnSync would stall the s3rver it talks to). */
function runBinary(argv: string[], options: { env: Record<string, string> }): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'roothaan.js'), ...argv], { cwd: repoRoot, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

test('a command on S3 prints nothing on stderr but its own lines (no AWS SDK Node-version warning)', async () => {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-aws-warning-'));
  const water = path.join(home, 'water.xyz');
  fs.writeFileSync(water, '3\n\nO 0 0 0\nH 0 0 0.96\nH 0.93 0 -0.24\n');
  const env = {
    ROOTHAAN_HOME: home,
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    ROOTHAAN_S3_FORCE_PATH_STYLE: '1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_REGION: 'us-east-1',
  };
  try {
    // A bad name: one line, even though the S3 client was made.
    const bad = await runBinary(['run', water, '--threads', '1', '--name', 'x'.repeat(201)], { env });
    assert.is(bad.code, 1, bad.stderr);
    assert.is(bad.stderr.trim().split('\n').length, 1, bad.stderr);
    const run = await runBinary(['run', water, '--threads', '1'], { env });
    assert.is(run.code, 0, run.stderr);
    assert.not.match(run.stderr, /NodeVersionSupportWarning|AWS SDK/, run.stderr);
    assert.is(run.stderr.trim().split('\n').length, 1, `only the "job … recorded" line: ${run.stderr}`);
    // The SDK still warns when asked to.
    const loud = await runBinary(['run', water, '--threads', '1'], { env: { ...env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'false' } });
    if (Number(process.versions.node.split('.')[0]) < 22) assert.match(loud.stderr, /NodeVersionSupportWarning/);
  } finally {
    fs.rmSync(home, { recursive: true, force: true });
  }
});

test.run();
