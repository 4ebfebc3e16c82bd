import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { GENERATED_VRR_FILE, generateEriVrrSource } from '../../scripts/generate-eri-vrr';

test('the generated VRR file is what scripts/generate-eri-vrr.ts produces now (regenerate after editing the generator)', () => {
  assert.ok(readFileSync(GENERATED_VRR_FILE, 'utf8') === generateEriVrrSource(), 'src/integrals/generated/eri-vrr.ts is stale: run npx tsx scripts/generate-eri-vrr.ts');
});

test.run();
