/**
 * Rules of the store's shape that a test must keep from rotting: only `lifecycle.ts` writes a
 * job's status, attempt and lease, and the checkpoint writer thread loads no SCF.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import ts from 'typescript';

const STORE = path.resolve(__dirname, '../../src/store');
const LIFECYCLE = path.join(STORE, 'lifecycle.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/** A write found in a source file: where, the call, and the lifecycle columns it sets (or why it cannot be checked). */
interface Write {
  line: number;
  text: string;
  columns: string[];
}

const WRITES = new Set(['update', 'insert', 'merge', 'upsert', 'increment', 'decrement']);
const LIFECYCLE_COLUMN = /^(status|attempt|lease_\w+)$/;

/** Whether a call chain starts at the `jobs` table: `tables.jobs(db)`, `db('jobs')`, `db.table|into|from('jobs')`. */
function onJobsTable(node: ts.Expression): boolean {
  for (let e: ts.Expression = node; ; ) {
    if (ts.isCallExpression(e)) {
      const callee = e.expression;
      const first = e.arguments[0];
      if (ts.isPropertyAccessExpression(callee) && callee.name.text === 'jobs' && ts.isIdentifier(callee.expression) && callee.expression.text === 'tables') return true;
      const named = ts.isIdentifier(callee) || (ts.isPropertyAccessExpression(callee) && ['table', 'into', 'from'].includes(callee.name.text));
      if (named && first !== undefined && ts.isStringLiteralLike(first) && first.text === 'jobs') return true;
      e = callee;
    } else if (ts.isPropertyAccessExpression(e) || ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e)) {
      e = e.expression;
    } else {
      return false;
    }
  }
}

/** The lifecycle columns an argument sets; a value that cannot be read statically counts as `<unchecked …>`. */
function columnsOf(arg: ts.Expression | undefined, source: ts.SourceFile): string[] {
  if (arg === undefined) return [];
  if (ts.isArrayLiteralExpression(arg)) return arg.elements.flatMap((e) => columnsOf(e as ts.Expression, source));
  if (ts.isObjectLiteralExpression(arg)) {
    return arg.properties.flatMap((p) => {
      if (ts.isSpreadAssignment(p)) return [`<unchecked spread ${p.expression.getText(source)}>`];
      const name = p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name)) ? p.name.text : `<unchecked key ${p.getText(source)}>`;
      return LIFECYCLE_COLUMN.test(name) || name.startsWith('<') ? [name] : [];
    });
  }
  if (ts.isStringLiteralLike(arg)) return LIFECYCLE_COLUMN.test(arg.text) ? [arg.text] : []; // increment('attempt')
  return [`<unchecked ${arg.getText(source)}>`];
}

/** Every write to the `jobs` table that sets (or may set) status, attempt or a lease column, and every raw SQL update of `jobs`. */
function lifecycleWrites(file: string, text = fs.readFileSync(file, 'utf8')): Write[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: Write[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && WRITES.has(node.expression.name.text) && onJobsTable(node.expression.expression)) {
      const columns = node.arguments.flatMap((a) => columnsOf(a, source));
      if (columns.length > 0) out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText(source).slice(0, 80), columns });
    }
    if ((ts.isStringLiteralLike(node) || ts.isTemplateExpression(node)) && /\b(update\s+"?jobs"?\s+set|insert\s+into\s+"?jobs\b)|\b(attempt|status|lease_\w+)\s*(\+|=)/i.test(node.getText(source))) {
      out.push({ line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, text: node.getText(source).slice(0, 80), columns: ['<raw SQL>'] });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

test('only lifecycle.ts writes jobs.status, jobs.attempt and the lease columns', () => {
  const files = sources(STORE);
  assert.ok(files.length >= 25 && files.includes(path.join(STORE, 'sink', 'thread.ts')), `the store's sources: ${files.length}`);
  const outside = files.filter((f) => f !== LIFECYCLE).flatMap((f) => lifecycleWrites(f).map((w) => `${path.relative(STORE, f)}:${w.line} ${w.text} [${w.columns.join(', ')}]`));
  assert.equal(outside, [], 'lifecycle writes outside lifecycle.ts');
});

test('the rule is not vacuous: lifecycle.ts holds every transition, and the detector catches each form of write', () => {
  const inside = lifecycleWrites(LIFECYCLE);
  const columns = new Set(inside.flatMap((w) => w.columns));
  for (const c of ['status', 'attempt', 'lease_expires_at', '<raw SQL>']) assert.ok(columns.has(c), `lifecycle.ts writes ${c}`);
  // submit (insert + its claim), claim, claimNext, fence, finish, stop
  assert.ok(inside.filter((w) => w.columns.includes('status')).length >= 6, inside.map((w) => w.text).join('\n'));
  const caught = lifecycleWrites('violations.ts', [
    'export async function f(): Promise<void> {',
    "await trx('jobs').where({ id }).update({ status: 'done' });",
    'await tables.jobs(knex).where({ id }).update({ ...values });',
    "await knex.into('jobs').insert(rows);",
    "await tables.jobs(knex).increment('attempt');",
    "await knex.raw('update jobs set attempt = 2');",
    "await (tables.jobs(knex).where({ id }) as any).update({ lease_owner: null });",
    '}',
  ].join('\n'));
  assert.equal(caught.map((w) => w.line), [2, 3, 4, 5, 6, 7], JSON.stringify(caught));
  const benign = lifecycleWrites('benign.ts', [
    'export async function f(): Promise<void> {',
    "await tables.jobs(knex).where({ id }).update({ geometry_sha256: 'x' });",
    "await trx('checkpoints').insert({ job_id, attempt: 1 });",
    'await tables.events(trx).insert(eventValues(jobId, attempt, e));',
    "await tables.jobs(knex).where({ status: 'running' }).first();",
    '}',
  ].join('\n'));
  assert.equal(benign, []);
});

/** The modules a file loads at run time, following relative imports (type-only imports load nothing). */
function runtimeImports(file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  for (const s of source.statements) {
    if (!ts.isImportDeclaration(s) && !ts.isExportDeclaration(s)) continue;
    if (ts.isImportDeclaration(s) ? s.importClause?.isTypeOnly === true : s.isTypeOnly) continue;
    const spec = s.moduleSpecifier;
    if (spec === undefined || !ts.isStringLiteral(spec) || !spec.text.startsWith('.')) continue;
    const base = path.resolve(path.dirname(file), spec.text);
    const target = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (target !== undefined) runtimeImports(target, seen);
  }
  return seen;
}

test('the checkpoint writer thread loads only the light parts of the store: no SCF, integrals, basis or geometry', () => {
  const loaded = [...runtimeImports(path.join(STORE, 'sink', 'thread.ts'))].map((f) => path.relative(path.resolve(STORE, '..'), f));
  assert.ok(loaded.includes(path.join('store', 'lifecycle.ts')), 'the thread runs the lifecycle');
  const heavy = loaded.filter((f) => /^(scf|basis|geometry|notebook|cli)\//.test(f) || (f.startsWith('integrals/') && f !== 'integrals/packed-layout.ts'));
  assert.equal(heavy, []);
});

test.run();
