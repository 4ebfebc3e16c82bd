import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import type * as TS from 'typescript';

/*
 * Every ```ts block of README.md and of the TSDoc comments in src/ type-checks as a tslab cell
 * would: with tslab's own TypeScript (@tslab/typescript-for-tslab, the fork its converter
 * loads) and the compiler options its converter sets (node_modules/tslab/dist/converter.js,
 * createConverter): module ESNext with Node10 resolution (tslab transpiles the checked output to
 * CommonJS afterwards, without types), esModuleInterop, target/lib ES2022 (Node ≥ 18),
 * declaration true, no `strict` (so strictNullChecks is off), experimentalDecorators,
 * resolveJsonModule, allowJs/checkJs, skipLibCheck. `import … from 'roothaan'` is mapped to
 * src/index.ts through `paths`.
 *
 * Examples are fragments: each is checked as its own file with a prelude that imports the
 * package's namespaces, the names its own module exports (an example in src/scf uses
 * `prepareCalculation` unqualified), and declares the free names examples use (`water`,
 * `prepared`, `D`, …) with their real types. Only names the example uses and does not declare
 * itself are added. A diagnostic fails the test with the block's file and line.
 */

const root = path.resolve(__dirname, '..', '..');
const requireFromRoot = createRequire(path.join(root, 'package.json'));
const ts = requireFromRoot('@tslab/typescript-for-tslab') as typeof TS;

/** tslab's converter options (createConverter in tslab/dist/converter.js), for Node ≥ 18. */
const tslabOptions: TS.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Node10,
  esModuleInterop: true,
  target: ts.ScriptTarget.ES2022,
  lib: ['lib.es2022.d.ts'],
  declaration: true,
  newLine: ts.NewLineKind.LineFeed,
  noImplicitUseStrict: true,
  experimentalDecorators: true,
  resolveJsonModule: true,
  jsx: ts.JsxEmit.React,
  allowJs: true,
  checkJs: true,
  disableTopLevelAwait: true,
  skipLibCheck: true,
  rootDir: root,
  outDir: path.join(root, 'outDir'),
};

interface Block {
  /** Where the block starts: file (relative) and 1-based line of its first code line. */
  readonly file: string;
  readonly line: number;
  readonly code: string;
  /** The module whose exports are in scope unqualified (src/<module>/index.ts), if any. */
  readonly moduleIndex?: string;
  /** The source file the example documents: its exports are in scope too (internal helpers' examples). */
  readonly sourceFile?: string;
}

function fences(lines: readonly string[], file: string, firstLine: number, moduleIndex?: string, sourceFile?: string): Block[] {
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^\s*```ts\s*$/.test(lines[i]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !/^\s*```\s*$/.test(lines[end]!)) end++;
    blocks.push({
      file,
      line: firstLine + start,
      code: lines.slice(start, end).join('\n'),
      ...(moduleIndex !== undefined ? { moduleIndex } : {}),
      ...(sourceFile !== undefined ? { sourceFile } : {}),
    });
    i = end;
  }
  return blocks;
}

function readmeBlocks(): Block[] {
  return fences(fs.readFileSync(path.join(root, 'README.md'), 'utf8').split('\n'), 'README.md', 1);
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === 'generated' ? [] : sourceFiles(full);
    return d.name.endsWith('.ts') && !d.name.endsWith('.d.ts') ? [full] : [];
  });
}

const SKIPPED_DIRS: string[] = [];

function docBlocks(): Block[] {
  const blocks: Block[] = [];
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const rel = path.relative(root, file).split(path.sep).join('/');
    if (SKIPPED_DIRS.some((d) => rel.startsWith(d))) continue;
    const parts = rel.split('/');
    const moduleIndex = parts.length > 2 && fs.existsSync(path.join(root, 'src', parts[1]!, 'index.ts')) ? path.join(root, 'src', parts[1]!, 'index.ts') : undefined;
    const text = fs.readFileSync(file, 'utf8');
    const re = /\/\*\*[\s\S]*?\*\//g;
    for (let m = re.exec(text); m !== null; m = re.exec(text)) {
      const firstLine = text.slice(0, m.index).split('\n').length - 1;
      const lines = m[0].split('\n').map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').replace(/\s*\*\/$/, ''));
      blocks.push(...fences(lines, rel, firstLine + 1, moduleIndex, file));
    }
  }
  return blocks;
}

