import type { CommandModule, Argv } from 'yargs';
import * as basis from '../../basis';
import * as geometry from '../../geometry';
import { InvalidInputError } from '../../errors';
import type { CliContext } from '../context';

interface ShowArgs {
  name: string;
  element?: string;
  json?: boolean;
}

/** `roothaan basis list` and `roothaan basis show NAME [--element X]`. */
export function basisCommand(context: CliContext): CommandModule {
  return {
    command: 'basis',
    describe: 'List the bundled basis sets, or show one',
    builder: (y: Argv) =>
      y
        .command({
          command: 'list',
          describe: 'List the bundled basis sets',
          builder: (yy: Argv) => yy.option('json', { type: 'boolean', describe: 'print one JSON array' }),
          handler: (args: { json?: boolean }) => {
            const sets = basis.listBasisSets();
            if (args.json) {
              context.stdout(JSON.stringify(sets) + '\n');
              return;
            }
            const width = Math.max(...sets.map((s) => s.name.length));
            for (const s of sets) context.stdout(`${s.name.padEnd(width)}  ${s.description}\n`);
          },
        })
        .command({
          command: 'show <name>',
          describe: 'Show a basis set: its elements, or the shells of one element in Gaussian94 format',
          builder: (yy: Argv) =>
            yy
              .positional('name', { type: 'string', demandOption: true, describe: 'basis set name, e.g. cc-pVDZ or 6-31G*' })
              .option('element', { type: 'string', describe: 'element symbol, e.g. O' })
              .option('json', { type: 'boolean', describe: 'print one JSON object' }),
          handler: (args: ShowArgs) => {
            if (args.element === undefined) {
              const info = basis.basisInfo(args.name);
              if (args.json) context.stdout(JSON.stringify(info) + '\n');
              else context.stdout(`${info.name}: ${info.description}\nelements: ${info.elements.join(' ')}\n`);
              return;
            }
            const element = geometry.elementBySymbol(args.element);
            if (!element) throw new InvalidInputError(`unknown element '${args.element}'`, { field: '--element' });
            const shells = basis.basisForElement(args.name, element.symbol);
            if (args.json) context.stdout(JSON.stringify({ basis: basis.resolveBasisName(args.name), element: element.symbol, shells }) + '\n');
            else context.stdout(basis.formatGaussian94(element.symbol, shells));
          },
        })
        .demandCommand(1, 'say `roothaan basis list` or `roothaan basis show NAME`'),
    handler: () => undefined,
  };
}
