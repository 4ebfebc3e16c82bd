/**
 * The command line as a new user meets it (src/cli/main.ts): a command without its subcommand
 * names the subcommands, a mistyped option or command gets a suggestion, `--version` belongs to
 * `roothaan` alone, and colour (src/cli/paint.ts) appears only on a terminal, never with
 * NO_COLOR or --no-color.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { referenceDir, runCli } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-main-'));
const env = { ROOTHAAN_HOME: path.join(tmp, 'home') };
const H2 = path.join(referenceDir, 'geometries', 'h2.xyz');
const TTY = { isTTY: true, columns: 100 };
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[/;

test.after(() => fs.rmSync(tmp, { recursive: true, force: true }));

test('a command without its subcommand names the subcommands', async () => {
  const expected: Record<string, RegExp> = {
    jobs: /list, show, stop or delete/,
    groups: /create, rename, add, remove, list or show/,
    users: /users command to run: show/,
    basis: /roothaan basis list.*roothaan basis show NAME/,
    kernel: /roothaan kernel install.*roothaan kernel show/,
    db: /db command to run: migrate/,
  };
  for (const [command, message] of Object.entries(expected)) {
    const out = await runCli([command], env);
    assert.is(out.code, 1, command);
    assert.match(out.stderr, message, command);
    assert.not.match(out.stderr, /Not enough non-option arguments/, command);
    assert.is(out.stderr.trim().split('\n').length, 1, `${command}: one line`);
  }
});

test('a mistyped option gets "Did you mean", a mistyped subcommand too', async () => {
  const basi = await runCli(['run', H2, '--basi', 'STO-3G'], env);
  assert.is(basi.code, 1);
  assert.match(basi.stderr, /^roothaan: Unknown argument: basi\. Did you mean --basis\?/);
  const iter = await runCli(['run', H2, '--max-iter', '3'], env);
  assert.match(iter.stderr, /Unknown argument: max-iter\. Did you mean --max-iterations\?/);
  assert.not.match(iter.stderr, /maxIter/, 'the camel-case twin is not reported');
  const events = await runCli(['jobs', 'show', '0000', '--event'], env);
  assert.match(events.stderr, /Did you mean --events\?/);
  const far = await runCli(['run', H2, '--zzzzzz'], env);
  assert.match(far.stderr, /^roothaan: Unknown argument: zzzzzz \(see/, 'nothing close, no suggestion');
  const lst = await runCli(['jobs', 'lst'], env);
  assert.match(lst.stderr, /Did you mean list\?/);
});

test('--version belongs to roothaan alone: not in any subcommand help, refused after a command', async () => {
  const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version: string };
  // yargs prints help and the version through console.log; catch them there.
  const logged: string[] = [];
  const log = console.log;
  console.log = (...a: unknown[]) => void logged.push(a.join(' '));
  try {
    const top = await runCli(['--version'], env);
    assert.is(top.code, 0);
    assert.equal(logged, [version], "roothaan's version, even inside the test runner");
    logged.length = 0;
    await runCli(['--help'], env);
    assert.match(logged.join('\n'), /--version/, 'the top-level help shows it');
    for (const argv of [['run', '--help'], ['jobs', '--help'], ['jobs', 'list', '--help'], ['groups', 'add', '--help']]) {
      logged.length = 0;
      await runCli(argv, env);
      assert.match(logged.join('\n'), /--help/, argv.join(' '));
      assert.not.match(logged.join('\n'), /--version/, argv.join(' '));
    }
  } finally {
    console.log = log;
  }
  const after = await runCli(['jobs', 'list', '--version'], env);
  assert.is(after.code, 1);
  assert.match(after.stderr, /Unknown argument: version/);
});

test('colour only on a terminal, and never with NO_COLOR or --no-color', async () => {
  const argv = ['run', H2, '--no-store', '--threads', '1'];
  const piped = await runCli(argv, env);
  assert.is(piped.code, 0, piped.stderr);
  assert.not.match(piped.stdout, ESCAPE, 'piped');
  const tty = await runCli(argv, env, TTY);
  assert.match(tty.stdout, ESCAPE, 'on a terminal');
  assert.match(tty.stdout, /\x1b\[32mconverged in \d+ iterations\x1b\[39m/, 'the status in green'); // eslint-disable-line no-control-regex
  /** A run that worked (so that an absence of escape codes means something) and its output. */
  const worked = async (args: string[], e: Record<string, string>, terminal?: typeof TTY): Promise<string> => {
    const out = await runCli(args, e, terminal);
    assert.is(out.code, 0, out.stderr);
    assert.match(out.stdout, /converged in \d+ iterations/);
    return out.stdout;
  };
  assert.not.match(await worked(argv, { ...env, NO_COLOR: '1' }, TTY), ESCAPE, 'NO_COLOR');
  assert.match(await worked(argv, { ...env, NO_COLOR: '' }, TTY), ESCAPE, 'an empty NO_COLOR does not count (no-color.org)');
  assert.not.match(await worked([...argv, '--no-color'], env, TTY), ESCAPE, '--no-color');
  assert.match(await worked([...argv, '--color'], env), ESCAPE, '--color even when piped');
  // Errors: the 'roothaan:' prefix in red on a terminal, plain otherwise.
  const bad = await runCli(['run', path.join(tmp, 'missing.xyz'), '--no-store'], env, TTY);
  assert.is(bad.code, 1);
  assert.match(bad.stderr, /^\x1b\[31mroothaan:\x1b\[39m /); // eslint-disable-line no-control-regex
  const plainBad = await runCli(['run', path.join(tmp, 'missing.xyz'), '--no-store', '--no-color'], env, TTY);
  assert.match(plainBad.stderr, /^roothaan: /);
  assert.not.match(plainBad.stderr, ESCAPE);
});

test.run();