/** Free names examples use, with their real types (`R.` is the package). */
const FREE_NAMES: Record<string, string> = {
  water: 'R.geometry.Molecule',
  mol: 'R.geometry.Molecule',
  molecule: 'R.geometry.Molecule',
  problem: 'R.scf.ScfProblem',
  prepared: 'R.scf.PreparedCalculation',
  basisSet: 'R.basis.BasisSet',
  result: 'R.scf.ScfResult',
  records: 'R.scf.ScfIteration[]',
  record: 'R.scf.ScfIteration',
  previousRecord: 'R.scf.ScfIteration',
  r1: 'R.scf.ScfIteration',
  r2: 'R.scf.ScfIteration',
  r3: 'R.scf.ScfIteration',
  controls: 'R.scf.ScfControls',
  diis: 'R.scf.DiisState',
  D: 'R.linalg.Matrix',
  F: 'R.linalg.Matrix',
  S: 'R.linalg.Matrix',
  H: 'R.linalg.Matrix',
  X: 'R.linalg.Matrix',
  C: 'R.linalg.Matrix',
  A: 'R.linalg.Matrix',
  B: 'R.linalg.Matrix',
  e: 'R.linalg.Matrix',
  i: 'number',
  j: 'number',
  k: 'number',
  l: 'number',
  J: 'R.linalg.Matrix',
  K: 'R.linalg.Matrix',
  Ja: 'R.linalg.Matrix',
  Jb: 'R.linalg.Matrix',
  Ka: 'R.linalg.Matrix',
  Kb: 'R.linalg.Matrix',
  Da: 'R.linalg.Matrix',
  Db: 'R.linalg.Matrix',
  Dspin: 'R.linalg.Matrix',
  nbf: 'number',
  functionAtom: 'Int32Array',
  jk: 'R.integrals.JKBuilder',
  engine: 'R.integrals.EriEngine',
  schwarz: 'Float64Array',
  ntasks: 'number',
  sab: 'SharedArrayBuffer',
  history: 'R.scf.ScfIterationSummary[]',
  text: 'string',
  xyz: 'string',
  sdfText: 'string',
  where: 'R.errors.ErrorLocation',
  load: 'typeof R.basis.load',
  toArray: 'typeof R.linalg.toArray',
  fromArray: 'typeof R.linalg.fromArray',
  figure: 'R.notebook.PlotlyFigure',
  s: 'R.store.Store',
  id: 'string',
  job: "R.notebook.JobReportData['job']",
  events: "R.notebook.JobReportData['events']",
  input: 'R.store.JobInput',
  inputs: 'R.store.JobInput[]',
  h2: 'string',
  dimer: 'R.geometry.Molecule',
  atoms: 'R.geometry.Atom[]',
  Dsad: 'R.linalg.Matrix',
  Dcore: 'R.linalg.Matrix',
};

/** Free names that mean something else in one file's examples. */
const FILE_FREE_NAMES: Record<string, Record<string, string>> = {
  'src/scf/start-checks.ts': { storedS: 'R.linalg.Matrix' },
  'src/notebook/convergence-figure.ts': { plain: 'R.scf.ScfResult', diis: 'R.scf.ScfResult' },
  'src/geometry/validation.ts': { where: 'Parameters<typeof checkChargeAndMultiplicity>[3]' },
  'src/store/database.ts': { db: 'R.store.Database' },
  'src/store/db-admin.ts': { db: 'R.store.Database' },
  'src/store/db-identity.ts': { db: 'Parameters<typeof databaseIdentity>[0]', resolved: 'Parameters<typeof databaseIdentity>[1]' },
  'src/store/db-retry.ts': { commitCheckpoints: '(...args: unknown[]) => Promise<void>', ctx: 'unknown', jobId: 'string', attempt: 'number', objects: 'unknown[]' },
  'src/store/delete-job.ts': { ctx: 'Parameters<typeof deleteJob>[0]' },
  'src/store/eri-sample.ts': { packed: 'Parameters<typeof eriSampleProblem>[1]' },
  'src/store/store-errors.ts': { err: 'unknown' },
  'src/store/tables.ts': { row: 'Parameters<typeof readJobRow>[0]' },
};

