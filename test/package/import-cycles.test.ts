import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseCircular, parseDependencyTree } from 'dpdm';

// Dependencies point one way (README, Design): no module of src/ may import itself back through
// a chain of imports, type-only imports included. dpdm reads every file of src/ as an entry, so a
// cycle between files that no entry point reaches is found too.
const root = path.resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path.relative(root, full)] : [];
  });
}

async function cyclesOf(entries: string[], context = root): Promise<string[][]> {
  const cwd = process.cwd();
  process.chdir(context);
  try {
    const tree = await parseDependencyTree(entries, { context, transform: false, skipDynamicImports: false });
    return parseCircular(tree);
  } finally {
    process.chdir(cwd);
  }
}

test('no file in src/ is part of an import cycle, type-only imports included', async () => {
  const files = sourceFiles(path.join(root, 'src'));
  assert.ok(files.length > 100, `found ${files.length} source files`);
  const cycles = await cyclesOf(files);
  assert.equal(cycles.map((c) => c.join(' -> ')), []);
});

test('the cycle check finds a cycle made of type-only imports', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roothaan-cycle-check-'));
  try {
    fs.writeFileSync(path.join(dir, 'a.ts'), "import type { B } from './b';\nexport interface A { b?: B }\n");
    fs.writeFileSync(path.join(dir, 'b.ts'), "import type { A } from './a';\nexport interface B { a?: A }\n");
    const cycles = await cyclesOf(['a.ts'], dir);
    assert.is(cycles.length, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test.run();
