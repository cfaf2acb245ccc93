// The `rowgate` command line: picks the command from argv and runs it.
import { serve } from './cli/serve.ts';

const USAGE = `usage: rowgate <command> [options]

commands:
  serve [--port N] [--config postgrest.conf]   serve the console, management API and Data APIs
  help                                          show this text
`;

export const main = async (argv: readonly string[]): Promise<void> => {
  const [command = 'serve', ...rest] = argv;
  switch (command) {
    case 'serve':
      await serve(rest);
      return;
    case 'help':
    case '--help':
    case '-h':
      process.stdout.write(USAGE);
      return;
    default:
      process.stderr.write(`rowgate: unknown command '${command}'\n\n${USAGE}`);
      process.exitCode = 2;
  }
};
