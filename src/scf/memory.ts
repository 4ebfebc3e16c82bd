/**
 * Whether an SCF can fit in the memory the caller measured. The core reads no environment: the
 * CLI and the store pass `os.freemem()` and `os.totalmem()` in.
 *
 * @packageDocumentation
 */
import { InvalidInputError } from '../errors';

/**
 * How many nbf × nbf matrices of doubles an RHF SCF holds at least, whatever its J/K method:
 * S, H, the orthogonaliser X, F, D, C, the previous D and the DIIS error FDS − SDF (8), plus
 * the DIIS subspace's Fock and error matrices (2 × 10, Psi4's DIIS_MAX_VECS): 28. UHF holds
 * about twice as many and stored ERIs far more, so this is a lower bound: a basis that fails it
 * cannot run, one that passes may still not.
 *
 * @example
 * ```ts
 * SCF_WORKING_MATRICES; // 28
 * ```
 */
export const SCF_WORKING_MATRICES = 28;

/**
 * The least memory an SCF over `nbf` basis functions needs, in bytes: {@link SCF_WORKING_MATRICES}
 * matrices of nbf² doubles (8 bytes each).
 *
 * @example
 * ```ts
 * minimumScfBytes(1000); // 224000000 (224 MB)
 * ```
 */
export function minimumScfBytes(nbf: number): number {
  return SCF_WORKING_MATRICES * 8 * nbf * nbf;
}

/** The memory the caller measured, in bytes. */
export interface MemoryBudget {
  /** Free (available) memory, e.g. `os.freemem()`. */
  freeMemoryBytes: number;
  /** All memory of the machine, e.g. `os.totalmem()`, named in the message. */
  totalMemoryBytes?: number;
}

/**
 * Refuses a basis whose SCF cannot fit in the free memory: an InvalidInputError naming nbf, the
 * memory needed ({@link minimumScfBytes}) and the memory free, before any integral is computed.
 *
 * @example
 * ```ts
 * checkScfMemory(24, { freeMemoryBytes: 8e9 }); // fine
 * checkScfMemory(60000, { freeMemoryBytes: 8e9 }); // throws InvalidInputError: basis_set: 60000 basis functions need at least 806 GB …
 * ```
 */
export function checkScfMemory(nbf: number, budget: MemoryBudget, field = 'basis_set'): void {
  const needed = minimumScfBytes(nbf);
  if (!(Number.isFinite(budget.freeMemoryBytes) && budget.freeMemoryBytes > 0) || needed <= budget.freeMemoryBytes) return;
  const total = budget.totalMemoryBytes !== undefined ? ` of ${gigabytes(budget.totalMemoryBytes)}` : '';
  throw new InvalidInputError(
    `${nbf} basis functions need at least ${gigabytes(needed)} of memory for the SCF (${SCF_WORKING_MATRICES} matrices of ${nbf} × ${nbf} doubles), but ${gigabytes(budget.freeMemoryBytes)}${total} is free; use a smaller basis or molecule`,
    { field },
  );
}

function gigabytes(bytes: number): string {
  return `${Number((bytes / 1e9).toPrecision(3))} GB`;
}
