// The `rowgate` command line: picks the command from argv and runs it.
import { serve } from './cli/serve.ts';

const USAGE = `usage: rowgate <command> [options]

commands:
  serve [--port N]                 serve the Data API of branch main, database neondb, at
                                   /main/neondb/rest/v1 (embedded Postgres unless DATABASE_URL)
  serve [--port N] FILE            PostgREST mode: serve one database at / as PostgREST would,
  serve --config FILE              with the settings of a postgrest.conf (or PGRST_* variables)
  help                             show this text

environment: PORT, DATABASE_URL, ROWGATE_DATA_DIR, ROWGATE_PUBLIC_URL, LOG_LEVEL, PGRST_*
`;

export const main = async (argv: readonly string[]): Promise<void> => {
  const [command = 'serve', ...rest] = argv;
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(USAGE);
    return;
  }
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
