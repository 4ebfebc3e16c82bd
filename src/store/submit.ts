/** Submitting jobs without running them; workers (`worker.ts`) then claim and run them. @packageDocumentation */
import { randomUUID } from 'node:crypto';
import { InvalidInputError } from '../errors';
import { checkJobNames, submissionOf, validateJobInput, type JobInput, type ValidatedJobInput } from './job-input';
import { checkGroupReference } from './names';
import { checkGroupOwner, groupsApi } from './groups';
import { submit as recordSubmission } from './lifecycle';
import { storeContext, type Store } from './store';
import type { JobGroupRow, JobRow } from './tables';

/**
 * Validates a job and records it as `submitted` (attempt 0) with its geometry objects, without
 * running it. Invalid input throws (InvalidInputError, BasisNotFoundError) and stores nothing.
 *
 * @example
 * ```ts
 * const job = await store.submit(s, { geometryText: xyz, filename: 'water.xyz', parameters: { basis_set: 'STO-3G' }, group: 'scan' });
 * job.status; // 'submitted'
 * ```
 */
export async function submit(store: Store, input: JobInput): Promise<JobRow> {
  const [job] = await recordAll(store, [input], input.group);
  return job!;
}

/** What {@link submitGroup} recorded. */
export interface SubmittedGroup {
  group: JobGroupRow;
  /** The jobs, in the order of the inputs, all `submitted`. */
  jobs: JobRow[];
}

/**
 * Validates every input, then records them all as `submitted` jobs of one group of the current
 * user's (created when new). One bad input (its message prefixed `job 3 of 8 (water.xyz): …`),
 * or a group of another user's (StorePermissionError), throws before anything is recorded.
 *
 * @example
 * ```ts
 * const { group, jobs } = await store.submitGroup(s, 'h2 scan', inputs);
 * jobs.length; // inputs.length, each 'submitted'
 * ```
 */
export async function submitGroup(store: Store, group: string, inputs: readonly JobInput[]): Promise<SubmittedGroup> {
  if (inputs.length === 0) throw new InvalidInputError(`no jobs to submit to the group '${group}'`, { field: 'inputs' });
  const jobs = await recordAll(store, inputs, group);
  return { group: await groupsApi(storeContext(store)).get(group), jobs };
}

/** Validates all, checks the group, then records each job (in input order). */
async function recordAll(store: Store, inputs: readonly JobInput[], group: string | undefined): Promise<JobRow[]> {
  const ctx = storeContext(store);
  const validated: ValidatedJobInput[] = inputs.map((input, i) => {
    try {
      checkJobNames(input);
      return validateJobInput(input);
    } catch (err) {
      if (inputs.length > 1 && err instanceof Error) err.message = `job ${i + 1} of ${inputs.length}${input.name !== undefined ? ` (${input.name})` : input.filename !== undefined ? ` (${input.filename})` : ''}: ${err.message}`;
      throw err;
    }
  });
  if (group !== undefined) checkGroupReference(group);
  if (group !== undefined) checkGroupOwner(ctx, await groupsApi(ctx).ensure(group), 'add jobs to');
  const out: JobRow[] = [];
  for (const [i, input] of inputs.entries()) {
    const withGroup = group !== undefined ? { ...input, group } : input;
    out.push(await recordSubmission(ctx, submissionOf(randomUUID(), withGroup, validated[i]!)));
  }
  return out;
}