/**
 * `basis` is the package's namespace in `basis.load(…)`, and a basis set (`BasisSet`) in
 * `overlap(basis)`: the namespace when the example reads one of the namespace's exports.
 */
function basisIsNamespace(code: string, namespaceExports: readonly string[]): boolean {
  return namespaceExports.some((name) => new RegExp(`(?<![\\w$.])basis\\.${name}(?![\\w$])`).test(code));
}

/** Node modules examples use without importing them. */
const NODE_MODULES: Record<string, string> = {
  fs: "import * as fs from 'node:fs';",
  path: "import * as path from 'node:path';",
};

const NAMESPACES = ['errors', 'constants', 'linalg', 'io', 'geometry', 'basis', 'integrals', 'scf', 'store', 'notebook', 'RoothaanError', 'Matrix'];

/** Names the block declares or imports at its top level. */
function declaredNames(code: string): Set<string> {
  const sf = ts.createSourceFile('block.ts', code, ts.ScriptTarget.ES2022, true);
  const names = new Set<string>();
  const bind = (name: TS.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const el of name.elements) if (!ts.isOmittedExpression(el)) bind(el.name);
  };
  for (const stmt of sf.statements) {
    if (ts.isVariableStatement(stmt)) stmt.declarationList.declarations.forEach((d) => bind(d.name));
    else if ((ts.isFunctionDeclaration(stmt) || ts.isClassDeclaration(stmt) || ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) && stmt.name) names.add(stmt.name.text);
    else if (ts.isImportDeclaration(stmt) && stmt.importClause) {
      const c = stmt.importClause;
      if (c.name) names.add(c.name.text);
      if (c.namedBindings) {
        if (ts.isNamespaceImport(c.namedBindings)) names.add(c.namedBindings.name.text);
        else c.namedBindings.elements.forEach((e) => names.add(e.name.text));
      }
    }
  }
  return names;
}

/** tslab's isTopLevelAwaitDiagnostic (converter.js): TS1308 for an await outside any function. */
function isTopLevelAwait(sf: TS.SourceFile, d: TS.Diagnostic): boolean {
  if (d.code !== 1308 || d.start === undefined) return false;
  let found: TS.Node | undefined;
  const visit = (node: TS.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(node) && node.getStart(sf) === d.start) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(sf);
  if (found === undefined) return false;
  for (let parent = found.parent; parent && parent !== sf; parent = parent.parent) {
    if (ts.isArrowFunction(parent) || ts.isFunctionExpression(parent) || ts.isFunctionDeclaration(parent) || ts.isClassDeclaration(parent) || ts.isModuleDeclaration(parent)) return false;
  }
  return true;
}

/** Whether the code uses a name as a variable (not as a property: `x.name`; a spread `...name` counts). */
const uses = (code: string, name: string): boolean => new RegExp(`(?<![\\w$])(?<![^.]\\.)${name.replace('$', '\\$')}(?![\\w$])`).test(code);

