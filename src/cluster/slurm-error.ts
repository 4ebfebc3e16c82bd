import { RoothaanError } from '../errors';

/** A Slurm command (`sbatch`, `squeue`, `sacct`) is missing or failed; the message quotes its own. */
export class SlurmError extends RoothaanError {
  constructor(message: string) {
    super('SLURM_ERROR', message);
    this.name = 'SlurmError';
  }
}
