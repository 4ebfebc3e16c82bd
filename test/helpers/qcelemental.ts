/**
 * MolSSI's own QCSchema models, as the tests' judge: Debian's python3-qcelemental (0.25.1) parses
 * what roothaan wrote with `qcelemental.models.<Model>.parse_raw` and validates it against the
 * JSON schema the model exports (`<Model>.schema_json()`, with python3-jsonschema). Under
 * CI=true a missing package fails the tests (.ci/run installs python3-qcelemental); elsewhere the
 * tests that need it are skipped with a warning.
 */
import { spawnSync } from 'node:child_process';

export const PYTHON = '/usr/bin/python3';

export const hasQcelemental = spawnSync(PYTHON, ['-c', 'import qcelemental, jsonschema'], { stdio: 'ignore' }).status === 0;
if (!hasQcelemental && process.env['CI'] === 'true') throw new Error(`${PYTHON} lacks qcelemental or jsonschema; .ci/run installs python3-qcelemental`);
if (!hasQcelemental) console.warn(`skipping the qcelemental checks: ${PYTHON} with qcelemental and jsonschema is not available (apt install python3-qcelemental)`);

/** The qcelemental models the tests use. */
export type QcelementalModel = 'AtomicInput' | 'AtomicResult' | 'FailedOperation';

/** What qcelemental made of a document (numpy arrays as lists, with their shapes). */
export interface QcelementalVerdict {
  /** `model.dict()` after parsing, as JSON (arrays as lists). */
  parsed: Record<string, unknown>;
  /** Shapes of the wavefunction's arrays after qcelemental's reshaping. */
  shapes: Record<string, number[]>;
}

const SCRIPT = String.raw`
import json, sys
import numpy as np
import jsonschema
from qcelemental import models
request = json.load(sys.stdin)
cls = getattr(models, request["model"])
text = request["text"]
# 1. MolSSI's JSON schema, as the model exports it.
jsonschema.validate(json.loads(text), json.loads(cls.schema_json()))
# 2. The model itself (its validators: shapes, protocols, nbf, charge and multiplicity).
obj = cls.parse_raw(text)
shapes = {}
wfn = getattr(obj, "wavefunction", None)
if wfn is not None:
    for k, v in wfn.dict().items():
        if isinstance(v, np.ndarray):
            shapes[k] = list(v.shape)
def plain(x):
    if isinstance(x, np.ndarray):
        return x.tolist()
    if isinstance(x, dict):
        return {k: plain(v) for k, v in x.items()}
    if isinstance(x, (list, tuple)):
        return [plain(v) for v in x]
    if hasattr(x, "value") and x.__class__.__module__.startswith("qcelemental"):
        return x.value
    return x
print(json.dumps({"parsed": plain(obj.dict()), "shapes": shapes}, default=str))
`;

/**
 * Validates a document with qcelemental: throws with qcelemental's message when the JSON schema
 * or the model refuses it.
 */
export function qcelementalParse(model: QcelementalModel, text: string): QcelementalVerdict {
  const run = spawnSync(PYTHON, ['-c', SCRIPT], { input: JSON.stringify({ model, text }), encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`qcelemental refused the ${model}:\n${run.stderr}`);
  return JSON.parse(run.stdout) as QcelementalVerdict;
}

/** Runs a Python snippet with qcelemental imported (`from qcelemental import models`) and returns its stdout. */
export function qcelementalScript(code: string): string {
  const run = spawnSync(PYTHON, ['-c', `from qcelemental import models\nimport json\n${code}`], { encoding: 'utf8', timeout: 60_000 });
  if (run.status !== 0) throw new Error(`python failed:\n${run.stderr}`);
  return run.stdout;
}
