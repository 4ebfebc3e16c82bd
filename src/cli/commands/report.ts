import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CommandModule } from 'yargs';
import { InvalidInputError } from '../../errors';
import { jobReportPage } from '../../notebook';
import type { CliContext } from '../context';
import { withStore } from './jobs';

interface ReportArgs {
  id: string;
  output?: string;
}

/** The report's file when `-o` is not given: `report-<job-id>.html` in the current directory. */
export function defaultReportFile(jobId: string): string {
  return `report-${jobId}.html`;
}

/**
 * `roothaan report JOB_ID [-o report.html]`: writes a self-contained HTML page (plotly.js
 * inlined, opens offline) with the job's metadata, convergence plots across its attempts, its
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
        return { id: details.job.id, html: jobReportPage({ job: details.job, events, groups: details.groups }) };
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
