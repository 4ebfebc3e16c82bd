/**
 * Density intake and J/K output shared by the stored and direct builders.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';
import type { Matrix } from '../linalg';
import type { EriTaskRunner } from './eri-worker-pool';
import { allocateBuffer } from './eri-worker-pool';
import type { JKResult } from './jk';
import { reducePartials } from './jk-kernels';

/** Reusable density and partial-result buffers of one builder (shared when it has workers). */
export class JKBuffers {
  private dens: SharedArrayBuffer | ArrayBuffer | undefined;
  private partials: SharedArrayBuffer | ArrayBuffer | undefined;

  constructor(
    private readonly nbf: number,
    private readonly runner: EriTaskRunner,
  ) {}

  /** Checks the densities and copies them into the (shared) density buffer. */
  loadDensities(densities: readonly Matrix[]): { dens: SharedArrayBuffer | ArrayBuffer; partials: SharedArrayBuffer | ArrayBuffer } {
    const nbf = this.nbf;
    const n2 = nbf * nbf;
    const nd = densities.length;
    densities.forEach((D, d) => {
      if (D.rows !== nbf || D.cols !== nbf || D.data.length !== n2) {
        throw new InvalidInputError(`density ${d} is ${D.rows}×${D.cols}; this JK builder expects ${nbf}×${nbf} (nbf = ${nbf})`);
      }
    });
    const densBytes = 8 * Math.max(1, nd) * n2;
    if (!this.dens || this.dens.byteLength < densBytes) this.dens = allocateBuffer(densBytes, this.runner.shared);
    const partialBytes = 8 * this.runner.threads * 2 * Math.max(1, nd) * n2;
    if (!this.partials || this.partials.byteLength !== partialBytes) this.partials = allocateBuffer(partialBytes, this.runner.shared);
    const view = new Float64Array(this.dens);
    densities.forEach((D, d) => view.set(D.data, d * n2));
    return { dens: this.dens, partials: this.partials };
  }

  /** Sums the per-thread partials into J and K matrices. */
  result(ndens: number, doJ: boolean, doK: boolean): JKResult {
    const nbf = this.nbf;
    const n2 = nbf * nbf;
    const J: Matrix[] = [];
    const K: Matrix[] = [];
    const outJ: Float64Array[] = [];
    const outK: Float64Array[] = [];
    for (let d = 0; d < ndens; d++) {
      if (doJ) {
        const m = { rows: nbf, cols: nbf, data: new Float64Array(n2) };
        J.push(m);
        outJ.push(m.data);
      }
      if (doK) {
        const m = { rows: nbf, cols: nbf, data: new Float64Array(n2) };
        K.push(m);
        outK.push(m.data);
      }
    }
    // reducePartials skips missing outputs through `undefined` entries
    const jArr: Float64Array[] = doJ ? outJ : [];
    const kArr: Float64Array[] = doK ? outK : [];
    reducePartials(new Float64Array(this.partials!), this.runner.threads, ndens, nbf, jArr, kArr);
    return { J, K };
  }
}