test('every README and TSDoc example type-checks under tslab’s compiler options', () => {
  const blocks = [...readmeBlocks(), ...docBlocks()];
  const baseOptions: TS.CompilerOptions = { ...tslabOptions, baseUrl: root, paths: { roothaan: [path.join(root, 'src', 'index.ts')] } };

  // The exports of each module, to bring into scope for that module's examples.
  const basisIndex = path.join(root, 'src', 'basis', 'index.ts');
  const indexes = [...new Set([basisIndex, ...blocks.flatMap((b) => [b.moduleIndex, b.sourceFile]).filter((m): m is string => m !== undefined)])];
  const first = ts.createProgram(indexes, baseOptions);
  const checker = first.getTypeChecker();
  const exportsOf = new Map<string, string[]>();
  for (const index of indexes) {
    const symbol = checker.getSymbolAtLocation(first.getSourceFile(index)!);
    exportsOf.set(index, symbol ? checker.getExportsOfModule(symbol).map((s) => s.name).filter((n) => n !== 'default') : []);
  }

  const basisExports = exportsOf.get(basisIndex)!;
  const virtual = new Map<string, { text: string; block: Block; preludeLines: number }>();
  blocks.forEach((block, n) => {
    const declared = declaredNames(block.code);
    const taken = new Set(declared);
    const prelude: string[] = ["import * as R from 'roothaan';"];
    const importFrom = (file: string | undefined): void => {
      if (file === undefined) return;
      const names = exportsOf.get(file)!.filter((name) => !taken.has(name) && uses(block.code, name));
      if (names.length === 0) return;
      names.forEach((name) => taken.add(name));
      const spec = './' + path.relative(root, file).split(path.sep).join('/').replace(/\.ts$/, '');
      prelude.push(`import { ${names.join(', ')} } from '${spec}';`);
    };
    importFrom(block.moduleIndex);
    importFrom(block.sourceFile);
    if (uses(block.code, 'basis') && !taken.has('basis') && !basisIsNamespace(block.code, basisExports)) {
      prelude.push('declare const basis: R.basis.BasisSet;');
      taken.add('basis');
    }
    const fromPackage = NAMESPACES.filter((name) => !taken.has(name) && uses(block.code, name));
    if (fromPackage.length) prelude.push(`import { ${fromPackage.join(', ')} } from 'roothaan';`);
    fromPackage.forEach((name) => taken.add(name));
    for (const [name, declaration] of Object.entries(NODE_MODULES)) {
      if (!taken.has(name) && uses(block.code, name)) {
        prelude.push(declaration);
        taken.add(name);
      }
    }
    for (const [name, type] of Object.entries({ ...FREE_NAMES, ...(FILE_FREE_NAMES[block.file] ?? {}) })) {
      if (!taken.has(name) && uses(block.code, name)) prelude.push(`declare const ${name}: ${type};`);
    }
    // As tslab does, export every top-level name of the cell (so declarations must be nameable).
    const suffix = `\nexport { ${[...declared].join(', ')} };\n`;
    const file = path.join(root, `__tslab_example_${n}__.ts`);
    virtual.set(file, { text: prelude.join('\n') + '\n' + block.code + suffix, block, preludeLines: prelude.length });
  });

  const host = ts.createCompilerHost(baseOptions);
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
    const v = virtual.get(path.resolve(fileName));
    return v ? ts.createSourceFile(fileName, v.text, languageVersion, true) : getSourceFile(fileName, languageVersion, onError, shouldCreate);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (fileName) => virtual.has(path.resolve(fileName)) || fileExists(fileName);
  const readFile = host.readFile.bind(host);
  host.readFile = (fileName) => virtual.get(path.resolve(fileName))?.text ?? readFile(fileName);
  const program = ts.createProgram([...virtual.keys()], baseOptions, host, first);

  const failures: string[] = [];
  for (const [file, { block, preludeLines }] of virtual) {
    const sf = program.getSourceFile(file)!;
    const diagnostics = [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf), ...program.getDeclarationDiagnostics(sf)];
    for (const d of diagnostics) {
      if (isTopLevelAwait(sf, d)) continue; // tslab runs a cell with top-level await in an async wrapper
      const { line } = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : { line: preludeLines };
      const where = line < preludeLines ? `${block.file}:${block.line} (prelude)` : `${block.file}:${block.line + line - preludeLines}`;
      failures.push(`${where}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
    }
  }
  console.log(`  checked ${blocks.length} examples (${readmeBlocks().length} from README.md, the rest from TSDoc in src/)`);
  assert.ok(blocks.length > 30, `only ${blocks.length} examples found`);
  assert.is(failures.length, 0, `\n${failures.join('\n')}\n`);
});

test.run();
