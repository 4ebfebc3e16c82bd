import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import { parse, type Molecule } from '../../geometry';
import { jobReportPage } from '../../notebook';
import { keys, NotFoundError, type Store } from '../../store';
import { checkpointCharges } from '../../store/checkpoint-charges';
import type { CliContext } from '../context';
import { withStore } from './jobs';

interface ReportArgs {
  id: string;
  output?: string;
}

/** The job's molecule from its stored `geometry.xyz` (Å), or undefined when the object is missing. */
async function storedGeometry(s: Store, jobId: string): Promise<{ xyz: string; molecule: Molecule } | undefined> {
  let xyz: string;
  try {
    xyz = (await s.objects.get(keys.geometryXyzKey(jobId))).toString('utf8');
  } catch (error) {
    if (error instanceof NotFoundError) return undefined;
    throw error;
  }
  return { xyz, molecule: parse(xyz, { format: 'xyz', filename: keys.geometryXyzKey(jobId) }) };
}

/** The report's file when `-o` is not given: `report-<job-id>.html` in the current directory. */
export function defaultReportFile(jobId: string): string {
  return `report-${jobId}.html`;
}

/**
 * `roothaan report JOB_ID [-o report.html]`: writes a self-contained HTML page (plotly.js
 * inlined, opens offline) with a banner and the resume command for a failed or stopped job, the
 * job's metadata, geometry and atomic charges, convergence plots across its attempts, its
 * orbital energies and its timings. Any user's job may be reported. Exit code 0, or 1 for an
 * unknown job or a file that cannot be written.
 */
export function reportCommand(context: CliContext): CommandModule<object, ReportArgs> {
  return {
    command: 'report <id>',
    describe: 'Write a self-contained HTML report of a stored job (plots work offline)',
    builder: (y) =>
      y
        .positional('id', { type: 'string', demandOption: true, describe: 'job id (UUID, or a unique prefix of at least 4 hex digits)' })
        .option('output', { alias: 'o', type: 'string', describe: 'the HTML file to write (default: report-<job-id>.html in the current directory)' })
        .example('roothaan report 0b7c9e1f -o report.html', 'write the report of a job (a unique prefix of its id will do) to report.html'),
    handler: async (args) => {
      const page = await withStore(context, async (s) => {
        const details = await s.jobs.show(await s.jobs.resolveId(args.id));
        const events = await s.jobs.events(details.job.id);
        const geometry = await storedGeometry(s, details.job.id);
        // A job whose SCF never finished has no analysis event: its charges come from the last density checkpoint.
        const charges = geometry !== undefined && !events.some((e) => e.kind === 'analysis') ? await checkpointCharges(s, details.job, geometry.xyz) : undefined;
        const data = { job: details.job, events, groups: details.groups, ...(geometry !== undefined ? { geometry: geometry.molecule } : {}), ...(charges !== undefined ? { charges } : {}) };
        return { id: details.job.id, html: jobReportPage(data) };
      });
      const file = path.resolve(args.output ?? defaultReportFile(page.id));
      try {
        fs.writeFileSync(file, page.html);
      } catch (error) {
        throw new InvalidInputError(`cannot write the report: ${(error as Error).message}`);
      }
      context.stdout(`wrote ${file} (${(Buffer.byteLength(page.html) / 1e6).toFixed(1)} MB, opens offline)\n`);
    },
  };
}
